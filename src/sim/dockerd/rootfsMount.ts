import type { Caller } from '../core/network';
import type { Host } from '../host';
import { toContainerd } from './containerdNamespace';
import type { Task } from '../core/scheduler';
import { GRPC, SNAPSHOTTER } from '../containerd/services';
import { aboutContainer } from '../trace/operations';
import { graphMountOptions, mergedDir, usesGraphDriver } from './graphStore';

/**
 * Where dockerd mounts a container's root filesystem with the containerd
 * image store: `<daemon root>/rootfs/<snapshotter>/<id>` (moby
 * `daemon/snapshotter/mount.go`, `target()`). The OCI spec's `root.path`
 * points here (moby `daemon/oci_linux.go`: `Root.Path = c.BaseFS`). With the
 * overlay2 graph driver it would be `/var/lib/docker/overlay2/<id>/merged`.
 */
export const rootfsDir = (dataRoot: string, containerId: string) =>
  `${dataRoot}/rootfs/${SNAPSHOTTER}/${containerId}`;

/** Where dockerd mounts a container's root with the store it runs: the spec's root.path. */
export const rootfsOf = (host: Host, containerId: string) =>
  usesGraphDriver(host)
    ? mergedDir(host, containerId)
    : rootfsDir(host.daemon.dataRoot, containerId);

interface SnapshotMount {
  type: string;
  source: string;
  options?: string[];
}

/**
 * `docker start`, before anything else (moby `daemon/start.go`
 * conditionalMountOnStart → `rwLayer.Mount`): dockerd asks the snapshotter
 * how to mount the container's snapshot (`Snapshots.Mounts`) and mounts it
 * itself. runc later only bind-mounts that directory and pivots into it.
 */
export function* mountRootfs(host: Host, caller: Caller, containerId: string): Task<void> {
  // ── storage: overlay2's Get: dockerd knows its layers itself; lowerdir names the short links ──
  if (usesGraphDriver(host)) {
    const options = graphMountOptions(host, containerId);
    const target = mergedDir(host, containerId);
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: `mount("overlay", "${target}", "overlay", 0, "${optionKeys(options)}")`,
      op: 'kernel.mount.overlay',
      subjects: aboutContainer(containerId),
      request: { call: 'mount', source: 'overlay', target, fstype: 'overlay', options },
      summary: `dockerd (overlay2) mounts the init layer and the image layers (lowerdir, by their short links in l/) under the container's writable diff/ at ${target}: the spec's root.path`,
    });
    return;
  }
  const r = yield* caller.call<{ mounts?: SnapshotMount[] }>({
    to: 'containerd',
    protocol: 'grpc',
    operation: GRPC.snapshotsMounts,
    op: 'containerd.snapshots.mounts',
    subjects: aboutContainer(containerId),
    request: toContainerd(host, { snapshotter: SNAPSHOTTER, key: containerId }),
    summary: "dockerd asks the snapshotter how to mount the container's snapshot",
  });
  const m = r.body?.mounts?.[0] ?? { type: 'overlay', source: 'overlay', options: [] };
  const target = rootfsDir(host.daemon.dataRoot, containerId);
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    // The options name every layer directory: the operation shows their keys only.
    operation: `mount("${m.source}", "${target}", "${m.type}", 0, "${optionKeys(m.options)}")`,
    op: 'kernel.mount.overlay',
    subjects: aboutContainer(containerId),
    request: { call: 'mount', source: m.source, target, fstype: m.type, options: m.options ?? [] },
    summary: `dockerd mounts the overlay of the image layers and the container's writable layer at ${target}: the spec's root.path`,
  });
}

/**
 * The last step of moby's `Cleanup` after the container stopped (or failed to
 * start): `rwLayer.Unmount`, a lazy unmount of the rootfs mount point.
 */
export function* unmountRootfs(host: Host, caller: Caller, containerId: string): Task<void> {
  const target = rootfsOf(host, containerId);
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `umount2("${target}", MNT_DETACH)`,
    op: 'kernel.mount.unmount',
    subjects: aboutContainer(containerId),
    request: { call: 'umount', target },
    summary:
      "dockerd unmounts the container's root filesystem (cleanup after the container stopped or failed to start)",
  });
}

/** `workdir=/a,upperdir=/b,lowerdir=/c:/d` → `workdir=…,upperdir=…,lowerdir=…`. */
function optionKeys(options: string[] = []): string {
  return options.map((o) => (o.includes('=') ? `${o.slice(0, o.indexOf('='))}=…` : o)).join(',');
}
