import type { HostView, Message } from '../../sim/engine';
import type { BridgeSnapshot, ViewStamp } from '../bridge';
import type { TraceIndex } from '../traceIndex';

export type ContainerState =
  'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead' | 'removing';

/** One container's row in the diagram: its shim and its process, each shown or not. */
export interface ContainerRow {
  /** First 12 hex of the container ID: `shim-<key>`, `container-<key>`. */
  key: string;
  name: string;
  image: string;
  state: ContainerState;
  exitCode: number;
  ports: string[];
  showShim: boolean;
  showContainer: boolean;
}

/** What the diagram shows when the animation has reached message `seq`. */
export interface World {
  rows: ContainerRow[];
  images: string[];
  /** Edges (pair keys) used by a message at or before `seq`. */
  pairs: string[];
}

type ContainerInfo = HostView['containers'][number];

const short = (id: string) => id.slice(0, 12);

/** The last view taken at or before `seq` (views are true once their seq is animated). */
function stampAt(stamps: readonly ViewStamp[], seq: number): ViewStamp | undefined {
  let found: ViewStamp | undefined;
  for (const s of stamps) {
    if (s.seq > seq) break;
    found = s;
  }
  return found;
}

/** The newest thing any view knows about a container (for one created and removed within a command). */
function latestInfo(stamps: readonly ViewStamp[], key: string): ContainerInfo | undefined {
  for (let i = stamps.length - 1; i >= 0; i--) {
    const c = stamps[i]!.view.containers.find((x) => short(x.id) === key);
    if (c) return c;
  }
  return undefined;
}

const requestField = (m: Message, field: string): unknown =>
  (m.request as Record<string, unknown> | undefined)?.[field];

/** What a message since the last view tells us about a container, if anything. */
function containerChange(
  m: Message,
  trace: readonly Message[],
): { key: string; state: ContainerState; image?: string } | null {
  if (m.kind === 'response' && m.status === 201 && /\/containers\/create\b/.test(m.operation)) {
    const id = (m.response as { Id?: string } | undefined)?.Id;
    const req = m.replyTo ? trace[m.replyTo - 1] : undefined;
    const body = req ? (requestField(req, 'body') as { Image?: string } | undefined) : undefined;
    return id ? { key: short(id), state: 'created', image: body?.Image } : null;
  }
  if (m.protocol === 'event' && (m.operation === '/tasks/start' || m.operation === '/tasks/exit')) {
    const id = requestField(m, 'container_id');
    return typeof id === 'string'
      ? { key: short(id), state: m.operation === '/tasks/start' ? 'running' : 'exited' }
      : null;
  }
  return null;
}

/**
 * Derive the diagram's contents at animation position `seq` (the message in
 * flight, `landed` the last one that arrived) from the views
 * the engine gave after each call and the messages animated since the last
 * one. Shims appear with their first message and go with their shutdown;
 * containers appear when their record is created and change colour with the
 * task events, so the picture never runs ahead of the packets.
 */
export function worldAt(
  snapshot: BridgeSnapshot,
  index: TraceIndex,
  trace: readonly Message[],
  seq: number,
  /** The last message that has arrived (seq is the one in flight, if any). */
  landed: number = seq,
): World {
  // A view is true once the last message before it has arrived.
  const stamp = stampAt(snapshot.stamps, landed);
  const view = stamp?.view;
  const base = stamp?.seq ?? 0;
  const rows = new Map<string, ContainerRow>();
  for (const c of view?.containers ?? []) {
    rows.set(short(c.id), {
      key: short(c.id),
      name: c.name,
      image: c.image,
      state: c.state as ContainerState,
      exitCode: c.exitCode,
      ports: c.ports,
      showShim: false,
      showContainer: true,
    });
  }
  const shutDown = new Set<string>();
  for (let s = base + 1; s <= seq && s <= trace.length; s++) {
    const m = trace[s - 1]!;
    // The shim goes once its last answer has arrived, not while it is still on its way.
    if (
      s <= landed &&
      m.kind === 'response' &&
      m.operation.endsWith('Task/Shutdown') &&
      m.from.startsWith('shim-')
    )
      shutDown.add(m.from.slice(5));
    const change = containerChange(m, trace);
    if (!change) continue;
    const row = rows.get(change.key);
    if (row) {
      row.state = change.state;
      continue;
    }
    const info = latestInfo(snapshot.stamps, change.key);
    rows.set(change.key, {
      key: change.key,
      name: info?.name ?? change.key,
      image: info?.image ?? change.image ?? '',
      state: change.state,
      exitCode: info?.exitCode ?? 0,
      ports: info?.ports ?? [],
      showShim: false,
      showContainer: true,
    });
  }
  // Shims: present in the view, or already talking since it was taken, and not shut down yet.
  const shims = new Set((view?.shims ?? []).map(short));
  for (const [id, span] of index.components) {
    if (!id.startsWith('shim-')) continue;
    const key = id.slice(5);
    if (span.first <= seq && span.last > base) shims.add(key);
  }
  for (const key of shims) {
    if (shutDown.has(key)) continue;
    const row = rows.get(key);
    if (row) row.showShim = true;
    else
      rows.set(key, {
        key,
        name: key,
        image: '',
        state: 'created',
        exitCode: 0,
        ports: [],
        showShim: true,
        showContainer: false,
      });
  }
  const visible = new Set([
    'client',
    'dockerd',
    'containerd',
    'runc',
    'kernel',
    'registry',
    'auth',
  ]);
  for (const r of rows.values()) {
    if (r.showShim) visible.add(`shim-${r.key}`);
    if (r.showContainer) visible.add(`container-${r.key}`);
  }
  const pairs: string[] = [];
  for (const [key, p] of index.pairs) {
    if (p.first <= seq && visible.has(p.a) && visible.has(p.b)) pairs.push(key);
  }
  return {
    rows: [...rows.values()],
    images: (view?.images ?? []).flatMap((i) => i.tags),
    pairs: pairs.sort(),
  };
}
