import type { ContainerRecord, DockerdState, ImageRecord } from '../dockerd/model';
import type { ContainerdState } from '../containerd/containerdMachine';

/** A container's place on one network: its address there, and the Linux bridge its veth pair plugs into. */
export interface NetworkAttachment {
  network: string;
  ip: string;
  /** `docker0` for the default bridge network, `br-<12 hex>` for a user-defined one. */
  bridge: string;
}

/** One image as the diagram and `docker images` see it. */
export interface ImageView {
  id: string;
  tags: string[];
  size: number;
}

/** One container as the diagram and `docker ps -a` see it. */
export interface ContainerView {
  id: string;
  name: string;
  image: string;
  state: string;
  exitCode: number;
  ports: string[];
  hasShim: boolean;
  /** The networks it is plugged into (only those with an address: a running container's bridges). */
  networks?: NetworkAttachment[];
}

/** What the UI draws: the host's objects at one moment. */
export interface HostView {
  /** Simulated ms: the engine's clock (`engine.view()`), or the message's time (`hostAt`). */
  time: number;
  images: ImageView[];
  containers: ContainerView[];
  /** Container IDs whose `containerd-shim-runc-v2` is alive. */
  shims: string[];
  /** Blobs in containerd's content store. */
  content: number;
  /** Snapshots (layers and container filesystems) in the overlayfs snapshotter. */
  snapshots: number;
  /** The machine's daemons that are not running (`dockerd`, `containerd`): stopped through systemd (daemon). */
  stopped?: string[];
}

/** One change to the host's objects, made while message `seq` was the newest in the trace. */
export type HostChange =
  | { seq: number; kind: 'container'; id: string; row: ContainerView | null }
  | { seq: number; kind: 'images'; rows: ImageView[] }
  | { seq: number; kind: 'shim'; id: string; alive: boolean }
  | { seq: number; kind: 'counts'; content: number; snapshots: number }
  | { seq: number; kind: 'daemon'; id: string; up: boolean };

/** A host with nothing on it yet, as a view: before its first change, or before the engine has answered. */
export const EMPTY_VIEW: HostView = Object.freeze({
  time: 0,
  images: [],
  containers: [],
  shims: [],
  content: 0,
  snapshots: 0,
});

export function imageView(i: ImageRecord): ImageView {
  return { id: i.id, tags: i.repoTags, size: i.size };
}

/** The ports of a container that publishes none: one array for all (a view copies it on the way out). */
const NO_PORTS: string[] = Object.freeze([]) as unknown as string[];

