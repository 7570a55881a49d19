import type { Route } from '../router';
import { contextOf } from '../../core/actors';
import type { DockerdState } from '../model';
import { findContainer } from '../lookup';
import { GRPC, SNAPSHOTTER } from '../../containerd/services';
import { toContainerd } from '../containerdNamespace';
import { aboutContainer } from '../../trace/operations';
import type { LayerChange } from '../../kernel/layerChanges';
import { graphChangesDirs, usesGraphDriver } from '../graphStore';

/**
 * `GET /containers/{id}/changes` (`docker diff`), as moby 28 answers it with
 * the containerd image store (daemon/containerd/image_changes.go): the
 * container's writable snapshot compared with its parent, walked on the host.
 * moby mounts a read-only view of the parent and the container's root and
 * walks both (archive.ChangesDirs); DockScope draws that as one Snapshots.Mounts
 * (where the writable layer is) and one walk in the kernel.
 */
export const containerChangesRoutes: Route[] = [
  {
    method: 'GET',
    path: '/containers/{id}/changes',
    op: 'engine.containers.changes',
    *handler(ctx) {
      const { host } = ctx;
      const c = findContainer(contextOf<DockerdState>(host.dockerd), ctx.params.id!);
      // ── storage: with overlay2 dockerd knows its layer directories itself (graphStore.ts) ──
      const graph = usesGraphDriver(host) ? graphChangesDirs(host, c.id) : undefined;
      const mounts = graph
        ? {
            body: {
              mounts: [
                {
                  options: [`upperdir=${graph.upperdir}`, `lowerdir=${graph.lowerdirs.join(':')}`],
                },
              ],
            },
          }
        : yield* ctx.inbound.call<{ mounts?: Array<{ options?: string[] }> }>({
            to: 'containerd',
            protocol: 'grpc',
            operation: GRPC.snapshotsMounts,
            op: 'containerd.snapshots.mounts',
            subjects: aboutContainer(c.id),
            request: toContainerd(host, { snapshotter: SNAPSHOTTER, key: c.id }),
            summary: "dockerd asks the snapshotter where the container's writable layer is",
          });
      const options = mounts.body?.mounts?.[0]?.options ?? [];
      const value = (k: string) =>
        options.find((o) => o.startsWith(`${k}=`))?.slice(k.length + 1) ?? '';
      // runc created each mount point missing from the image in the root, at the first start.
      const mountpoints =
        c.startedAt === undefined
          ? []
          : [
              ...(c.mounts ?? []).map((m) => m.Destination),
              ...Object.keys(c.hostConfig.Tmpfs ?? {}),
            ];
      const upperdir = value('upperdir');
      const walk = yield* ctx.inbound.call<{ changes?: LayerChange[] }>({
        to: 'kernel',
        protocol: 'syscall',
        operation: `walk ${upperdir} (archive.ChangesDirs)`,
        op: 'kernel.layer.changes',
        subjects: aboutContainer(c.id),
        request: {
          call: 'layer.changes',
          upperdir,
          lowerdirs: value('lowerdir').split(':').filter(Boolean),
          mountpoints,
        },
        summary: "dockerd compares the container's writable layer with the image under it",
      });
      const changes = walk.body?.changes ?? [];
      return {
        status: 200,
        body: changes,
        summary: `${changes.length} change${changes.length === 1 ? '' : 's'} in ${c.name}'s writable layer`,
      };
    },
  },
];
