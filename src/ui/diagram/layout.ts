import type { Edge, Node } from '@xyflow/react';
import type { MachineWorld, World } from './world';
import type { ContainerRow } from './world';
import { kindOf } from '../../sim/core/components';
import { bridgeNodeId, machineOf, nodeIdOf } from './nodeIds';

/** A component's card: its title and subtitle, from its kind (src/sim/core/components.ts). */
const card = (id: string) => {
  const kind = kindOf(id);
  return { title: kind?.title ?? id, subtitle: kind?.subtitle ?? '' };
};

export type ComponentData = {
  title: string;
  subtitle: string;
  wide?: boolean;
  /** ── daemon ── The process is not running (systemctl stopped it). */
  stopped?: boolean;
};
/** A Linux bridge in the kernel: its device and the Docker network it serves. */
export type BridgeData = { device: string; network: string; members: number };
export type ShimData = { shortId: string; name: string };
export type ContainerData = Pick<
  ContainerRow,
  'name' | 'image' | 'state' | 'exitCode' | 'ports' | 'networks'
> & { shortId: string };
/** A machine's box; `idle`: a Docker host nothing has reached yet, drawn as a small card. */
export type BoundaryData = { label: string; caption: string; idle?: boolean };
export type PlaceholderData = { text: string };
export type ImagesData = { tags: string[] };
/**
 * How an edge is drawn: a straight line; `lane`, out of one end's side and down a
 * vertical lane at `laneX` into the other from above or below; `corridor`, from
 * the learner's CLI column (the `start` end) out of its machine's left edge, over
 * the top of the boxes and down into the other end (a line between machines).
 */
export type EdgeData =
  | { route: 'straight' }
  | { route: 'lane'; laneX: number }
  | { route: 'corridor'; start: 'source' | 'target' }
  /**
   * The ssh tunnel's last leg, `dial-stdio` → `dockerd` on the remote machine,
   * drawn from the learner's CLI through `via` (client, ssh, the remote sshd):
   * the CLI's Engine API requests travel all of it (TraceIndex.edgeOf).
   */
  | { route: 'tunnel'; via: [string, string, string] }
  /**
   * A veth pair, from a container to its bridge in the kernel: out of the
   * container's right side, down a lane at `laneX` right of the containers'
   * column, into the bridge from its right (one lane per bridge, so the wires
   * of a network run together like the bridge's ports).
   */
  | { route: 'veth'; laneX: number };

export type DiagramNode =
  | Node<ComponentData, 'component'>
  | Node<ShimData, 'shim'>
  | Node<ContainerData, 'container'>
  | Node<BoundaryData, 'boundary'>
  | Node<PlaceholderData, 'placeholder'>
  | Node<ImagesData, 'images'>
  | Node<BridgeData, 'bridge'>;
export type DiagramEdge = Edge<EdgeData, 'message'>;

export const NODE_W = 156;
export const NODE_H = 58;
const PAD = 24;
/** Containers are a little wider: generated names such as `admiring_chatterjee` are long. */
const CONTAINER_W = NODE_W + 44;
const COL_GAP = 44;
const ROW_TOP = 150;
const ROW_STEP = 86;
const DAEMON_Y = 52;
/** A Docker Engine's three columns (daemons, shims, container processes), inside its box. */
const COLUMN = [PAD, PAD + NODE_W + COL_GAP, PAD + 2 * (NODE_W + COL_GAP)] as const;
const ENGINE_W = COLUMN[2] + CONTAINER_W + PAD;
/** The overview draws no shims: two columns (dockerd, then the containers) are enough. */
const OVERVIEW_ENGINE_W = COLUMN[1] + CONTAINER_W + PAD;
const engineW = (full: boolean) => (full ? ENGINE_W : OVERVIEW_ENGINE_W);
/** The learner's machine: the CLI's column, then its Docker Engine. */
const CLI_W = NODE_W + 56;
const CLIENT_Y = 150;
/** The strip listing a host's images, under the container rows. */
const IMAGES_H = 34;
/** Space between machines stacked under the learner's. */
const MACHINE_GAP = 48;
/** The registry machines, right of the learner's. */
const REGISTRY_Y = -24;
const REGISTRY_H = 148 + NODE_H + PAD;
/** The learner's engine as a card under the CLI, while a command works on another host. */
const ENGINE_CARD_H = CLIENT_Y - DAEMON_Y - 8;
/** An idle Docker host's card, under the registry. */
const IDLE_W = NODE_W + 2 * PAD;
const IDLE_H = 60;
/** The registries' box above the machines standing side by side: the token service and Docker Hub in a row. */
const WIDE_REGISTRY_H = 44 + NODE_H + PAD;
/** A bridge inside the kernel's bar, under the containers' column; bridges stack downwards. */
const BRIDGE_W = 176;
const BRIDGE_H = 24;
const BRIDGE_STEP = BRIDGE_H + 6;
/** Right of the containers' column: where the lanes of the veth wires run (one per bridge). */
const LANE_GAP = 5;
const LANE_STEP = 6;

