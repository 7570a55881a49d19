import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import type { Message } from '../core/types';
import { commit, contextOf } from '../core/actors';
import { shimId } from '../core/types';
import type { ContainerdState } from './containerdMachine';
import { DEFAULT_RUNC_ROOT, GRPC, NAMESPACE, TTRPC, bundleDir } from './services';
import { SHIM_START } from '../shim/shimServer';
import type { OciSpec } from '../dockerd/ociSpec';
import { forwardToShim, taskIdOf } from './taskResources';
import { aboutContainer, aboutExec } from '../trace/operations';
import { shared } from '../trace/shared';
import { cleanUpAfterDeadShim, isShimClosed } from './deadShim';

/** What the containerd.io package's Version RPC reports (no `v`: that is a source build). */
export const CONTAINERD_VERSION = '1.7.27';
export const CONTAINERD_REVISION = '05044ec0a9a75232cad458027ca83437aae3f4da';

type Req = Record<string, unknown>;
const ok = (summary: string, body?: unknown): Reply => ({ status: 'OK', body, summary });

type Store = Host['containerd'];

/**
 * The ttrpc metadata containerd puts on its calls to a shim: the namespace of the
 * gRPC call that led to them (containerd namespaces.TTRPCHeader; its server sets it
 * on every outgoing ttrpc request).
 */
const ttrpcMetadataOf = new Map<string, Readonly<Record<string, string>>>();
export function ttrpcMetadata(ns: string): Readonly<Record<string, string>> {
  let md = ttrpcMetadataOf.get(ns);
  if (!md) ttrpcMetadataOf.set(ns, (md = Object.freeze({ 'containerd-namespace-ttrpc': ns })));
  return md;
}

/**
 * The namespace of a call: its gRPC metadata `containerd-namespace`
 * (containerd namespaces.GRPCHeader). A call without one would be refused by
 * containerd ("namespace is required"); every dockerd call carries one.
 */
export function namespaceOf(request: unknown): string | undefined {
  const md = (request as { metadata?: Record<string, string> } | undefined)?.metadata;
  return md?.['containerd-namespace'];
}

/**
 * The daemon that gets a namespace's task events: each dockerd subscribed when it
 * started (before the trace begins) with the filter `namespace==<its namespace>,topic~=|^/tasks/|`
 * (moby libcontainerd/remote processEventStream).
 */
const subscriberOf = (host: Host, ns: string) => host.daemonInNamespace(ns)?.daemonId ?? 'dockerd';

/**
 * containerd's gRPC API as dockerd uses it: content store, overlayfs
 * snapshots, images, containers and tasks, each call in the namespace its
 * metadata names (`moby` for the machine's first dockerd). containerd keeps one
 * metadata store per namespace (`host.daemonInNamespace(ns).containerd`), so two
 * daemons on one machine see none of each other's objects. Task calls are passed
 * on to the container's shim over ttrpc.
 */
