import type { Op } from '../core/types';
/**
 * The containerd gRPC methods dockerd calls, by full name, as they appear on
 * the wire (`/containerd.services.tasks.v1.Tasks/Create`), and the ttrpc
 * methods containerd calls on a shim.
 */
export const GRPC = {
  leasesCreate: 'containerd.services.leases.v1.Leases/Create',
  leasesDelete: 'containerd.services.leases.v1.Leases/Delete',
  contentInfo: 'containerd.services.content.v1.Content/Info',
  contentWrite: 'containerd.services.content.v1.Content/Write',
  contentDelete: 'containerd.services.content.v1.Content/Delete',
  snapshotsStat: 'containerd.services.snapshots.v1.Snapshots/Stat',
  snapshotsPrepare: 'containerd.services.snapshots.v1.Snapshots/Prepare',
  snapshotsCommit: 'containerd.services.snapshots.v1.Snapshots/Commit',
  snapshotsMounts: 'containerd.services.snapshots.v1.Snapshots/Mounts',
  snapshotsRemove: 'containerd.services.snapshots.v1.Snapshots/Remove',
  snapshotsUsage: 'containerd.services.snapshots.v1.Snapshots/Usage',
  diffApply: 'containerd.services.diff.v1.Diff/Apply',
  imagesGet: 'containerd.services.images.v1.Images/Get',
  imagesList: 'containerd.services.images.v1.Images/List',
  imagesCreate: 'containerd.services.images.v1.Images/Create',
  imagesUpdate: 'containerd.services.images.v1.Images/Update',
  imagesDelete: 'containerd.services.images.v1.Images/Delete',
  containersCreate: 'containerd.services.containers.v1.Containers/Create',
  containersDelete: 'containerd.services.containers.v1.Containers/Delete',
  containersGet: 'containerd.services.containers.v1.Containers/Get',
  tasksCreate: 'containerd.services.tasks.v1.Tasks/Create',
  tasksStart: 'containerd.services.tasks.v1.Tasks/Start',
  tasksKill: 'containerd.services.tasks.v1.Tasks/Kill',
  tasksDelete: 'containerd.services.tasks.v1.Tasks/Delete',
  tasksExec: 'containerd.services.tasks.v1.Tasks/Exec',
  tasksDeleteProcess: 'containerd.services.tasks.v1.Tasks/DeleteProcess',
  tasksResizePty: 'containerd.services.tasks.v1.Tasks/ResizePty',
  // ── life: docker pause / unpause ──
  tasksPause: 'containerd.services.tasks.v1.Tasks/Pause',
  tasksResume: 'containerd.services.tasks.v1.Tasks/Resume',
  eventsSubscribe: 'containerd.services.events.v1.Events/Subscribe',
  // ── res ──
  tasksUpdate: 'containerd.services.tasks.v1.Tasks/Update',
  tasksMetrics: 'containerd.services.tasks.v1.Tasks/Metrics',
  // ── daemon: restore and reconnect ──
  tasksGet: 'containerd.services.tasks.v1.Tasks/Get',
  version: 'containerd.services.version.v1.Version/Version',
  // ── obs: docker top ──
  tasksListPids: 'containerd.services.tasks.v1.Tasks/ListPids',
} as const;

export const TTRPC = {
  create: 'containerd.task.v2.Task/Create',
  start: 'containerd.task.v2.Task/Start',
  kill: 'containerd.task.v2.Task/Kill',
  delete: 'containerd.task.v2.Task/Delete',
  shutdown: 'containerd.task.v2.Task/Shutdown',
  exec: 'containerd.task.v2.Task/Exec',
  resizePty: 'containerd.task.v2.Task/ResizePty',
  forward: 'containerd.services.events.ttrpc.v1.Events/Forward',
  // ── life: docker pause / unpause ──
  pause: 'containerd.task.v2.Task/Pause',
  resume: 'containerd.task.v2.Task/Resume',
  // ── obs: docker top ──
  pids: 'containerd.task.v2.Task/Pids',
  // ── res ──
  update: 'containerd.task.v2.Task/Update',
  stats: 'containerd.task.v2.Task/Stats',
  // ── daemon: a restarted containerd asks a running shim for its PIDs ──
  connect: 'containerd.task.v2.Task/Connect',
} as const;