/** Where bridge `i`'s wires run down, for an engine starting at `engineX` (the containers' right edge, then a lane each). */
const laneXOf = (engineX: number, i: number) =>
  engineX + COLUMN[2] + CONTAINER_W + LANE_GAP + i * LANE_STEP;

const fixed = (
  id: string,
  x: number,
  y: number,
  parentId?: string,
  wide?: number,
): DiagramNode => ({
  id,
  type: 'component',
  position: { x, y },
  ...(parentId ? { parentId, extent: 'parent' as const } : {}),
  data: { ...card(id), wide: wide !== undefined },
  style: { width: wide ?? NODE_W, height: NODE_H },
  draggable: false,
  selectable: false,
});

const boundary = (
  id: string,
  x: number,
  y: number,
  w: number,
  h: number,
  label: string,
  caption: string,
  idle = false,
): DiagramNode => ({
  id,
  type: 'boundary',
  position: { x, y },
  data: { label, caption, ...(idle ? { idle } : {}) },
  style: { width: w, height: h },
  draggable: false,
  selectable: false,
  focusable: false,
});

/**
 * One Docker Engine inside its machine's box (`box`, whose left edge is `x0` in
 * the box): its daemon, then under the hood containerd, runc and the kernel
 * down the first column; one row per container (its shim, then its process);
 * the images strip under the rows. On a machine reached over ssh, sshd and
 * `docker system dial-stdio` take a row above the daemon. Returns the height used.
 */
