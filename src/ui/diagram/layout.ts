import type { Edge, Node } from '@xyflow/react';
import type { ContainerRow, World } from './world';

/** The fixed parts of Docker, with what each one is, for their node cards. */
export const COMPONENTS = {
  client: { title: 'docker', subtitle: 'CLI client' },
  dockerd: { title: 'dockerd', subtitle: 'Docker daemon' },
  containerd: { title: 'containerd', subtitle: 'container runtime' },
  runc: { title: 'runc', subtitle: 'OCI runtime, exits' },
  kernel: { title: 'Linux kernel', subtitle: 'namespaces · cgroups · overlayfs · netfilter' },
  registry: { title: 'Docker Hub', subtitle: 'registry-1.docker.io' },
  auth: { title: 'Token service', subtitle: 'auth.docker.io' },
} as const;

export type FixedId = keyof typeof COMPONENTS;

export type ComponentData = { title: string; subtitle: string; wide?: boolean };
export type ShimData = { shortId: string; name: string };
export type ContainerData = Pick<
  ContainerRow,
  'name' | 'image' | 'state' | 'exitCode' | 'ports'
> & { shortId: string };
export type BoundaryData = { label: string; caption: string };
export type PlaceholderData = { text: string };
export type ImagesData = { tags: string[] };
export type EdgeData = { route: 'straight' | 'lane'; laneX?: number };

export type DiagramNode =
  | Node<ComponentData, 'component'>
  | Node<ShimData, 'shim'>
  | Node<ContainerData, 'container'>
  | Node<BoundaryData, 'boundary'>
  | Node<PlaceholderData, 'placeholder'>
  | Node<ImagesData, 'images'>;
export type DiagramEdge = Edge<EdgeData, 'message'>;

export const NODE_W = 156;
export const NODE_H = 58;
const PAD = 24;
/** Containers are a little wider: generated names such as `admiring_chatterjee` are long. */
const CONTAINER_W = NODE_W + 44;
const COL_GAP = 44;
const ROW_TOP = 150;
const ROW_STEP = 86;
const HOST_X = 212;
const COLUMN = [PAD, PAD + NODE_W + COL_GAP, PAD + 2 * (NODE_W + COL_GAP)] as const;
const HOST_W = COLUMN[2] + CONTAINER_W + PAD;
/** The lane between the first and second column inside the host, in flow coordinates. */
const LANE_X = HOST_X + PAD + NODE_W + COL_GAP / 2;
/** The strip listing the host's images, under the container rows. */
const IMAGES_H = 34;

const fixed = (
  id: FixedId,
  x: number,
  y: number,
  parentId?: string,
  wide?: number,
): DiagramNode => ({
  id,
  type: 'component',
  position: { x, y },
  ...(parentId ? { parentId, extent: 'parent' as const } : {}),
  data: { ...COMPONENTS[id], wide: wide !== undefined },
  style: { width: wide ?? NODE_W, height: NODE_H },
  draggable: false,
  selectable: false,
});

/**
 * Where everything goes: the client on the left, the Docker host holding the
 * daemons, one row per container (its shim, then its process) and the kernel
 * underneath, and the registry with its token service on the right.
 */
export function layoutNodes(world: World): DiagramNode[] {
  const rows = world.rows;
  const full = world.level === 'full';
  // The overview draws no shims: containers move into the shims' column, next to dockerd.
  const containerX = full ? COLUMN[2] : COLUMN[1];
  const rowsBottom = ROW_TOP + Math.max(rows.length, full ? 3 : 1) * ROW_STEP;
  const runcY = ROW_TOP + 2 * ROW_STEP;
  const imagesY = rowsBottom - 8;
  const kernelY = Math.max(imagesY + IMAGES_H + 16, runcY + NODE_H + 40);
  const hostH = full ? kernelY + NODE_H + PAD : imagesY + IMAGES_H + PAD;
  const registryX = HOST_X + HOST_W + 56;
  const nodes: DiagramNode[] = [
    fixed('client', 0, 150),
    {
      id: 'host',
      type: 'boundary',
      position: { x: HOST_X, y: 0 },
      data: { label: 'Docker host', caption: 'one Linux machine' },
      style: { width: HOST_W, height: hostH },
      draggable: false,
      selectable: false,
      focusable: false,
    },
    {
      id: 'remote',
      type: 'boundary',
      position: { x: registryX, y: -24 },
      data: { label: 'Registry', caption: 'internet' },
      style: { width: NODE_W + 2 * PAD, height: 148 + NODE_H + PAD },
      draggable: false,
      selectable: false,
      focusable: false,
    },
    fixed('dockerd', COLUMN[0], 52, 'host'),
    ...(full
      ? [
          fixed('containerd', COLUMN[0], ROW_TOP + ROW_STEP / 2, 'host'),
          fixed('runc', COLUMN[0], runcY, 'host'),
          fixed('kernel', COLUMN[0], kernelY, 'host', HOST_W - 2 * PAD),
        ]
      : []),
    // The token service above Docker Hub, so neither line from dockerd crosses a container row.
    fixed('auth', PAD, 44, 'remote'),
    fixed('registry', PAD, 148, 'remote'),
    {
      id: 'images',
      type: 'images',
      parentId: 'host',
      extent: 'parent',
      position: { x: COLUMN[1], y: imagesY },
      data: { tags: world.images },
      style: { width: COLUMN[2] + CONTAINER_W - COLUMN[1], height: IMAGES_H },
      draggable: false,
      selectable: false,
      focusable: false,
    },
  ];
  if (rows.length === 0) {
    nodes.push({
      id: 'rows-placeholder',
      type: 'placeholder',
      parentId: 'host',
      extent: 'parent',
      position: { x: COLUMN[1], y: ROW_TOP },
      data: {
        text: full
          ? 'Each container appears here with its shim when one is created.'
          : 'Each container appears here when one is created.',
      },
      style: { width: COLUMN[2] + CONTAINER_W - COLUMN[1], height: NODE_H + 16 },
      draggable: false,
      selectable: false,
      focusable: false,
    });
  }
  rows.forEach((row, i) => {
    const y = ROW_TOP + i * ROW_STEP;
    if (row.showShim && full) {
      nodes.push({
        id: `shim-${row.key}`,
        type: 'shim',
        parentId: 'host',
        extent: 'parent',
        position: { x: COLUMN[1], y },
        data: { shortId: row.key, name: row.name },
        style: { width: NODE_W, height: NODE_H },
        draggable: false,
        selectable: false,
      });
    }
    if (row.showContainer) {
      nodes.push({
        id: `container-${row.key}`,
        type: 'container',
        parentId: 'host',
        extent: 'parent',
        position: { x: containerX, y: y - 8 },
        data: {
          shortId: row.key,
          name: row.name,
          image: row.image,
          state: row.state,
          exitCode: row.exitCode,
          ports: row.ports,
        },
        style: { width: CONTAINER_W, height: NODE_H + 16 },
        draggable: false,
        selectable: false,
      });
    }
  });
  return nodes;
}

/** Pairs whose straight line would cut through the column of daemons: route them down the lane. */
const LANED = new Set(['dockerd~kernel']);

export function layoutEdges(world: World): DiagramEdge[] {
  return world.pairs.map((key) => {
    const [a, b] = key.split('~') as [string, string];
    const laned = LANED.has(key);
    return {
      id: key,
      source: a,
      target: b,
      type: 'message',
      data: laned ? { route: 'lane', laneX: LANE_X } : { route: 'straight' },
      selectable: false,
      focusable: false,
    };
  });
}
