import type { HostView } from '../../sim/engine';
import type { NetworkAttachment } from '../../sim/history/hostHistory';
import { pairKey, type TraceIndex } from '../traceIndex';
import { COMPONENT_KINDS, kindOf, type ComponentKind } from '../../sim/core/components';
import { bridgeNodeId, nodeIdOf } from './nodeIds';

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
  /** The networks it is plugged into: its address on each, and the bridge its veth pair plugs into. */
  networks?: NetworkAttachment[];
  showShim: boolean;
  showContainer: boolean;
}

import type { DetailLevel } from '../store/detailSlice';

export type { DetailLevel };

/** One Docker Engine machine as the diagram draws it at the cursor. */
export interface MachineWorld {
  /** `local`, `node-2`, `node-3`. */
  name: string;
  /**
   * Drawn in full (its components, containers and images), or as a small idle
   * card: the learner's machine always; another once a message has reached it
   * or it holds containers, so a session that never leaves `local` keeps the
   * diagram as large as it was with one host.
   */
  open: boolean;
  /**
   * Put to work by the command at the cursor (its messages reach it beyond
   * the learner's CLI). An open machine that is not is drawn as a compact
   * card, so the machines a command uses get the diagram's room: with three
   * hosts drawn in full, 1280×720 shrank their text past reading.
   */
  involved: boolean;
  rows: ContainerRow[];
  /** ── daemon ── The machine's daemons stopped at the cursor (`dockerd`, `containerd`). */
  stopped: string[];
  /** Image tags on the machine (an untagged image by its short ID). */
  images: string[];
  /** Components drawn only once used (ssh here, sshd and dial-stdio there), by id within the machine. */
  extras: string[];
  /** Where a client reaches its daemon over the network (`tcp://node-2:2375`), if it listens there. */
  address?: string;
  /**
   * Under the hood, the kernel's Linux bridges that drawn containers are plugged into, each
   * with those containers (row keys): drawn as the bridge and a wire (the veth pair) to each.
   */
  bridges: BridgeWires[];
}

/** One Linux bridge in a host's kernel and the containers plugged into it. */
export interface BridgeWires {
  /** The device: `docker0`, `br-<12 hex>`. */
  device: string;
  /** The Docker network it serves (`bridge`, `appnet`). */
  network: string;
  /** Row keys of the containers plugged into it, in row order. */
  members: string[];
}

/**
 * The address a client on another machine gives `-H` for this daemon: each TCP
 * listener with the machine's name for the address it binds, TLS marked.
 *
 * @example addressOf({ name: 'node-3', listeners: ['fd://', 'tcp://0.0.0.0:2376'], tlsVerify: true }) // 'tcp://node-3:2376 (TLS)'
 */
export function addressOf(setup: {
  name: string;
  listeners: readonly string[];
  tlsVerify: boolean;
}): string | undefined {
  const tcp = setup.listeners
    .filter((l) => l.startsWith('tcp://'))
    .map(
      (l) => l.replace(/^tcp:\/\/[^:]+/, `tcp://${setup.name}`) + (setup.tlsVerify ? ' (TLS)' : ''),
    );
  return tcp.length ? tcp.join(', ') : undefined;
}

/** What the diagram shows when the cursor is at one message. */
export interface World {
  level: DetailLevel;
  /** The Docker Engine machines, the learner's own first. */
  machines: MachineWorld[];
  /** Edges (pair keys of node ids) used by a message at or before the cursor, between nodes that are drawn. */
  pairs: string[];
}

/** The two ends of the hop being shown (in flight, or highlighted while paused), as node ids. */
export interface Focus {
  from: string;
  to: string;
  /** The edge it travels on, when not its ends' own pair (a request through an ssh tunnel: TraceIndex.edgeOf). */
  edge?: string;
}

export interface WorldInput {
  /**
   * Each Docker Engine machine, the learner's own first, with its objects once the last
   * arrived message was delivered (`hostAt(landed, name)`).
   */
  machines: ReadonlyArray<{ name: string; view: HostView | undefined; address?: string }>;
  index: TraceIndex;
  /** The newest message taking part: the one in flight, else the last arrived. */
  seq: number;
  focus: Focus | null;
  level: DetailLevel;
  /** Overview hops (pair keys) taken at or before `seq` (collapsed steps: dockerd → a container). */
  overviewPairs?: readonly string[];
  /**
   * The machines the command at the cursor puts to work (machinesInvolved);
   * undefined or empty: every machine counts as involved (nothing has run yet).
   */
  involved?: ReadonlySet<string>;
}

const short = (id: string) => id.slice(0, 12);

