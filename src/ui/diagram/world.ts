import type { HostView } from '../../sim/engine';
import { pairKey, type TraceIndex } from '../traceIndex';

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

import type { DetailLevel } from '../store/detailSlice';

export type { DetailLevel };

/** What the diagram shows when the cursor is at one message. */
export interface World {
  level: DetailLevel;
  rows: ContainerRow[];
  /** Image tags on the host (an untagged image by its short ID). */
  images: string[];
  /** Edges (pair keys) used by a message at or before the cursor, between nodes that are drawn. */
  pairs: string[];
}

/** The two ends of the hop being shown (in flight, or highlighted while paused). */
export interface Focus {
  from: string;
  to: string;
}

export interface WorldInput {
  /** The host's objects once the last arrived message was delivered (`hostAt(landed)`). */
  host: HostView | undefined;
  index: TraceIndex;
  /** The newest message taking part: the one in flight, else the last arrived. */
  seq: number;
  focus: Focus | null;
  level: DetailLevel;
  /** Overview hops (pair keys) taken at or before `seq` (collapsed steps: dockerd → a container). */
  overviewPairs?: readonly string[];
}

const short = (id: string) => id.slice(0, 12);

/** Components drawn at every level, and those the overview folds into dockerd's steps. */
const ALWAYS = ['client', 'dockerd', 'registry', 'auth'] as const;
const UNDER_THE_HOOD = ['containerd', 'runc', 'kernel'] as const;

/** The node ids a world draws (components, shims, containers). */
export function visibleNodes(world: World): Set<string> {
  // The images strip: overview steps that concern no container travel to it.
  const visible = new Set<string>([...ALWAYS, 'images']);
  if (world.level === 'full') for (const id of UNDER_THE_HOOD) visible.add(id);
  for (const r of world.rows) {
    if (r.showShim) visible.add(`shim-${r.key}`);
    if (r.showContainer) visible.add(`container-${r.key}`);
  }
  return visible;
}

/**
 * The diagram's contents at one cursor position, from the engine's exact
 * record of the host at that message (`hostAt`): containers appear when
 * their record is created and go when it is removed, shims live while
 * containerd's shim process does, and stepping back rebuilds all of it. The
 * hop being shown keeps both its ends on screen (a shim answering its own
 * shutdown is still drawn until that answer has arrived).
 */
export function deriveWorld(input: WorldInput): World {
  const { host, index, seq, focus, level } = input;
  const full = level === 'full';
  const rows = new Map<string, ContainerRow>();
  for (const c of host?.containers ?? []) {
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
  if (full) {
    const shims = new Set((host?.shims ?? []).map(short));
    for (const end of focus ? [focus.from, focus.to] : [])
      if (end.startsWith('shim-')) shims.add(end.slice(5));
    for (const key of shims) {
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
  }
  const world: World = {
    level,
    rows: [...rows.values()],
    images: (host?.images ?? []).flatMap((i) => (i.tags.length ? i.tags : [short(i.id)])),
    pairs: [],
  };
  const visible = visibleNodes(world);
  const pairs = new Set<string>();
  for (const [key, p] of index.pairs)
    if (p.first <= seq && visible.has(p.a) && visible.has(p.b)) pairs.add(key);
  for (const key of input.overviewPairs ?? []) {
    const [a, b] = key.split('~') as [string, string];
    if (visible.has(a) && visible.has(b)) pairs.add(key);
  }
  if (focus && visible.has(focus.from) && visible.has(focus.to))
    pairs.add(pairKey(focus.from, focus.to));
  world.pairs = [...pairs].sort();
  return world;
}
