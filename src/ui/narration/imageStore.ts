import type { Op } from '../../sim/trace/operations';

/**
 * Which Docker this host is, where it matters: how images are stored. Said
 * once here, shown by the inspector beside every message of a pull or a
 * create (docker-internals.md §0, "Image stores").
 */
export const IMAGE_STORE_NOTE =
  'This host uses the containerd image store: blobs live in containerd’s content store and layers in its overlayfs snapshotter (docker info: Storage Driver overlayfs, driver-type io.containerd.snapshotter.v1). Docker Engine 28 uses it only when daemon.json sets "features": {"containerd-snapshotter": true}. Engine 29.0 made it the default for fresh installs; hosts upgraded from earlier versions keep the overlay2 graph driver, where dockerd stores the layers itself. The Host settings panel switches this host to overlay2.';

/**
 * The same, when the host's daemon.json sets "features": {"containerd-snapshotter": false}
 * (the settings panel's other image store): said beside every message of that store.
 */
export const GRAPH_DRIVER_NOTE =
  'This host now uses the overlay2 graph driver, Docker Engine 28’s own default (daemon.json "features": {"containerd-snapshotter": false}; DockScope’s default is the containerd image store): dockerd downloads the layers itself, at most 3 at a time (max-concurrent-downloads), into /var/lib/docker/tmp, unpacks each into /var/lib/docker/overlay2/<cache-id>/diff and records it in /var/lib/docker/image/overlay2/layerdb; containerd only runs the containers. The two stores are separate: the images pulled and the containers created with the containerd store are not seen with overlay2, and the other way round, until the setting changes back.';

/** The ops only the overlay2 graph driver sends. */
const GRAPH_DRIVER_OPS: ReadonlySet<string> = new Set<Op>([
  'kernel.overlay2.init',
  'kernel.overlay2.layer',
  'kernel.overlay2.init-layer',
  'kernel.overlay2.rw-layer',
  'kernel.overlay2.remove',
  'kernel.imagedb.write',
]);

/** The ops that store images or a container's layers: a pull, a create, containerd's stores. */
const IMAGE_STORE_OPS: ReadonlySet<string> = new Set<Op>([
  'engine.images.create',
  'engine.containers.create',
  'containerd.leases.create',
  'containerd.leases.delete',
  'containerd.content.write',
  'containerd.snapshots.stat',
  'containerd.snapshots.prepare',
  'containerd.snapshots.commit',
  'containerd.snapshots.mounts',
  'containerd.snapshots.remove',
  'containerd.diff.apply',
  'containerd.images.create',
  'containerd.images.update',
  'containerd.images.get',
  'containerd.images.list',
  'containerd.images.delete',
]);

/** Messages about storing images or a container's layers, by their op. */
export const isImageStoreMessage = (op: string): boolean =>
  IMAGE_STORE_OPS.has(op) || GRAPH_DRIVER_OPS.has(op);

/**
 * Which store a message of a pull or a create belongs to: overlay2's own ops
 * say so; a pull's or a create's request is told by the store calls that
 * follow it (the first one either store makes within the next messages).
 */
export function imageStoreNote(
  m: { seq: number; op: string },
  trace: readonly { seq: number; op: string }[],
): string {
  if (GRAPH_DRIVER_OPS.has(m.op)) return GRAPH_DRIVER_NOTE;
  if (m.op !== 'engine.images.create' && m.op !== 'engine.containers.create')
    return IMAGE_STORE_NOTE;
  const at = trace.findIndex((x) => x.seq === m.seq);
  for (let i = at + 1; i > 0 && i < trace.length && i < at + 400; i++) {
    const op = trace[i]!.op;
    if (GRAPH_DRIVER_OPS.has(op)) return GRAPH_DRIVER_NOTE;
    if (op.startsWith('containerd.leases') || op.startsWith('containerd.snapshots'))
      return IMAGE_STORE_NOTE;
  }
  return IMAGE_STORE_NOTE;
}