export function containerdHandler(host: Host) {
  return function* (inbound: Inbound): Task<Reply> {
    const req = (inbound.request ?? {}) as Req;
    const id = String(req.container_id ?? req.id ?? '');
    const ns = namespaceOf(req) ?? NAMESPACE;
    const store: Store | undefined = host.daemonInNamespace(ns)?.containerd;
    if (!store && inbound.operation !== GRPC.version)
      return {
        status: 'FailedPrecondition',
        summary: `namespace ${ns}: no daemon of this machine uses it (DockScope simulates only those)`,
      };
    const state = () => contextOf<ContainerdState>(store!);
    switch (inbound.operation) {
      case GRPC.version:
        return ok(`containerd ${CONTAINERD_VERSION}`, {
          version: CONTAINERD_VERSION,
          revision: CONTAINERD_REVISION,
        });
      case GRPC.leasesCreate:
        commit(store!, { type: 'lease.created', id: String(req.id) });
        return ok('lease created: content fetched under it cannot be garbage-collected mid-pull', {
          lease: { id: req.id },
        });
      case GRPC.leasesDelete:
        commit(store!, { type: 'lease.deleted', id: String(req.id) });
        return ok('lease released');
      case GRPC.contentInfo: {
        const c = state().content[String(req.digest)];
        return c
          ? ok('the blob is in the content store', { info: { digest: req.digest, size: c.size } })
          : { status: 'NotFound', summary: 'not in the content store' };
      }
      case GRPC.contentWrite: {
        const digest = String(req.expected ?? req.ref);
        if (req.action === 'stat') {
          if (state().content[digest])
            return {
              status: 'AlreadyExists',
              summary: `content ${digest.slice(7, 19)} already exists`,
            };
          // The "shared" content policy (containerd's default): a blob another namespace
          // already committed is on disk once for the machine, so the writer starts out
          // complete and the caller commits it here without fetching it again.
          const total = Number(req.total ?? 0);
          if (host.daemons.some((d) => contextOf<ContainerdState>(d.containerd).content[digest]))
            return ok(
              `the blob is already on disk (another namespace committed it): with the shared content policy the writer starts complete, ${total} of ${total} bytes`,
              { action: 'STAT', offset: total, total },
            );
          return ok('writer opened', { action: 'STAT', offset: 0 });
        }
        commit(store!, {
          type: 'content.written',
          digest,
          size: Number(req.total ?? 0),
          mediaType: String(req.mediaType ?? ''),
          labels: req.labels as Record<string, string> | undefined,
        });
        return ok('blob committed to the content store', {
          action: 'COMMIT',
          digest,
          offset: req.total,
        });
      }
      case GRPC.snapshotsStat: {
        const s = state().snapshots[String(req.key)];
        return s
          ? ok('snapshot exists', {
              info: { name: req.key, kind: s.kind.toUpperCase(), parent: s.parent ?? '' },
            })
          : { status: 'NotFound', summary: 'no such snapshot' };
      }
      case GRPC.snapshotsPrepare: {
        if (state().snapshots[String(req.key)])
          return { status: 'AlreadyExists', summary: 'snapshot key exists' };
        // The metadata snapshotter refuses a Prepare whose target (the
        // containerd.io/snapshot.ref label) already exists: the unpacker's
        // "already unpacked" answer (core/metadata/snapshot.go createSnapshot).
        const target = (req.labels as Record<string, string> | undefined)?.[
          'containerd.io/snapshot.ref'
        ];
        if (target && state().snapshots[target])
          return { status: 'AlreadyExists', summary: `target snapshot ${target} exists` };
        commit(store!, {
          type: 'snapshot.prepared',
          key: String(req.key),
          parent: (req.parent as string) || undefined,
        });
        return ok('overlayfs snapshot prepared', snapshotMounts(state(), String(req.key)));
      }
      case GRPC.snapshotsCommit:
        commit(store!, {
          type: 'snapshot.committed',
          key: String(req.key),
          name: String(req.name),
        });
        return ok('snapshot committed (read-only from now on)');
      case GRPC.snapshotsMounts:
        return ok('mounts for the container rootfs', snapshotMounts(state(), String(req.key)));
      case GRPC.snapshotsUsage: {
        const key = String(req.key);
        const snap = state().snapshots[key];
        if (!snap) return { status: 'NotFound', summary: `snapshot ${key} does not exist` };
        // An active snapshot's usage is measured now (a du of its upperdir); a committed
        // one's was measured at Commit and kept. DockScope measures only active ones:
        // dockerd adds the image's layers from what it noted at the pull.
        if (snap.kind !== 'active')
          return {
            status: 'Unimplemented',
            summary: 'DockScope keeps no usage for committed snapshots',
          };
        const [mount] = overlayMounts(state(), key);
        const opt = (k: string) =>
          mount!.options.find((o) => o.startsWith(`${k}=`))?.slice(k.length + 1) ?? '';
        const upperdir = opt('upperdir');
        const du = yield* inbound.call<{ size?: number; inodes?: number }>({
          to: 'kernel',
          protocol: 'syscall',
          operation: `walk ${upperdir} (fs.DiskUsage)`,
          op: 'kernel.layer.usage',
          subjects: aboutContainer(key),
          request: {
            call: 'layer.usage',
            upperdir,
            lowerdirs: opt('lowerdir').split(':').filter(Boolean),
          },
          summary: "containerd's snapshotter adds up the blocks in the writable layer",
        });
        const usage = { size: du.body?.size ?? 0, inodes: du.body?.inodes ?? 0 };
        return ok(`${usage.size} bytes, ${usage.inodes} inodes`, usage);
      }
      case GRPC.snapshotsRemove: {
        const key = String(req.key);
        commit(store!, { type: 'snapshot.removed', key });
        // The overlay snapshotter's Remove renames the snapshot's directory and
        // deletes it (os.RemoveAll): a writable layer's files go with it.
        const dir = snapshotDir(key);
        yield* inbound.call({
          to: 'kernel',
          protocol: 'syscall',
          operation: `unlinkat ${dir} (os.RemoveAll)`,
          op: 'kernel.snapshot.remove',
          // A container's writable or init layer: dockerd removes those by the container's ID.
          subjects: aboutContainer(key.replace(/-init$/, '')),
          request: { call: 'file.remove', path: dir, what: `${dir} removed` },
          summary:
            "containerd's snapshotter deletes the snapshot's directory, and any files written into it",
        });
        return ok('snapshot removed');
      }
      case GRPC.diffApply:
        return ok('layer unpacked into the snapshot', {
          applied: { digest: req.diff_id, media_type: 'application/vnd.oci.image.layer.v1.tar' },
        });
      case GRPC.imagesGet: {
        const img = state().images[String(req.name)];
        return img
          ? ok('image record found', { image: wireImage(String(req.name), img) })
          : { status: 'NotFound', summary: `image "${String(req.name)}": not found` };
      }
      case GRPC.imagesList: {
        const images = imageList(state(), (req.filters as string[] | undefined) ?? []);
        return ok(`${images.length} image record${images.length === 1 ? '' : 's'}`, { images });
      }
      case GRPC.imagesCreate:
      case GRPC.imagesUpdate: {
        const image = (req.image ?? {}) as Partial<WireImage>;
        const name = String(image.name ?? '');
        const exists = !!state().images[name];
        const creating = inbound.operation === GRPC.imagesCreate;
        if (creating && exists)
          return { status: 'AlreadyExists', summary: `image "${name}": already exists` };
        if (!creating && !exists)
          return { status: 'NotFound', summary: `image "${name}": not found` };
        const t = image.target ?? { media_type: '', digest: '', size: 0 };
        commit(store!, {
          type: creating ? 'image.created' : 'image.updated',
          name,
          target: { mediaType: t.media_type, digest: t.digest, size: t.size },
          labels: image.labels ?? {},
          at: host.isoTime(host.scheduler.now),
        });
        return ok(creating ? 'image record created' : 'image record updated', {
          image: wireImage(name, state().images[name]!),
        });
      }
      case GRPC.imagesDelete: {
        if (!state().images[String(req.name)])
          return { status: 'NotFound', summary: `image "${String(req.name)}": not found` };
        commit(store!, { type: 'image.deleted', name: String(req.name) });
        if (!req.sync) return ok('image name deleted');
        const swept = collectGarbage(store!);
        return ok(
          `image deleted; garbage collection removed ${swept.content} blobs and ${swept.snapshots} snapshots no other image or container uses`,
        );
      }
      case GRPC.containersCreate:
        commit(store!, {
          type: 'container.created',
          id,
          runtime: runtimeOf(req).name,
          runtimeRoot: runtimeOf(req).root,
          ...(runtimeOf(req).systemdCgroup === false ? { systemdCgroup: false } : {}),
          snapshotKey: typeof req.snapshot_key === 'string' ? req.snapshot_key : '',
          image: String(req.image),
          // Kept in containerd's metadata store; written into the bundle at Tasks.Create.
          spec: req.spec as OciSpec,
        });
        return ok('container metadata stored (no process yet)', { container: { id } });
      case GRPC.containersDelete:
        commit(store!, { type: 'container.deleted', id });
        return ok('container metadata deleted');
      case GRPC.tasksCreate:
        return yield* createTask(store!, ns, inbound, id);
      case GRPC.containersGet: {
        const c = state().containers[id];
        return c
          ? ok('the container record, with the spec dockerd registered', {
              container: { id, image: c.image, runtime: { name: c.runtime }, spec: c.spec },
            })
          : { status: 'NotFound', summary: `container "${id}" in namespace "${ns}": not found` };
      }
      case GRPC.tasksExec:
      case GRPC.tasksDeleteProcess:
        return yield* execCall(host, state(), ns, inbound, id);
      case GRPC.tasksResizePty: {
        if (typeof req.exec_id === 'string' && req.exec_id !== '')
          return yield* execCall(host, state(), ns, inbound, id);
        if (!state().tasks[id]) return { status: 'NotFound', summary: 'no task' };
        const r = yield* inbound.call({
          to: shimId(id),
          protocol: 'ttrpc',
          operation: TTRPC.resizePty,
          op: 'shim.task.resize-pty',
          subjects: aboutContainer(id),
          request: { metadata: ttrpcMetadata(ns), id, width: req.width, height: req.height },
          summary: 'containerd asks the shim to resize the task’s pty',
        });
        return r.status === 'OK'
          ? ok('pty resized')
          : { status: r.status, summary: 'resize failed' };
      }
      case GRPC.tasksStart: {
        if (typeof req.exec_id === 'string' && req.exec_id !== '')
          return yield* execCall(host, state(), ns, inbound, id);
        const r = yield* inbound.call<{ pid: number }>({
          to: shimId(id),
          protocol: 'ttrpc',
          operation: TTRPC.start,
          op: 'shim.task.start',
          subjects: aboutContainer(id),
          request: { metadata: ttrpcMetadata(ns), id },
          summary: 'containerd asks the shim to start the task',
        });
        if (r.status !== 'OK') return { status: 'Unknown', body: r.body, summary: 'start failed' };
        if (state().tasks[id]?.status === 'created') commit(store!, { type: 'task.started', id });
        inbound.send({
          to: subscriberOf(host, ns),
          protocol: 'event',
          operation: '/tasks/start',
          op: 'containerd.events.start',
          subjects: aboutContainer(id),
          request: { namespace: ns, container_id: id, pid: r.body?.pid },
          summary: `containerd publishes TaskStart in namespace ${ns}, to the dockerd that subscribed to it`,
        });
        return ok('task running', { pid: r.body?.pid });
      }
      // ── obs: docker top asks the shim for the task's PIDs ──
      case GRPC.tasksListPids: {
        if (!state().tasks[id]) return { status: 'NotFound', summary: 'no task' };
        const r = yield* inbound.call<{ processes?: Array<{ pid: number }> }>({
          to: shimId(id),
          protocol: 'ttrpc',
          operation: TTRPC.pids,
          op: 'shim.task.pids',
          subjects: aboutContainer(id),
          request: { metadata: ttrpcMetadata(ns), id },
          summary: 'containerd asks the shim which processes the task has',
        });
        const processes = r.body?.processes ?? [];
        return ok(`${processes.length} process${processes.length === 1 ? '' : 'es'}`, {
          processes,
        });
      }
      // ── res: new limits for a running task, and its cgroup counters (taskResources.ts) ──
      case GRPC.tasksUpdate:
      case GRPC.tasksMetrics: {
        const tid = taskIdOf(inbound.operation, req, id);
        if (!state().tasks[tid]) return { status: 'NotFound', summary: 'no task' };
        return yield* forwardToShim(inbound, ns, tid, inbound.operation, req);
      }
      case GRPC.tasksKill: {
        if (!state().tasks[id]) return { status: 'NotFound', summary: 'no task' };
        yield* inbound.call({
          to: shimId(id),
          protocol: 'ttrpc',
          operation: TTRPC.kill,
          op: 'shim.task.kill',
          subjects: aboutContainer(id),
          request: { metadata: ttrpcMetadata(ns), id, signal: req.signal },
          summary: 'containerd asks the shim to signal the task',
        });
        return ok('signal sent');
      }
      // ── life: Tasks.Pause / Tasks.Resume go on to the shim (runc pause / resume) ──
      case GRPC.tasksPause:
      case GRPC.tasksResume: {
        if (!state().tasks[id]) return { status: 'NotFound', summary: 'no task' };
        const pause = inbound.operation === GRPC.tasksPause;
        const r = yield* inbound.call({
          to: shimId(id),
          protocol: 'ttrpc',
          operation: pause ? TTRPC.pause : TTRPC.resume,
          op: pause ? 'shim.task.pause' : 'shim.task.resume',
          subjects: aboutContainer(id),
          request: { metadata: ttrpcMetadata(ns), id },
          summary: `containerd asks the shim to ${pause ? 'pause' : 'resume'} the task`,
        });
        if (r.status !== 'OK')
          return { status: 'Unknown', body: r.body, summary: 'the shim failed' };
        return ok(pause ? 'task paused' : 'task resumed');
      }
      case GRPC.tasksDelete: {
        if (!state().tasks[id]) return { status: 'NotFound', summary: 'no task' };
        const r = yield* inbound.call<{ exit_status: number }>({
          to: shimId(id),
          protocol: 'ttrpc',
          operation: TTRPC.delete,
          op: 'shim.task.delete',
          subjects: aboutContainer(id),
          request: { metadata: ttrpcMetadata(ns), id },
          summary: 'containerd asks the shim to delete the task',
        });
        yield* inbound.call({
          to: shimId(id),
          protocol: 'ttrpc',
          operation: TTRPC.shutdown,
          op: 'shim.task.shutdown',
          subjects: aboutContainer(id),
          request: { metadata: ttrpcMetadata(ns), id },
          summary: 'no task left: containerd tells the shim to exit',
        });
        commit(store!, { type: 'task.deleted', id });
        yield* removeBundle(inbound, ns, id);
        return ok('task deleted', { pid: 0, exit_status: r.body?.exit_status ?? 0 });
      }
      default:
        return { status: 'Unimplemented', summary: `${inbound.operation} is not simulated` };
    }
  };
}