function engineNodes(
  m: MachineWorld,
  full: boolean,
  box: string,
  x0: number,
  nodes: DiagramNode[],
): number {
  const node = (id: string) => nodeIdOf(m.name, id);
  const col = COLUMN.map((c) => x0 + c) as unknown as typeof COLUMN;
  const entries = m.extras.filter((id) => kindOf(id)?.slot === 'entry');
  // Under the hood the daemon's row has room beside dockerd (the rows start lower): dial-stdio
  // next to it, then sshd, where the line from ssh comes down. The overview's two columns
  // have not, so there they take a row above.
  const beside = full;
  const top = entries.length && !beside ? ROW_STEP : 0;
  entries.forEach((id, i) =>
    nodes.push(
      fixed(node(id), beside ? (id === 'dial-stdio' ? col[1] : col[2]) : col[i]!, DAEMON_Y, box),
    ),
  );
  const rows = m.rows;
  // The overview draws no shims: containers move into the shims' column, next to dockerd.
  const containerX = full ? col[2] : col[1];
  const rowTop = ROW_TOP + top;
  const rowsBottom = rowTop + Math.max(rows.length, full ? 3 : 1) * ROW_STEP;
  const runcY = rowTop + 2 * ROW_STEP;
  const imagesY = rowsBottom - 8;
  const kernelY = Math.max(imagesY + IMAGES_H + 16, runcY + NODE_H + 40);
  nodes.push(fixed(node('dockerd'), col[0], DAEMON_Y + top, box));
  // A second dockerd on the machine (drawn once reached): beside the first, in the daemons' row.
  m.extras
    .filter((id) => kindOf(id)?.slot === 'daemon')
    .forEach((id, i) => nodes.push(fixed(node(id), col[i + 1]!, DAEMON_Y + top, box)));
  // The kernel's bar grows to hold its bridges, stacked at its right under the containers.
  const kernelH = Math.max(NODE_H, 8 + m.bridges.length * BRIDGE_STEP + 2);
  if (full) {
    const kernel = fixed(node('kernel'), col[0], kernelY, box, engineW(full) - 2 * PAD);
    kernel.style = { ...kernel.style, height: kernelH };
    nodes.push(
      fixed(node('containerd'), col[0], rowTop + ROW_STEP / 2, box),
      fixed(node('runc'), col[0], runcY, box),
      kernel,
    );
    m.bridges.forEach((b, i) =>
      nodes.push({
        id: bridgeNodeId(m.name, b.device),
        type: 'bridge',
        parentId: box,
        extent: 'parent',
        position: { x: containerX + CONTAINER_W - BRIDGE_W - 10, y: kernelY + 8 + i * BRIDGE_STEP },
        data: { device: b.device, network: b.network, members: b.members.length },
        style: { width: BRIDGE_W, height: BRIDGE_H },
        draggable: false,
        selectable: false,
      }),
    );
  }
  // ── daemon: a stopped dockerd or containerd is drawn as such ──
  for (const n of nodes)
    if (n.parentId === box && m.stopped.includes(n.id.slice(n.id.indexOf('/') + 1)))
      n.data = { ...n.data, stopped: true } as ComponentData;
  const stripW = full ? COLUMN[2] + CONTAINER_W - COLUMN[1] : CONTAINER_W;
  nodes.push({
    id: node('images'),
    type: 'images',
    parentId: box,
    extent: 'parent',
    position: { x: col[1], y: imagesY },
    data: { tags: m.images },
    style: { width: stripW, height: IMAGES_H },
    draggable: false,
    selectable: false,
    focusable: false,
  });
  if (rows.length === 0)
    nodes.push({
      id: node('rows-placeholder'),
      type: 'placeholder',
      parentId: box,
      extent: 'parent',
      position: { x: col[1], y: rowTop },
      data: {
        text: full
          ? 'Each container appears here with its shim when one is created.'
          : 'Each container appears here when one is created.',
      },
      style: { width: stripW, height: NODE_H + 16 },
      draggable: false,
      selectable: false,
      focusable: false,
    });
  rows.forEach((row: ContainerRow, i: number) => {
    const y = rowTop + i * ROW_STEP;
    if (row.showShim && full)
      nodes.push({
        id: node(`shim-${row.key}`),
        type: 'shim',
        parentId: box,
        extent: 'parent',
        position: { x: col[1], y },
        data: { shortId: row.key, name: row.name },
        style: { width: NODE_W, height: NODE_H },
        draggable: false,
        selectable: false,
      });
    if (row.showContainer)
      nodes.push({
        id: node(`container-${row.key}`),
        type: 'container',
        parentId: box,
        extent: 'parent',
        position: { x: containerX, y: y - 8 },
        data: {
          shortId: row.key,
          name: row.name,
          image: row.image,
          state: row.state,
          exitCode: row.exitCode,
          ports: row.ports,
          networks: row.networks,
        },
        style: { width: CONTAINER_W, height: NODE_H + 16 },
        draggable: false,
        selectable: false,
      });
  });
  return full ? kernelY + kernelH + PAD : imagesY + IMAGES_H + PAD;
}

/** The box id of a Docker Engine machine (`host` for the learner's, as before there were several). */
const boxOf = (machine: string) => nodeIdOf(machine, 'host');

/**
 * Where everything goes: the learner's machine on the left (the CLI, then its
 * Docker Engine), the registry machines on its right; another Docker host is
 * a small idle card until something reaches it, then a box of its own laid out
 * like the learner's engine, beside the learner's machine (the panel is wider
 * than tall), with the registries moving above the machines. A machine the
 * command at the cursor does not use shrinks to a compact card (the learner's
 * own engine too, while the CLI talks to another host), so the machines at
 * work keep text large enough to read at 1280×720.
 */
