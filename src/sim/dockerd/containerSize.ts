/**
 * A container's sizes (`SizeRw`, `SizeRootFs`) as moby 28 measures them (with
 * overlay2, see graphDriverSize below); with the containerd image store (daemon/containerd/service.go
 * GetContainerLayerSize): the snapshotter's usage of the container's
 * writable snapshot, and that plus the usage of every snapshot under it (the
 * `<id>-init` layer, then the image's unpacked layers). `docker ps -s`,
 * `inspect --size` and `system df` all read it.
 *
 * Simplified: moby walks the parents with one Snapshots.Stat and one
 * Snapshots.Usage each; DockScope asks containerd only for the writable
 * snapshot's usage and adds the init layer's and the image layers' unpacked
 * sizes from what dockerd noted when it pulled the image.
 */
import type { Host } from '../host';
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import type { ContainerRecord, ImageRecord } from './model';
import { GRPC, SNAPSHOTTER } from '../containerd/services';
import { toContainerd } from './containerdNamespace';
import { aboutContainer } from '../trace/operations';
import { initLayerUsage } from '../kernel/layerChanges';
import { familyOf } from '../kernel/rootfsImage';
import { graphChangesDirs, usesGraphDriver } from './graphStore';

export interface ContainerSize {
  SizeRw: number;
  SizeRootFs: number;
}

export function* containerSize(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  image: ImageRecord | undefined,
): Task<ContainerSize> {
  if (usesGraphDriver(host)) return yield* graphDriverSize(host, caller, c, image);
  const r = yield* caller.call<{ size?: number }>({
    to: 'containerd',
    protocol: 'grpc',
    operation: GRPC.snapshotsUsage,
    op: 'containerd.snapshots.usage',
    subjects: aboutContainer(c.id),
    request: toContainerd(host, { snapshotter: SNAPSHOTTER, key: c.id }),
    summary: `dockerd asks the snapshotter how much disk ${c.name}'s writable layer uses`,
  });
  const rw = r.body?.size ?? 0;
  // Simplified: after `rmi --force` dockerd no longer holds the image's record and
  // DockScope counts its layers as nothing (containerd keeps them for the container).
  const parents = image
    ? initLayerUsage(familyOf(image.repository)) +
      image.layers.reduce((n, l) => n + l.unpackedSize, 0)
    : 0;
  return { SizeRw: rw, SizeRootFs: rw + parents };
}

/**
 * With the overlay2 graph driver (moby daemon/images GetContainerLayerSize): the RW layer's
 * Size, overlay2's DiffSize of its diff/ directory (file bytes, a fresh container 0B), measured
 * by dockerd itself without containerd; SizeRootFs adds the image's layer chain (the init
 * layer is not counted: the RW layer's parent is the image's top layer).
 */
function* graphDriverSize(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  image: ImageRecord | undefined,
): Task<ContainerSize> {
  const { upperdir, lowerdirs } = graphChangesDirs(host, c.id);
  const r = yield* caller.call<{ size?: number }>({
    to: 'kernel',
    protocol: 'syscall',
    operation: `walk ${upperdir} (directory.Size)`,
    op: 'kernel.layer.size',
    subjects: aboutContainer(c.id),
    request: { call: 'layer.usage', upperdir, lowerdirs, bytes: true },
    summary: `dockerd adds up the bytes of the files in ${c.name}'s writable layer (overlay2's DiffSize)`,
  });
  const rw = r.body?.size ?? 0;
  const parents = image ? image.layers.reduce((n, l) => n + l.unpackedSize, 0) : 0;
  return { SizeRw: rw, SizeRootFs: rw + parents };
}