/**
 * The calls about a task's extra processes (`docker exec`): Tasks.Exec registers one with the
 * shim, Tasks.Start with its exec ID starts it, Tasks.DeleteProcess forgets it. containerd
 * passes each on to the task's shim; the shim keeps the processes, containerd's metadata
 * store does not.
 */
function* execCall(
  host: Host,
  state: ContainerdState,
  ns: string,
  inbound: Inbound,
  id: string,
): Task<Reply> {
  const req = (inbound.request ?? {}) as Req;
  const execId = String(req.exec_id ?? '');
  const subjects = aboutExec(id, execId);
  if (!state.tasks[id])
    return { status: 'NotFound', summary: `no task for container ${id.slice(0, 12)}…` };
  const metadata = ttrpcMetadata(ns);
  switch (inbound.operation) {
    case GRPC.tasksResizePty: {
      const r = yield* inbound.call({
        to: shimId(id),
        protocol: 'ttrpc',
        operation: TTRPC.resizePty,
        op: 'shim.task.resize-pty',
        subjects,
        request: { metadata, id, exec_id: execId, width: req.width, height: req.height },
        summary: 'containerd asks the shim to resize the exec process’s pty',
      });
      return r.status === 'OK'
        ? ok('pty resized')
        : { status: r.status, body: r.body, summary: `process ${execId} does not exist` };
    }
    case GRPC.tasksExec: {
      const r = yield* inbound.call({
        to: shimId(id),
        protocol: 'ttrpc',
        operation: TTRPC.exec,
        op: 'shim.task.exec',
        subjects,
        request: {
          metadata,
          id,
          exec_id: execId,
          terminal: req.terminal ?? false,
          stdin: req.stdin ?? '',
          stdout: req.stdout ?? '',
          stderr: req.stderr ?? '',
          spec: req.spec,
        },
        summary: 'containerd passes the exec process on to the container’s shim',
      });
      if (r.status !== 'OK')
        return { status: r.status, body: r.body, summary: 'the shim refused the exec' };
      inbound.send({
        to: subscriberOf(host, ns),
        protocol: 'event',
        operation: '/tasks/exec-added',
        op: 'containerd.events.exec-added',
        subjects,
        request: { namespace: ns, container_id: id, exec_id: execId },
        summary: `containerd publishes TaskExecAdded in namespace ${ns}; dockerd's event loop receives it and does nothing with it`,
      });
      return ok('exec process added to the task');
    }
    case GRPC.tasksStart: {
      const r = yield* inbound.call<{ pid?: number; error?: string }>({
        to: shimId(id),
        protocol: 'ttrpc',
        operation: TTRPC.start,
        op: 'shim.exec.start',
        subjects,
        request: { metadata, id, exec_id: execId },
        summary: 'containerd asks the shim to start the exec process',
      });
      if (r.status !== 'OK')
        return {
          status: 'Unknown',
          // containerd's errdefs give an error of no known kind the code Unknown, which
          // the client shows as ": unknown" after the text.
          body: { error: `${r.body?.error ?? 'unknown'}: unknown` },
          summary: 'the exec process did not start',
        };
      inbound.send({
        to: subscriberOf(host, ns),
        protocol: 'event',
        operation: '/tasks/exec-started',
        op: 'containerd.events.exec-started',
        subjects,
        request: { namespace: ns, container_id: id, exec_id: execId, pid: r.body?.pid },
        summary: `containerd publishes TaskExecStarted (PID ${r.body?.pid}); dockerd receives it and does nothing with it`,
      });
      return ok(`exec process running, PID ${r.body?.pid}`, { pid: r.body?.pid });
    }
    default: {
      const r = yield* inbound.call<{ exit_status?: number }>({
        to: shimId(id),
        protocol: 'ttrpc',
        operation: TTRPC.delete,
        op: 'shim.exec.delete',
        subjects,
        request: { metadata, id, exec_id: execId },
        summary: 'containerd asks the shim to delete the exec process',
      });
      return r.status === 'OK'
        ? ok('exec process deleted', { exit_status: r.body?.exit_status ?? 0 })
        : { status: r.status, summary: 'no such exec process' };
    }
  }
}