export function containerView(c: ContainerRecord, hasShim: boolean): ContainerView {
  return {
    id: c.id,
    name: c.name,
    image: c.config.Image,
    state: c.state,
    exitCode: c.exitCode,
    ports:
      c.published.length === 0
        ? NO_PORTS
        : c.published
            .filter((p) => p.hostIp !== '::')
            .map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.proto}`),
    hasShim,
    networks: Object.entries(c.endpoints ?? {})
      .filter(([, ep]) => ep.ip)
      .map(([name, ep]) => ({
        network: name,
        ip: ep.ip,
        bridge: ep.bridge,
      })),
  };
}

/** The objects at one moment, in the order the engine keeps them (insertion order). */
interface Frame {
  containers: Map<string, ContainerView>;
  images: ImageView[];
  shims: Set<string>;
  content: number;
  snapshots: number;
  stopped: Set<string>;
}

const emptyFrame = (): Frame => ({
  containers: new Map(),
  images: [],
  shims: new Set(),
  content: 0,
  snapshots: 0,
  stopped: new Set(),
});

const copyFrame = (f: Frame): Frame => ({
  containers: new Map(f.containers),
  images: f.images,
  shims: new Set(f.shims),
  content: f.content,
  snapshots: f.snapshots,
  stopped: new Set(f.stopped),
});

/*
 * The change log is two columns, not an object per change: a long session makes hundreds of
 * thousands of changes. `heads[i]` is the change's seq and kind in one small integer
 * (seq * 8 + kind); `bodies[i]` what it carries: a container's row (or its id once it is
 * gone), the image rows, a shim's container id, or [content, snapshots].
 */
const CONTAINER = 0;
const CONTAINER_GONE = 1;
const IMAGES = 2;
const SHIM_UP = 3;
const SHIM_DOWN = 4;
const COUNTS = 5;
const DAEMON_UP = 6;
const DAEMON_DOWN = 7;

function headOf(change: HostChange): number {
  switch (change.kind) {
    case 'container':
      return change.seq * 8 + (change.row ? CONTAINER : CONTAINER_GONE);
    case 'images':
      return change.seq * 8 + IMAGES;
    case 'shim':
      return change.seq * 8 + (change.alive ? SHIM_UP : SHIM_DOWN);
    case 'counts':
      return change.seq * 8 + COUNTS;
    case 'daemon':
      return change.seq * 8 + (change.up ? DAEMON_UP : DAEMON_DOWN);
  }
}

function bodyOf(change: HostChange): unknown {
  switch (change.kind) {
    case 'container':
      return change.row ?? change.id;
    case 'images':
      return change.rows;
    case 'shim':
      return change.id;
    case 'counts':
      return [change.content, change.snapshots];
    case 'daemon':
      return change.id;
  }
}

/** The change a log entry stands for, as an object. */
function changeOf(head: number, body: unknown): HostChange {
  const seq = Math.floor(head / 8);
  switch (head % 8) {
    case CONTAINER:
      return { seq, kind: 'container', id: (body as ContainerView).id, row: body as ContainerView };
    case CONTAINER_GONE:
      return { seq, kind: 'container', id: body as string, row: null };
    case IMAGES:
      return { seq, kind: 'images', rows: body as ImageView[] };
    case SHIM_UP:
    case SHIM_DOWN:
      return { seq, kind: 'shim', id: body as string, alive: head % 8 === SHIM_UP };
    case DAEMON_UP:
    case DAEMON_DOWN:
      return { seq, kind: 'daemon', id: body as string, up: head % 8 === DAEMON_UP };
    default: {
      const [content, snapshots] = body as [number, number];
      return { seq, kind: 'counts', content, snapshots };
    }
  }
}

/** Apply log entry (head, body) to `frame`. */
function applyEntry(frame: Frame, head: number, body: unknown): void {
  switch (head % 8) {
    case CONTAINER:
      frame.containers.set((body as ContainerView).id, body as ContainerView);
      return;
    case CONTAINER_GONE:
      frame.containers.delete(body as string);
      return;
    case IMAGES:
      frame.images = body as ImageView[];
      return;
    case SHIM_UP:
      frame.shims.add(body as string);
      return;
    case SHIM_DOWN:
      frame.shims.delete(body as string);
      return;
    case DAEMON_UP:
      frame.stopped.delete(body as string);
      return;
    case DAEMON_DOWN:
      frame.stopped.add(body as string);
      return;
    default:
      frame.content = (body as [number, number])[0];
      frame.snapshots = (body as [number, number])[1];
  }
}

function apply(frame: Frame, change: HostChange): void {
  switch (change.kind) {
    case 'container':
      if (change.row) frame.containers.set(change.id, change.row);
      else frame.containers.delete(change.id);
      return;
    case 'images':
      frame.images = change.rows;
      return;
    case 'shim':
      if (change.alive) frame.shims.add(change.id);
      else frame.shims.delete(change.id);
      return;
    case 'counts':
      frame.content = change.content;
      frame.snapshots = change.snapshots;
      return;
    case 'daemon':
      if (change.up) frame.stopped.delete(change.id);
      else frame.stopped.add(change.id);
      return;
  }
}

/** A full copy of the objects every this many changes: a rewind replays at most this many. */
const CHECKPOINT_EVERY = 256;

/**
 * The host's objects at every point of the trace, for rewind.
 *
 * The engine's own state only knows "now" (its collections are written in
 * place), so the host records each change to what the UI shows as it
 * happens, stamped with the trace length at that moment. `at(seq)` rebuilds
 * the objects as they were once message `seq` had been delivered: from the
 * nearest checkpoint, replaying at most `CHECKPOINT_EVERY` changes. Nothing
 * here re-runs the simulation, so rewinding a session of a thousand commands
 * costs the same as rewinding one.
 */
export class HostHistory {
  /** The changes held (change number `base + i` is entry i), as two columns: see `headOf`. */
  private readonly heads: number[] = [];
  private readonly bodies: unknown[] = [];
  /** Changes dropped from the front (`dropBefore`), a whole number of checkpoint spans. */
  private base = 0;
  /** `checkpoints[k]`: the frame after changes [0, base + k*CHECKPOINT_EVERY) were applied. */
  private readonly checkpoints: Frame[] = [emptyFrame()];
  /** The frame after every change so far. */
  private readonly head: Frame = emptyFrame();

  constructor(
    private readonly traceLength: () => number,
    private readonly timeOf: (seq: number) => number,
  ) {}

  /**
   * A history kept beside a copy of the trace (the page's mirror of a worker's or a
   * daemon's engine), which reads the trace's length and times from that copy.
   */
  static over(trace: () => readonly { time: number }[]): HostHistory {
    return new HostHistory(
      () => trace().length,
      (seq) => trace()[seq - 1]?.time ?? 0,
    );
  }

  /** How many changes were ever made (dropped ones included): the next change's number. */
  get length(): number {
    return this.base + this.heads.length;
  }

  /** Number of the oldest change held (0 unless older ones were dropped). */
  get first(): number {
    return this.base;
  }

  /** The changes held, in order, from change number `first` (for tests and the inspector). */
  get log(): readonly HostChange[] {
    return this.since(this.base).list;
  }

  /** The changes from number `from` on (from the oldest held if `from` is older). */
  since(from: number): { from: number; list: HostChange[] } {
    const start = Math.max(this.base, Math.min(Math.floor(from) || 0, this.length));
    const list: HostChange[] = [];
    for (let i = start - this.base; i < this.heads.length; i++)
      list.push(changeOf(this.heads[i]!, this.bodies[i]));
    return { from: start, list };
  }

  /** The objects before change number `first`: what the changes held start from. */
  startView(): HostView {
    return toView(this.checkpoints[0]!, 0);
  }

  /**
   * Start over from `view` as the objects before change number `first` (a page joining a
   * daemon that has dropped its oldest history). Only on an empty history.
   */
  startFrom(first: number, view: HostView): void {
    if (this.length !== 0) throw new Error('startFrom on a history that has changes');
    const frame: Frame = {
      containers: new Map(view.containers.map((c) => [c.id, c])),
      images: view.images,
      shims: new Set(view.shims),
      content: view.content,
      snapshots: view.snapshots,
      stopped: new Set(view.stopped ?? []),
    };
    this.base = first;
    this.checkpoints[0] = frame;
    Object.assign(this.head, copyFrame(frame));
  }

  /**
   * Forget what only a rewind to before message `seq` needs: whole spans of changes
   * between checkpoints, all made before `seq`. `at(s)` stays exact for every s >= seq.
   */
  dropBefore(seq: number): void {
    let spans = 0;
    while (
      (spans + 1) * CHECKPOINT_EVERY <= this.heads.length &&
      Math.floor(this.heads[(spans + 1) * CHECKPOINT_EVERY - 1]! / 8) < seq &&
      spans + 1 < this.checkpoints.length
    )
      spans++;
    if (spans === 0) return;
    this.heads.splice(0, spans * CHECKPOINT_EVERY);
    this.bodies.splice(0, spans * CHECKPOINT_EVERY);
    this.checkpoints.splice(0, spans);
    this.base += spans * CHECKPOINT_EVERY;
  }

  // ---- recording (called by the Host as components change) ----

  dockerdChanged(
    event: { type: string },
    state: DockerdState,
    shims: ReadonlyMap<string, unknown>,
  ) {
    if (event.type.startsWith('image.') || event.type === 'storage.switched') {
      const rows = Object.values(state.images).map(imageView);
      if (!sameImages(rows, this.head.images)) this.record({ seq: 0, kind: 'images', rows });
      if (event.type !== 'storage.switched') return;
      // Another store: its containers replace the old one's in what the diagram draws.
      for (const id of [...this.head.containers.keys()])
        if (!state.containers[id]) this.recordContainer(id, null);
      for (const c of Object.values(state.containers))
        this.recordContainer(c.id, containerView(c, shims.has(c.id)));
      return;
    }
    const id =
      'id' in event && typeof event.id === 'string'
        ? event.id
        : event.type === 'container.created'
          ? (event as unknown as { container: ContainerRecord }).container.id
          : undefined;
    if (id === undefined) return;
    const c = state.containers[id];
    this.recordContainer(id, c ? containerView(c, shims.has(id)) : null);
  }

  /**
   * A container's row, unless the head shows it so already: most of a container's records
   * (its config, its pid, its log path) change nothing the diagram draws, and a row per
   * change was a fifth of the history a `docker run` kept.
   */
  private recordContainer(id: string, row: ContainerView | null): void {
    const held = this.head.containers.get(id);
    if (row === null ? held === undefined : held !== undefined && sameContainer(row, held)) return;
    this.record({ seq: 0, kind: 'container', id, row });
  }

  /** containerd changed: its counts of blobs and snapshots are read from its own state. */
  containerdChanged(state: ContainerdState) {
    const content = state.contentCount;
    const snapshots = state.snapshotCount;
    if (content !== this.head.content || snapshots !== this.head.snapshots)
      this.record({ seq: 0, kind: 'counts', content, snapshots });
  }

  shimChanged(containerId: string, alive: boolean, container: ContainerRecord | undefined) {
    this.record({ seq: 0, kind: 'shim', id: containerId, alive });
    if (container) this.recordContainer(containerId, containerView(container, alive));
  }

  /** ── daemon ── A daemon of the machine stopped or started (systemd's job for its unit). */
  daemonChanged(id: string, up: boolean) {
    this.record({ seq: 0, kind: 'daemon', id, up });
  }

  private record(change: HostChange): void {
    change.seq = this.traceLength();
    this.ingest(change);
  }

  /**
   * Append a change recorded elsewhere, keeping its seq: the page watching
   * `npm run daemon` rebuilds the server's history from the changes it is sent.
   * Changes must come in the order they were made.
   */
  ingest(change: HostChange): void {
    apply(this.head, change);
    this.heads.push(headOf(change));
    this.bodies.push(bodyOf(change));
    if (this.heads.length % CHECKPOINT_EVERY === 0) this.checkpoints.push(copyFrame(this.head));
  }

  // ---- reading ----

  /** The objects once message `seq` had been delivered (0: before any message). */
  at(seq: number): HostView {
    // Indexes into the changes held; before the oldest held, the oldest state known.
    const end = this.countUpTo(seq);
    const k = Math.floor(end / CHECKPOINT_EVERY);
    const frame = copyFrame(this.checkpoints[k]!);
    for (let i = k * CHECKPOINT_EVERY; i < end; i++)
      applyEntry(frame, this.heads[i]!, this.bodies[i]);
    return toView(frame, seq > 0 ? this.timeOf(seq) : 0);
  }

  /** The objects after every change so far. */
  now(time: number): HostView {
    return toView(this.head, time);
  }

  /** How many of the changes held were made at or before message `seq` (they are in seq order). */
  private countUpTo(seq: number): number {
    let lo = 0;
    let hi = this.heads.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Math.floor(this.heads[mid]! / 8) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * A machine that runs a second dockerd, as the diagram shows it: its first daemon's objects,
 * then every other daemon's containers, shims and images (a second daemon's image names
 * followed by its id, as `alpine:latest (dockerd-bootstrap)`). Both the engine and the page's
 * mirror of it (src/ui/worker) build the machine's picture with this.
 */
export function machineView(
  first: HostView,
  others: ReadonlyArray<{ id: string; view: HostView }>,
): HostView {
  if (others.length === 0) return first;
  return {
    ...first,
    containers: [...first.containers, ...others.flatMap((o) => o.view.containers)],
    shims: [...first.shims, ...others.flatMap((o) => o.view.shims)],
    images: [
      ...first.images,
      ...others.flatMap((o) =>
        o.view.images.map((i) => ({
          ...i,
          tags: (i.tags.length ? i.tags : [i.id.slice(7, 19)]).map((t) => `${t} (${o.id})`),
        })),
      ),
    ],
  };
}

function toView(frame: Frame, time: number): HostView {
  return {
    time,
    images: frame.images.map((i) => ({ ...i, tags: [...i.tags] })),
    containers: [...frame.containers.values()].map((c) => ({ ...c, ports: [...c.ports] })),
    shims: [...frame.shims],
    content: frame.content,
    snapshots: frame.snapshots,
    // Only when a daemon is down: a view with everything running is what it always was.
    ...(frame.stopped.size ? { stopped: [...frame.stopped] } : {}),
  };
}

function sameContainer(a: ContainerView, b: ContainerView): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.image === b.image &&
    a.state === b.state &&
    a.exitCode === b.exitCode &&
    a.hasShim === b.hasShim &&
    sameList(a.ports, b.ports, (x, y) => x === y) &&
    sameList(
      a.networks ?? [],
      b.networks ?? [],
      (x, y) => x.network === y.network && x.ip === y.ip && x.bridge === y.bridge,
    )
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]!));
}

function sameImages(a: readonly ImageView[], b: readonly ImageView[]): boolean {
  if (a.length !== b.length) return false;
  return a.every(
    (x, i) =>
      x.id === b[i]!.id &&
      x.size === b[i]!.size &&
      x.tags.length === b[i]!.tags.length &&
      x.tags.every((t, j) => t === b[i]!.tags[j]),
  );
}