export function layoutNodes(world: World): DiagramNode[] {
  const full = world.level === 'full';
  const nodes: DiagramNode[] = [];
  const [local, ...others] = world.machines;
  const localNodes: DiagramNode[] = [];
  const localW = localWidth(world);
  if (local) {
    const box = boxOf(local.name);
    let localH: number;
    if (local.involved) localH = engineNodes(local, full, box, CLI_W, localNodes);
    else {
      // Its engine as a card above the CLI, where its dockerd would stand (the corner under the
      // CLI's column stays free for the zoom buttons): the learner's daemon is not asked now.
      localNodes.push({
        id: nodeIdOf(local.name, 'engine-card'),
        type: 'placeholder',
        parentId: box,
        extent: 'parent',
        position: { x: PAD, y: DAEMON_Y - 8 },
        data: { text: `Docker Engine · ${containersText(local)} · not used by this command` },
        style: { width: NODE_W, height: ENGINE_CARD_H },
        draggable: false,
        selectable: false,
        focusable: false,
      });
      // As tall as the engines beside it: the corner under the CLI's column stays empty, for the zoom buttons.
      const beside = others.filter((m) => m.open && m.involved);
      localH = Math.max(
        CLIENT_Y + NODE_H + PAD,
        ...beside.map((m) => engineNodes(m, full, '', 0, [])),
      );
    }
    localNodes.push(fixed('client', PAD, CLIENT_Y, box));
    if (local.extras.includes('ssh')) {
      localNodes.push(fixed('ssh', PAD, CLIENT_Y + ROW_STEP, box));
      localH = Math.max(localH, CLIENT_Y + ROW_STEP + NODE_H + PAD);
    }
    // ── host: the learner's bash, under the CLI (under ssh when both are drawn) ──
    // ── daemon: systemctl under the CLI (below ssh and bash when they were used) ──
    let underCli = local.extras.includes('ssh') ? 2 : 1;
    for (const id of ['bash', 'systemctl'] as const) {
      if (!local.extras.includes(id)) continue;
      const y = CLIENT_Y + ROW_STEP * underCli++;
      localNodes.push(fixed(id, PAD, y, box));
      localH = Math.max(localH, y + NODE_H + PAD);
    }
    // A parent comes before its children, as React Flow wants.
    nodes.push(
      boundary(
        box,
        0,
        0,
        localW,
        localH,
        'Your machine',
        local.involved ? 'the docker CLI and its own Docker Engine' : '',
      ),
      ...localNodes,
    );
  }
  const xs = engineXs(world, localW);
  // Two engines drawn in full stand side by side and the registries go above them; with one
  // (the learner's, or another host's beside the CLI's column) the registries stand on the right.
  const wide = xs.size > 1;
  let right = localW;
  for (const [name, x] of xs) if (name !== local?.name) right = x + engineW(full);
  const registry = wide
    ? { x: localW + MACHINE_GAP, y: -(WIDE_REGISTRY_H + MACHINE_GAP), w: 2 * NODE_W + 3 * PAD }
    : { x: right + 56, y: REGISTRY_Y, w: NODE_W + 2 * PAD };
  const registryH = wide ? WIDE_REGISTRY_H : REGISTRY_H;
  nodes.push(
    boundary('remote', registry.x, registry.y, registry.w, registryH, 'Registry', 'internet'),
    // The token service before Docker Hub (above it, or left of it), so no line from a dockerd crosses a container row.
    fixed('auth', PAD, 44, 'remote'),
    wide
      ? fixed('registry', 2 * PAD + NODE_W, 44, 'remote')
      : fixed('registry', PAD, 148, 'remote'),
  );
  let idle = 0;
  for (const m of others) {
    const box = boxOf(m.name);
    const x = xs.get(m.name);
    if (x === undefined) {
      const at = idle++;
      nodes.push(
        boundary(
          box,
          wide ? registry.x + registry.w + MACHINE_GAP / 2 + at * (IDLE_W + 16) : registry.x,
          wide
            ? registry.y + (registryH - IDLE_H) / 2
            : REGISTRY_Y + REGISTRY_H + 32 + at * (IDLE_H + 16),
          IDLE_W,
          IDLE_H,
          m.name,
          idleCaption(m),
          true,
        ),
      );
      continue;
    }
    const inside: DiagramNode[] = [];
    const h = engineNodes(m, full, box, 0, inside);
    nodes.push(
      boundary(
        box,
        x,
        0,
        engineW(full),
        h,
        m.name,
        m.address ? `Docker Engine · ${m.address}` : 'Docker Engine',
      ),
      ...inside,
    );
  }
  return nodes;
}