/** Container.Runtime as dockerd sends it: the shim's name and the runc options (their root). */
function runtimeOf(req: Req): { name: string; root?: string; systemdCgroup?: boolean } {
  const r = req.runtime as
    { name?: string; options?: { root?: string; systemd_cgroup?: boolean } } | string | undefined;
  if (typeof r === 'string') return { name: r };
  return {
    name: String(r?.name ?? ''),
    root: r?.options?.root,
    systemdCgroup: r?.options?.systemd_cgroup,
  };
}

function* createTask(store: Store, ns: string, inbound: Inbound, id: string): Task<Reply> {
  const self = shimId(id);
  const asked = (inbound.request ?? {}) as Partial<
    Record<'stdin' | 'stdout' | 'stderr', string>
  > & {
    terminal?: boolean;
  };
  const stdio = {
    terminal: asked.terminal ?? false,
    stdin: asked.stdin ?? '',
    stdout: asked.stdout ?? '',
    stderr: asked.stderr ?? '',
  };
  // The runtime v2 task manager writes the bundle before it starts the shim
  // (core/runtime/v2 NewBundle): config.json is what the shim and runc read.
  const spec = contextOf<ContainerdState>(store).containers[id]?.spec;
  const config = `${bundleDir(ns, id)}/config.json`;
  yield* inbound.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `write ${config}`,
    op: 'kernel.bundle.write',
    subjects: aboutContainer(id),
    request: {
      call: 'file.write',
      files: spec ? [{ path: config, content: spec }] : [],
      what: 'config.json written',
    },
    summary:
      'containerd writes the bundle: config.json, the spec dockerd registered with Containers/Create',
  });
  // Exec'ing the shim binary starts it (the kernel gives it a PID, the shim sets itself up);
  // containerd only learns its address from what `start` prints.
  const start = yield* inbound.call({
    to: self,
    protocol: 'exec',
    operation: SHIM_START,
    op: 'shim.binary.start',
    subjects: aboutContainer(id),
    request: {
      argv: [
        'containerd-shim-runc-v2',
        '-namespace',
        ns,
        '-address',
        '/run/containerd/containerd.sock',
        '-publish-binary',
        '/usr/bin/containerd',
        '-id',
        id,
        'start',
      ],
    },
    summary: "containerd starts a shim for this container; it will stay as the container's parent",
  });
  void start;
  const r = yield* inbound.call<{ pid: number; error?: string }>({
    to: self,
    protocol: 'ttrpc',
    operation: TTRPC.create,
    op: 'shim.task.create',
    subjects: aboutContainer(id),
    request: {
      metadata: ttrpcMetadata(ns),
      id,
      bundle: bundleDir(ns, id),
      // The container's runtime options, passed on to the shim (runc's root comes from them).
      options: {
        root: contextOf<ContainerdState>(store).containers[id]?.runtimeRoot ?? DEFAULT_RUNC_ROOT,
        // ── daemon: only the cgroupfs driver says so; the systemd driver's true is left as it was ──
        ...(contextOf<ContainerdState>(store).containers[id]?.systemdCgroup === false
          ? { systemd_cgroup: false }
          : {}),
      },
      // The stdio dockerd asked for in Tasks/Create, passed on as they are.
      terminal: stdio.terminal,
      stdin: stdio.stdin,
      stdout: stdio.stdout,
      stderr: stdio.stderr,
    },
    summary: 'containerd asks the shim to create the task',
  });
  if (r.status !== 'OK') {
    yield* inbound.call({
      to: self,
      protocol: 'ttrpc',
      operation: TTRPC.shutdown,
      op: 'shim.task.shutdown',
      subjects: aboutContainer(id),
      request: { metadata: ttrpcMetadata(ns), id },
      summary: 'no task: containerd tells the shim to exit',
    });
    yield* removeBundle(inbound, ns, id);
    return { status: 'Unknown', body: r.body, summary: 'failed to create shim task' };
  }
  commit(store, { type: 'task.created', id, pid: r.body?.pid ?? 0 });
  return ok(`task created, PID ${r.body?.pid}`, { container_id: id, pid: r.body?.pid });
}