/** The kinds a Docker host draws from the start at a level (its daemon; under the hood its runtime and kernel too). */
const engineKinds = (full: boolean): ComponentKind[] =>
  COMPONENT_KINDS.filter(
    (k: ComponentKind) =>
      !k.onDemand &&
      (k.slot === 'daemon' || (full && (k.slot === 'runtime' || k.slot === 'floor'))),
  );
/** The learner's CLI and the registries, drawn at every level. */
const ALWAYS = COMPONENT_KINDS.filter(
  (k: ComponentKind) => !k.onDemand && (k.slot === 'cli' || k.slot === 'registry'),
).map((k) => k.role);
const ON_DEMAND = COMPONENT_KINDS.filter((k: ComponentKind) => k.onDemand).map((k) => k.role);

/** The node ids a world draws (components, shims, containers, each machine's images strip). */
export function visibleNodes(world: World): Set<string> {
  const visible = new Set<string>(ALWAYS);
  const kinds = engineKinds(world.level === 'full');
  for (const m of world.machines) {
    const drawn = m.open && m.involved;
    // The CLI's column (ssh) stays with the CLI; a compact machine hides its own components.
    for (const id of m.extras)
      if (drawn || kindOf(id)?.slot === 'cli') visible.add(nodeIdOf(m.name, id));
    if (!drawn) continue;
    const node = (id: string) => nodeIdOf(m.name, id);
    // The images strip: overview steps that concern no container travel to it.
    visible.add(node('images'));
    for (const k of kinds) visible.add(node(k.role));
    for (const r of m.rows) {
      if (r.showShim) visible.add(node(`shim-${r.key}`));
      if (r.showContainer) visible.add(node(`container-${r.key}`));
    }
    for (const b of m.bridges) visible.add(bridgeNodeId(m.name, b.device));
  }
  return visible;
}

function machineWorld(name: string, host: HostView | undefined, input: WorldInput): MachineWorld {
  const { index, seq, focus, level } = input;
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
      networks: c.networks,
      showShim: false,
      showContainer: true,
    });
  }
  if (full) {
    const shims = new Set((host?.shims ?? []).map(short));
    const shimNode = nodeIdOf(name, 'shim-');
    for (const end of focus ? [focus.from, focus.to] : [])
      if (end.startsWith(shimNode)) shims.add(end.slice(shimNode.length));
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
  const used = (node: string) => {
    const span = index.components.get(node);
    return (span !== undefined && span.first <= seq) || focus?.from === node || focus?.to === node;
  };
  const reached = index.machines.get(name);
  const involved = input.involved;
  return {
    name,
    open: name === 'local' || rows.size > 0 || (reached !== undefined && reached.first <= seq),
    involved: !involved || involved.size === 0 || involved.has(name),
    rows: [...rows.values()],
    stopped: host?.stopped ?? [],
    images: (host?.images ?? []).flatMap((i) => (i.tags.length ? i.tags : [short(i.id)])),
    extras: ON_DEMAND.filter((id) => used(nodeIdOf(name, id))),
    bridges: full ? bridgesOf([...rows.values()]) : [],
  };
}

/** The bridges the drawn containers are plugged into, in the order they first appear. */
function bridgesOf(rows: readonly ContainerRow[]): BridgeWires[] {
  const byDevice = new Map<string, BridgeWires>();
  for (const r of rows) {
    if (!r.showContainer) continue;
    for (const n of r.networks ?? []) {
      if (!n.bridge) continue;
      let b = byDevice.get(n.bridge);
      if (!b) byDevice.set(n.bridge, (b = { device: n.bridge, network: n.network, members: [] }));
      b.members.push(r.key);
    }
  }
  return [...byDevice.values()];
}

/**
 * The diagram's contents at one cursor position, from the engine's exact
 * record of each host at that message (`hostAt`): containers appear when
 * their record is created and go when it is removed, shims live while
 * containerd's shim process does, and stepping back rebuilds all of it. The
 * hop being shown keeps both its ends on screen (a shim answering its own
 * shutdown is still drawn until that answer has arrived).
 */
export function deriveWorld(input: WorldInput): World {
  const { index, seq, focus, level } = input;
  const world: World = {
    level,
    machines: input.machines.map((m) => ({
      ...machineWorld(m.name, m.view, input),
      ...(m.address ? { address: m.address } : {}),
    })),
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
  // Each container's veth pair: a wire to its bridge, drawn while it is plugged in.
  for (const m of world.machines) {
    if (!m.open || !m.involved) continue;
    for (const b of m.bridges)
      for (const key of b.members)
        pairs.add(pairKey(nodeIdOf(m.name, `container-${key}`), bridgeNodeId(m.name, b.device)));
  }
  if (focus) {
    const key = focus.edge ?? pairKey(focus.from, focus.to);
    const [a, b] = key.split('~') as [string, string];
    if (visible.has(a) && visible.has(b)) pairs.add(key);
  }
  world.pairs = [...pairs].sort();
  return world;
}