/**
 * The catalogue's op for each gRPC method dockerd calls: a call site names the
 * wire method, and only a method listed here type-checks.
 */
export const GRPC_OP = {
  [GRPC.leasesCreate]: 'containerd.leases.create',
  [GRPC.leasesDelete]: 'containerd.leases.delete',
  [GRPC.contentWrite]: 'containerd.content.write',
  [GRPC.snapshotsStat]: 'containerd.snapshots.stat',
  [GRPC.snapshotsPrepare]: 'containerd.snapshots.prepare',
  [GRPC.snapshotsCommit]: 'containerd.snapshots.commit',
  [GRPC.snapshotsMounts]: 'containerd.snapshots.mounts',
  [GRPC.snapshotsRemove]: 'containerd.snapshots.remove',
  [GRPC.snapshotsUsage]: 'containerd.snapshots.usage',
  [GRPC.diffApply]: 'containerd.diff.apply',
  [GRPC.imagesGet]: 'containerd.images.get',
  [GRPC.imagesList]: 'containerd.images.list',
  [GRPC.imagesCreate]: 'containerd.images.create',
  [GRPC.imagesUpdate]: 'containerd.images.update',
  [GRPC.imagesDelete]: 'containerd.images.delete',
  [GRPC.containersCreate]: 'containerd.containers.create',
  [GRPC.containersDelete]: 'containerd.containers.delete',
  [GRPC.tasksCreate]: 'containerd.tasks.create',
  [GRPC.tasksStart]: 'containerd.tasks.start',
  [GRPC.tasksKill]: 'containerd.tasks.kill',
  [GRPC.tasksDelete]: 'containerd.tasks.delete',
  [GRPC.version]: 'containerd.version.get',
  [GRPC.containersGet]: 'containerd.containers.get',
  [GRPC.tasksExec]: 'containerd.tasks.exec',
  [GRPC.tasksDeleteProcess]: 'containerd.tasks.delete-process',
  [GRPC.tasksResizePty]: 'containerd.tasks.resize-pty',
  // ── life ──
  [GRPC.tasksPause]: 'containerd.tasks.pause',
  [GRPC.tasksResume]: 'containerd.tasks.resume',
  // ── obs ──
  [GRPC.tasksListPids]: 'containerd.tasks.pids',
  // ── res ──
  [GRPC.tasksUpdate]: 'containerd.tasks.update',
  [GRPC.tasksMetrics]: 'containerd.tasks.metrics',
  // ── daemon ──
  [GRPC.tasksGet]: 'containerd.tasks.get',
  [GRPC.eventsSubscribe]: 'containerd.events.subscribe',
} as const satisfies Record<string, Op>;

/** A gRPC method dockerd calls (one the catalogue knows). */
export type GrpcMethod = keyof typeof GRPC_OP;

/** The namespace dockerd uses in containerd unless `--containerd-namespace` names another. */
export const NAMESPACE = 'moby';
export const SNAPSHOTTER = 'overlayfs';
export const RUNTIME = 'io.containerd.runc.v2';

/** The task's bundle: containerd's runtime v2 state directory, per namespace. */
export const bundleDir = (namespace: string, id: string) =>
  `/run/containerd/io.containerd.runtime.v2.task/${namespace}/${id}`;
/**
 * runc's `--root` as the runc shim sets it: the `root` of the runtime options
 * dockerd gave the container (`<exec-root>/runtime-runc`), then the namespace.
 */
export const runcRoot = (optionsRoot: string, namespace: string) => `${optionsRoot}/${namespace}`;
/** containerd's runc shim's default `root` option, when the container's runtime gives none. */
export const DEFAULT_RUNC_ROOT = '/run/containerd/runc';

export const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGWINCH: 28,
};

/** `KILL`, `9`, `SIGKILL` → `SIGKILL`; undefined when unknown. */
export function normalizeSignal(input: string): string | undefined {
  const s = input.trim().toUpperCase();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
  }
  const name = s.startsWith('SIG') ? s : `SIG${s}`;
  return Object.hasOwn(SIGNALS, name) ? name : undefined;
}