/** TaskExit forwarded by a shim: record it and publish it to dockerd's event subscription. */
export function containerdReceiver(host: Host) {
  return (m: Message): void => {
    const topic =
      (m.request as {
        namespace?: string;
        topic?: string;
        event?: { id: string; pid: number; exit_status: number };
      }) ?? {};
    // ── fault: a shim's connection closed under containerd: clean up after it (deadShim.ts) ──
    if (isShimClosed(m)) return cleanUpAfterDeadShim(host, m);
    // ── res: TaskOOM from a shim goes on to the namespace's subscriber (oomWatch.ts) ──
    if (topic.topic === '/tasks/oom' && topic.event) {
      const ns = topic.namespace ?? NAMESPACE;
      const id = (topic.event as { container_id?: string }).container_id ?? '';
      host.net.send('containerd', {
        to: subscriberOf(host, ns),
        protocol: 'event',
        operation: '/tasks/oom',
        op: 'containerd.events.oom',
        subjects: aboutContainer(id),
        request: { namespace: ns, container_id: id },
        summary: `containerd publishes TaskOOM in namespace ${ns} to the dockerd that subscribed`,
      });
      return;
    }
    if (topic.topic !== '/tasks/exit' || !topic.event) return;
    const { id, pid, exit_status } = topic.event;
    // The event's envelope names the namespace the shim serves (its -namespace).
    const ns = topic.namespace ?? NAMESPACE;
    const store = host.daemonInNamespace(ns)?.containerd;
    if (!store) return;
    const containerId = (topic.event as { container_id?: string }).container_id ?? id;
    if (containerId !== id) {
      // An exec'd process: the task itself runs on; the event names both IDs.
      host.net.send('containerd', {
        to: subscriberOf(host, ns),
        protocol: 'event',
        operation: '/tasks/exit',
        op: 'containerd.events.exec-exit',
        subjects: aboutExec(containerId, id),
        request: { namespace: ns, container_id: containerId, id, pid, exit_status },
        summary: `containerd publishes TaskExit for exec ${id.slice(0, 12)}… (status ${exit_status}); the container runs on`,
      });
      return;
    }
    if (contextOf<ContainerdState>(store).tasks[id]?.status !== 'stopped') {
      commit(store, { type: 'task.exited', id, exitStatus: exit_status });
    }
    host.net.send('containerd', {
      to: subscriberOf(host, ns),
      protocol: 'event',
      operation: '/tasks/exit',
      op: 'containerd.events.exit',
      subjects: aboutContainer(id),
      request: { namespace: ns, container_id: id, id, pid, exit_status },
      summary: `containerd publishes TaskExit in namespace ${ns}, on the event stream that namespace's dockerd subscribed to`,
    });
  };
}

