import type { Op } from '../../sim/trace/operations';

/**
 * Which Docker this host is, where it matters: how images are stored. Said
 * once here, shown by the inspector beside every message of a pull or a
 * create (docker-internals.md §0, "Image stores").
 */
export const IMAGE_STORE_NOTE =
  'This host uses the containerd image store: blobs live in containerd’s content store and layers in its overlayfs snapshotter (docker info: Storage Driver overlayfs, driver-type io.containerd.snapshotter.v1). Docker Engine 28 uses it only when daemon.json sets "features": {"containerd-snapshotter": true}. Engine 29.0 made it the default for fresh installs; hosts upgraded from earlier versions keep the overlay2 graph driver, where dockerd stores the layers itself.';

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
export const isImageStoreMessage = (op: string): boolean => IMAGE_STORE_OPS.has(op);