/** The learner's machine's width: the CLI's column and its engine, or the engine's compact card. */
function localWidth(world: World): number {
  const local = world.machines[0];
  if (local && !local.involved) return CLI_W;
  return CLI_W + engineW(world.level === 'full');
}

/** `no containers`, `1 container`, `3 containers`: what a compact card says it holds. */
const containersText = (m: MachineWorld) => {
  const n = m.rows.filter((r) => r.showContainer).length;
  return n === 0 ? 'no containers' : n === 1 ? '1 container' : `${n} containers`;
};

/** A host not reached yet: `idle`; one reached before but not by this command: what it holds. */
const idleCaption = (m: MachineWorld) => {
  const what = m.open ? containersText(m) : 'idle';
  return m.address ? `${what} · ${m.address}` : what;
};

/**
 * Where each drawn Docker Engine starts (its box's left edge plus, on the learner's
 * machine, the CLI's column): the learner's, then every other host something has
 * reached, side by side to its right.
 */
function engineXs(world: World, localW: number): Map<string, number> {
  const xs = new Map<string, number>();
  let x = localW + MACHINE_GAP;
  world.machines.forEach((m, i) => {
    if (!m.involved) return;
    if (i === 0) xs.set(m.name, CLI_W);
    else if (m.open) {
      xs.set(m.name, x);
      x += engineW(world.level === 'full') + MACHINE_GAP;
    }
  });
  return xs;
}

/**
 * The route of an edge: inside a Docker Engine, dockerd's line to the kernel
 * goes down the lane beside the column of daemons it would cut through; a line
 * from the learner's CLI column to another host leaves the learner's machine by
 * its left edge and runs over the top of the boxes, into the other end from above.
 */
function routeOf(
  a: string,
  b: string,
  xs: Map<string, number>,
  lanes: ReadonlyMap<string, number>,
): EdgeData {
  const lane = lanes.get(a) ?? lanes.get(b);
  if (lane !== undefined) return { route: 'veth', laneX: lane };
  const ma = machineOf(a);
  const mb = machineOf(b);
  const sa = kindOf(ma.id)?.slot;
  const sb = kindOf(mb.id)?.slot;
  const engineX = xs.get(ma.host);
  if (ma.host === mb.host && ma.id === 'dial-stdio' && mb.id === 'dockerd')
    return { route: 'tunnel', via: ['client', 'ssh', nodeIdOf(ma.host, 'sshd')] };
  if (ma.host === mb.host && engineX !== undefined && `${ma.id}~${mb.id}` === 'dockerd~kernel')
    return { route: 'lane', laneX: engineX + PAD + NODE_W + COL_GAP / 2 };
  const remote = (m: { host: string }, slot: string | undefined) =>
    m.host !== 'local' && slot !== 'registry';
  if (sa === 'cli' && remote(mb, sb)) return { route: 'corridor', start: 'source' };
  if (sb === 'cli' && remote(ma, sa)) return { route: 'corridor', start: 'target' };
  return { route: 'straight' };
}

export function layoutEdges(world: World): DiagramEdge[] {
  const xs = engineXs(world, localWidth(world));
  // Each drawn bridge's lane, by its node id.
  const lanes = new Map<string, number>();
  for (const m of world.machines) {
    const x = xs.get(m.name);
    if (x !== undefined)
      m.bridges.forEach((b, i) => lanes.set(bridgeNodeId(m.name, b.device), laneXOf(x, i)));
  }
  return world.pairs.map((key) => {
    const [a, b] = key.split('~') as [string, string];
    return {
      id: key,
      source: a,
      target: b,
      type: 'message',
      data: routeOf(a, b, xs, lanes),
      selectable: false,
      focusable: false,
    };
  });
}