/** An image record as the images service's protobuf carries it. */
export interface WireImage {
  name: string;
  labels: Record<string, string>;
  target: { media_type: string; digest: string; size: number };
  created_at: string;
  updated_at: string;
}

const wireImage = (name: string, img: ContainerdState['images'][string]): WireImage => ({
  name,
  labels: img.labels,
  target: { media_type: img.target.mediaType, digest: img.target.digest, size: img.target.size },
  created_at: img.createdAt,
  updated_at: img.updatedAt,
});

/**
 * Images/List: the records of the namespace, in name order (containerd's
 * metadata store walks its bolt bucket, whose keys are sorted). Of
 * containerd's filter language only what dockerd sends here is understood:
 * `name==…` and `target.digest==…`; several filters are ORed, as containerd
 * does.
 */
function imageList(s: ContainerdState, filters: readonly string[]): WireImage[] {
  const tests = filters.map((f) => {
    const m = /^(name|target\.digest)==(.*)$/.exec(f);
    if (!m) return () => false;
    const value = m[2]!.replace(/^"(.*)"$/, '$1');
    return (name: string, digest: string) => (m[1] === 'name' ? name : digest) === value;
  });
  return Object.keys(s.images)
    .sort()
    .filter(
      (name) => tests.length === 0 || tests.some((t) => t(name, s.images[name]!.target.digest)),
    )
    .map((name) => wireImage(name, s.images[name]!));
}

/**
 * Where the overlayfs snapshotter keeps a snapshot. containerd numbers these
 * directories (`snapshots/12`); DockScope names them after the key instead,
 * a layer's chain ID without its `sha256:` (a colon cannot appear in lowerdir=).
 */
const snapshotDir = (key: string) =>
  `/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${key.replace(/^sha256:/, '')}`;

/** An active snapshot's mount: its own directories, and its parents' as the layers below, nearest first. */
function overlayMounts(s: ContainerdState, key: string) {
  const lower: string[] = [];
  for (let p = s.snapshots[key]?.parent; p; p = s.snapshots[p]?.parent)
    lower.push(`${snapshotDir(p)}/fs`);
  return [
    {
      type: 'overlay',
      source: 'overlay',
      options: [
        `workdir=${snapshotDir(key)}/work`,
        `upperdir=${snapshotDir(key)}/fs`,
        ...(lower.length > 0 ? [`lowerdir=${lower.join(':')}`] : []),
      ],
    },
  ];
}

/**
 * The answer to Prepare and to Mounts of one snapshot: the same mounts, so the trace keeps
 * one frozen copy for both (a container's rootfs is asked for twice, 1 KB of paths each time).
 */
const snapshotMounts = (s: ContainerdState, key: string) =>
  shared({ mounts: overlayMounts(s, key) });

/** The task is gone: the task manager deletes its bundle (core/runtime/v2 Bundle.Delete). */
function* removeBundle(inbound: Inbound, ns: string, id: string): Task<void> {
  const dir = bundleDir(ns, id);
  yield* inbound.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `unlinkat ${dir} (os.RemoveAll)`,
    op: 'kernel.bundle.remove',
    subjects: aboutContainer(id),
    request: { call: 'file.remove', path: dir, what: `${dir} removed` },
    summary: "containerd deletes the task's bundle directory and the config.json in it",
  });
}

/**
 * containerd's garbage collector, run synchronously after an image delete:
 * content is kept when an image reaches it through `containerd.io/gc.ref.*`
 * labels (index → manifest → config and layers), snapshots when a kept config
 * or a container's active snapshot reaches them through parent links.
 * Everything else goes. Layers shared with another image survive.
 */
export function collectGarbage(store: Store): { content: number; snapshots: number } {
  const s = contextOf<ContainerdState>(store);
  const liveContent = new Set<string>();
  const liveSnapshots = new Set<string>();
  const keepSnapshot = (key: string | undefined) => {
    while (key && !liveSnapshots.has(key) && s.snapshots[key]) {
      liveSnapshots.add(key);
      key = s.snapshots[key]!.parent;
    }
  };
  const walk = (digest: string) => {
    if (liveContent.has(digest) || !s.content[digest]) return;
    liveContent.add(digest);
    for (const [label, target] of Object.entries(s.content[digest]!.labels ?? {})) {
      if (label.startsWith('containerd.io/gc.ref.content')) walk(target);
      if (label === 'containerd.io/gc.ref.snapshot.overlayfs') keepSnapshot(target);
    }
  };
  for (const img of Object.values(s.images)) walk(img.target.digest);
  for (const [key, snap] of Object.entries(s.snapshots))
    if (snap.kind === 'active') keepSnapshot(key);
  let content = 0;
  let snapshots = 0;
  for (const digest of Object.keys(s.content)) {
    if (liveContent.has(digest)) continue;
    commit(store, { type: 'content.deleted', digest });
    content++;
  }
  for (const key of Object.keys(s.snapshots)) {
    if (liveSnapshots.has(key)) continue;
    commit(store, { type: 'snapshot.removed', key });
    snapshots++;
  }
  return { content, snapshots };
}
