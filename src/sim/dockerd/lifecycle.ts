import { ALPINE_BASED } from '../kernel/programs';
import { emitContainerEvent } from './events';
import { emitExitEvents, emitStartEvents } from './lifecycleEvents';
import type { Host } from '../host';
import type { Caller, Reply } from '../core/network';
import { type Task, wait } from '../core/scheduler';
import { Signal } from '../core/signal';
import { commit, contextOf } from '../core/actors';
import { containerNodeId } from '../core/types';
import {
  GRPC,
  GRPC_OP,
  RUNTIME,
  SIGNALS,
  SNAPSHOTTER,
  type GrpcMethod,
} from '../containerd/services';
import { chainIds } from '../image/digest';
import type { ContainerRecord, DockerdState } from './model';
import { lifecycleState, type LifecycleEvent } from './containerLifecycle';
import { DaemonError, conflict, systemError } from './errors';
import { buildOciSpec } from './ociSpec';
import { joinNamespaces, secureSpec } from './securitySpec';
import {
  allocatePorts,
  planEndpoints,
  releaseNetwork,
  setUpNetwork,
  type PlannedEndpoint,
} from './network';
import { endpointsOf, isUserDefined, modeNetwork } from './networks';
import { dictFrom } from '../core/records';
import { mountRootfs, rootfsOf, unmountRootfs } from './rootfsMount';
import { createRwLayer, removeRwLayer, usesGraphDriver } from './graphStore';
import { removeContainerDir, writeContainerFiles } from './etcFiles';
import { aboutContainer } from '../trace/operations';
import { toContainerd } from './containerdNamespace';
import { prepareMounts, releaseVolumes } from './mounts';
import { bindHostPorts } from './hostPortBind';
import { endOrphanedExecs } from './orphanExecs';
// ── life: restart manager, --init, health checks, pause ──
import {
  RESET_RESTART_MANAGER,
  isShuttingDown,
  managerOf,
  scheduleRestart,
  shouldRestart,
  userSignaled,
} from './restartManager';
import { withInit } from './initProcess';
import { startHealthMonitor, stopHealthMonitor } from './healthMonitor';
import { resumeTask } from './pause';

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);
/**
 * A fact about the container (its task started, exited…) moves its lifecycle
 * machine; the record `docker ps` reads then takes the state the machine is in.
 * A move the machine refuses throws: a route asked for one Docker never makes.
 */
export function move(
  host: Host,
  id: string,
  fact: LifecycleEvent,
  patch?: Partial<ContainerRecord>,
): void {
  const lifecycle = state(host).lifecycles[id]!;
  commit(lifecycle, fact);
  if (fact.type === 'removal.finished') commit(host.dockerd, { type: 'container.removed', id });
  else commit(host.dockerd, { type: 'container.moved', id, to: lifecycleState(lifecycle), patch });
}

const grpc = (
  host: Host,
  caller: Caller,
  operation: GrpcMethod,
  request: object,
  summary: string,
  container: string,
) =>
  caller.call({
    to: 'containerd',
    protocol: 'grpc',
    operation,
    op: GRPC_OP[operation],
    subjects: aboutContainer(container),
    request: toContainerd(host, request),
    summary,
  });

/**
 * Prepare a new container's writable layer: an `-init` snapshot on top of the
 * image (where Docker writes /etc/hosts, /etc/resolv.conf…), committed, and the
 * container's own read-write snapshot on top. No containerd container exists
 * yet: that comes at start.
 */
export function* prepareRootfs(host: Host, caller: Caller, c: ContainerRecord): Task<void> {
  // ── storage: overlay2's layer store makes the init and writable layers in dockerd ──
  if (usesGraphDriver(host)) return yield* createRwLayer(host, caller, c);
  const image = state(host).images[c.imageId]!;
  const top = chainIds(image.layers.map((l) => l.diffId)).at(-1) ?? '';
  yield* grpc(
    host,
    caller,
    GRPC.snapshotsPrepare,
    { snapshotter: SNAPSHOTTER, key: `${c.id}-init`, parent: top },
    'a thin "init" layer on top of the image layers',
    c.id,
  );
  yield* grpc(
    host,
    caller,
    GRPC.snapshotsCommit,
    { snapshotter: SNAPSHOTTER, name: `${c.id}-init`, key: `${c.id}-init` },
    'commit the init layer',
    c.id,
  );
  yield* grpc(
    host,
    caller,
    GRPC.snapshotsPrepare,
    { snapshotter: SNAPSHOTTER, key: c.id, parent: `${c.id}-init` },
    "the container's own writable layer: its changes go here, never into the image",
    c.id,
  );
}

/**
 * `docker start`: mount the rootfs (dockerd itself does), build the OCI spec, create the containerd
 * container and task (containerd starts the shim, the shim runs `runc
 * create`), wire the network into the new namespace, then start the task
 * (`runc start`).
 */
export function* startContainer(
  host: Host,
  caller: Caller,
  id: string,
  /** life: the restart manager's own start (moby containerStart without resetRestartManager). */
  byRestartManager = false,
): Task<void> {
  const release = yield* host.io.lock(id);
  try {
    const c = state(host).containers[id];
    if (!c) throw new DaemonError('NotFound', `No such container: ${id}`);
    // life: a stop or kill canceled the restart while this start waited for the lock.
    if (byRestartManager && c.state !== 'restarting') return;
    if (!byRestartManager) refuseStart(c);
    // ── sec: the containers whose namespaces it joins must be there and running ──
    const joins = joinNamespaces(host, c);
    yield* mountRootfs(host, caller, c.id);
    const hostname = joins.hostname ?? (c.config.Hostname || c.id.slice(0, 12));
    yield* writeContainerFiles(
      caller,
      host.daemon.dataRoot,
      c.id,
      hostname,
      Object.keys(endpointsOf(c)).some(isUserDefined),
    );
    yield* prepareMounts(host, caller, c);
    const repository = state(host).images[c.imageId]?.repository ?? '';
    // Alpine's /etc/group lists root as a member of these (the busybox image's is not checked).
    const rootGroups = ALPINE_BASED.has(repository) ? [0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27] : [0];
    // ── sec: capabilities, devices, seccomp, AppArmor, user, read-only root, namespaces ──
    // ── life: --init puts docker-init in front of the command ──
    const spec = withInit(
      c,
      secureSpec(
        c,
        buildOciSpec(
          c,
          host.daemon.dataRoot,
          host.cgroupOf(c.id),
          rootGroups,
          rootfsOf(host, c.id),
        ),
        joins,
        rootGroups,
      ),
    );
    yield* grpc(
      host,
      caller,
      GRPC.containersCreate,
      {
        container: { id: c.id },
        id: c.id,
        // containerd's Container.Runtime: the shim, and the runc options it passes on
        // (moby defaultV2ShimConfig: runc's root is `<exec-root>/runtime-runc`).
        runtime: {
          name: RUNTIME,
          options: {
            binary_name: 'runc',
            root: `${host.daemon.execRoot}/runtime-runc`,
            // ── daemon: the cgroup driver (moby sets SystemdCgroup only with the systemd driver) ──
            systemd_cgroup: host.daemonRuntime.config.cgroupDriver === 'systemd',
          },
        },
        spec,
        // No snapshot_key: moby does not hand containerd the snapshot; spec.root.path names
        // the rootfs dockerd just mounted. The image name is set with the containerd store
        // only (daemon/start.go: "for metadata purposes only"); overlay2 sends none.
        ...(usesGraphDriver(host) ? {} : { image: c.config.Image }),
      },
      'dockerd registers the container with containerd, with its OCI runtime spec',
      c.id,
    );
    const task = yield* grpc(
      host,
      caller,
      GRPC.tasksCreate,
      { container_id: c.id, ...taskStdio(host.daemon.execRoot, c) },
      'dockerd asks containerd to create the task: the isolated process, not yet running',
      c.id,
    );
    if (task.status !== 'OK') {
      yield* grpc(
        host,
        caller,
        GRPC.containersDelete,
        { id: c.id },
        'creating the task failed: dockerd deletes the containerd container',
        c.id,
      );
      yield* unmountRootfs(host, caller, c.id);
      throw startError(host, c, task);
    }
    const pid = Number((task.body as { pid?: number }).pid ?? 0);
    // The task exists but has not started: a failure to set up its network undoes all of it
    // (moby's deferred cleanups in containerStart), and leaves no address or port held.
    const abort = function* (why: string) {
      yield* grpc(host, caller, GRPC.tasksDelete, { container_id: c.id }, why, c.id);
      yield* grpc(
        host,
        caller,
        GRPC.containersDelete,
        { id: c.id },
        'dockerd also deletes the containerd container it just registered',
        c.id,
      );
      yield* unmountRootfs(host, caller, c.id);
      commit(host.dockerd, {
        type: 'container.updated',
        id: c.id,
        patch: { endpoints: releasedEndpoints(c) },
      });
    };
    // `--bridge=none`: the daemon has no default bridge network, and moby's connectToNetwork
    // marks a container on it NetworkDisabled: no veth, no address, no published port.
    const disabled = host.daemon.bridgeNone && modeNetwork(c.hostConfig.NetworkMode) === 'bridge';
    let plan: PlannedEndpoint[] = [];
    if (!disabled) {
      try {
        plan = planEndpoints(host, c);
      } catch (e) {
        if (!(e instanceof DaemonError)) throw e;
        yield* abort('the network cannot be set up: dockerd deletes the task it just created');
        throw e;
      }
    }
    const ports = disabled ? { bindings: [] } : allocatePorts(host, state(host).containers[c.id]!);
    if (ports.conflict) {
      yield* abort('the port is taken: dockerd deletes the task it just created');
      throw systemError(
        `failed to set up container networking: driver failed programming external connectivity on endpoint ${c.name} (${c.id}): Bind for ${ports.conflict} failed: port is already allocated`,
      );
    }
    // ── fault: dockerd's own bind(2) of each host port; a host process may hold one (hostPortBind.ts) ──
    const bindFailed = yield* bindHostPorts(caller, c, ports.bindings, plan);
    if (bindFailed) {
      yield* abort('the host port is in use: dockerd deletes the task it just created');
      throw systemError(bindFailed);
    }
    const net = disabled
      ? { ip: '' }
      : yield* setUpNetwork(
          host,
          caller,
          state(host).containers[c.id]!,
          pid,
          ports.bindings,
          hostname,
          plan,
        );
    // With --bridge=none there is no endpoint to join: the hosts file keeps no address of its own.
    // libnetwork has the address (and has written it into the container's
    // /etc/hosts) before the task starts: the program may read it at once.
    commit(host.dockerd, { type: 'container.updated', id: c.id, patch: { ipAddress: net.ip } });
    yield* grpc(
      host,
      caller,
      GRPC.tasksStart,
      { container_id: c.id },
      'dockerd asks containerd to start the task',
      c.id,
    );
    move(
      host,
      c.id,
      { type: 'task.started' },
      {
        pid,
        startedAt: host.scheduler.now,
        exitCode: 0,
        error: '',
        ipAddress: net.ip,
        published: ports.bindings,
        // ── life: a user's start resets the restart manager; the health monitor starts over ──
        ...(byRestartManager ? {} : RESET_RESTART_MANAGER),
        // ── res: State.SetRunning clears OOMKilled ──
        oomKilled: false,
      },
    );
    // ── obs: connectToNetwork's connect events, setupMounts' mount events, then start ──
    if (!disabled) emitStartEvents(host, state(host).containers[c.id]!);
    else emitContainerEvent(host, state(host).containers[c.id]!, 'start');
    startHealthMonitor(host, c.id);
  } finally {
    release();
  }
}

/** The container's endpoints with their operational data cleared (moby cleanOperationalData). */
function releasedEndpoints(c: ContainerRecord) {
  return dictFrom(
    Object.entries(endpointsOf(c)).map(([k, ep]) => [
      k,
      { ...ep, ip: '', mac: '', gateway: '', endpointId: '', veth: '', bridge: '' },
    ]),
  );
}

/**
 * Whether `docker start` may start the container, checked in moby's order
 * (`validateState` in daemon/start.go): paused first (a paused container is
 * also running), then running or restarting (304, not an error to the CLI),
 * then one being removed. Anything else can take `task.started`.
 */
function refuseStart(c: ContainerRecord): void {
  switch (c.state) {
    case 'paused':
      throw conflict('cannot start a paused container, try unpause instead');
    case 'running':
    case 'restarting':
      throw new DaemonError('NotModified', 'container already started');
    case 'removing':
    case 'dead':
      throw conflict('container is marked for removal and cannot be started');
  }
}

/**
 * The FIFOs dockerd creates for the task's stdio in its bundle directory
 * (moby libcontainerd `newFIFOSet`): stdin when the container keeps stdin
 * open or has a tty (`withStdin` in daemon/start.go), no stderr with a tty
 * (the pty merges it into stdout). `terminal` is the spec's process.terminal.
 */
export function taskStdio(execRoot: string, c: ContainerRecord) {
  // libcontainerd's state directory is `<exec-root>/containerd` (daemon_unix.go initLibcontainerd).
  const dir = `${execRoot}/containerd/${c.id}`;
  const tty = c.config.Tty;
  return {
    stdin: c.config.OpenStdin || tty ? `${dir}/${c.id}-stdin` : '',
    stdout: `${dir}/${c.id}-stdout`,
    stderr: tty ? '' : `${dir}/${c.id}-stderr`,
    terminal: tty,
  };
}

function startError(host: Host, c: ContainerRecord, task: Reply): DaemonError {
  const detail = String((task.body as { error?: string } | undefined)?.error ?? 'unknown');
  let message = `failed to create task for container: failed to create shim task: ${detail}: unknown`;
  // As moby does: Go reports exec of a directory as EISDIR, but the CLI only
  // maps "permission denied" to 126, so dockerd appends it.
  if (detail.includes('is a directory')) message += ': permission denied';
  const exitCode =
    detail.includes('executable file not found') || detail.includes('no such file or directory')
      ? 127
      : message.includes('permission denied')
        ? 126
        : 128;
  commit(host.dockerd, {
    type: 'container.updated',
    id: c.id,
    patch: { exitCode, error: message },
  });
  return new DaemonError(exitCode === 128 ? 'System' : 'InvalidParameter', message);
}

/** Send a signal to the container's init process through containerd → shim → runc. */
export function* signalContainer(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  signal: string,
): Task<void> {
  yield* grpc(
    host,
    caller,
    GRPC.tasksKill,
    { container_id: c.id, signal: SIGNALS[signal] ?? 15, all: false },
    `dockerd asks containerd to send ${signal} to the container`,
    c.id,
  );
  // ── obs: moby killWithSignal logs every signal it sent ──
  emitContainerEvent(host, c, 'kill', { signal: String(SIGNALS[signal] ?? 15) });
}

/** moby ContainerResize: the running task's pty gets the size, through containerd and the shim. */
export function* resizeContainer(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  width: number,
  height: number,
): Task<void> {
  if (c.state !== 'running') throw new DaemonError('Conflict', `container ${c.id} is not running`);
  yield* grpc(
    host,
    caller,
    GRPC.tasksResizePty,
    { container_id: c.id, exec_id: '', width, height },
    `dockerd asks containerd to resize the container's pty to ${width}×${height}`,
    c.id,
  );
}

/**
 * `docker stop`: the image's stop signal (SIGTERM unless it declares one),
 * then up to `timeout` seconds of grace, then SIGKILL.
 */
export function* stopContainer(
  host: Host,
  caller: Caller,
  id: string,
  opts: { timeout?: number; signal?: string },
): Task<void> {
  let c = state(host).containers[id]!;
  // ── life: a restarting container stops at once; a paused one is signaled, then thawed ──
  if (c.state === 'restarting') {
    if (yield* cancelRestart(host, c, opts.signal ?? c.config.StopSignal ?? 'SIGTERM')) return;
    c = state(host).containers[id]!; // the restart had begun: stop the new run
  }
  if (c.state !== 'running' && c.state !== 'paused')
    throw new DaemonError('NotModified', 'container already stopped');
  const exit = host.io.nextExit(id);
  const signal = opts.signal ?? c.config.StopSignal ?? 'SIGTERM';
  userSignaled(host, c, signal);
  yield* signalContainer(host, caller, c, signal);
  if (c.state === 'paused') yield* resumeTask(host, caller, c, 'stop');
  const timeout = (opts.timeout ?? 10) * 1000;
  const done = yield* waitOrTimeout(host, exit, timeout);
  if (!done) {
    yield* signalContainer(host, caller, state(host).containers[id]!, 'SIGKILL');
    yield* wait(exit);
  }
  yield* waitSettled(host, id);
  // ── obs: containerStop's deferred event (the record as it was, should --rm have removed it) ──
  emitContainerEvent(host, state(host).containers[id] ?? c, 'stop');
}

/** `docker kill`: the signal (SIGKILL by default); for SIGKILL, wait until it is dead. */
export function* killContainer(host: Host, caller: Caller, id: string, signal: string): Task<void> {
  let c = state(host).containers[id]!;
  // ── life: moby's Running flag is set while paused or restarting too ──
  if (c.state === 'restarting') {
    if (yield* cancelRestart(host, c, signal)) return;
    c = state(host).containers[id]!; // the restart had begun: signal the new run
  }
  if (c.state !== 'running' && c.state !== 'paused') {
    throw conflict(`cannot kill container: ${c.name}: container ${c.id} is not running`);
  }
  const exit = host.io.nextExit(id);
  const wasPaused = c.state === 'paused';
  userSignaled(host, c, signal);
  yield* signalContainer(host, caller, c, signal);
  // moby killWithSignal resumes a paused container after a stop signal or SIGKILL.
  if (wasPaused && state(host).containers[id]?.restartCanceled)
    yield* resumeTask(host, caller, c, 'kill');
  if (signal === 'SIGKILL') {
    yield* wait(exit);
    yield* waitSettled(host, id);
  }
}

/**
 * `docker rm`: refused for a running container unless forced (then killed
 * first). Removes the container's snapshots and its records.
 */
export function* removeContainer(
  host: Host,
  caller: Caller,
  id: string,
  force: boolean,
  /** `rm -v`, `--rm`: its anonymous volumes go too (vol). */
  removeVolumes = false,
): Task<void> {
  let c = state(host).containers[id]!;
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') {
    if (!force) {
      // moby cleanupContainer: a paused container has its own words; otherwise its state (life).
      throw conflict(
        c.state === 'paused'
          ? `cannot remove container "/${c.name}": container is paused and must be unpaused first`
          : `cannot remove container "/${c.name}": container is ${c.state}: stop the container before removing or force remove`,
      );
    }
    yield* killContainer(host, caller, id, 'SIGKILL');
    c = state(host).containers[id]!;
    if (!c) return; // --rm removed it on exit
  }
  if (c.state === 'removing') throw conflict(`removal of container ${c.id} is already in progress`);
  move(host, id, { type: 'removal.started' });
  if (usesGraphDriver(host)) yield* removeRwLayer(host, caller, id);
  else {
    yield* grpc(
      host,
      caller,
      GRPC.snapshotsRemove,
      { snapshotter: SNAPSHOTTER, key: id },
      "delete the container's writable layer",
      id,
    );
    yield* grpc(
      host,
      caller,
      GRPC.snapshotsRemove,
      { snapshotter: SNAPSHOTTER, key: `${id}-init` },
      'and its init layer',
      id,
    );
  }
  yield* removeContainerDir(caller, host.daemon.dataRoot, id);
  const exitCode = state(host).containers[id]?.exitCode ?? 0;
  const mounts = state(host).containers[id]?.mounts ?? [];
  const removed = state(host).containers[id]!;
  move(host, id, { type: 'removal.finished' });
  // ── obs ──
  emitContainerEvent(host, removed, 'destroy');
  yield* releaseVolumes(host, caller, mounts, removeVolumes);
  host.logs.remove(id);
  host.io.removed(id, { exitCode });
}

/**
 * TaskExit arrived on dockerd's event subscription: delete the task (the shim
 * runs `runc delete` and exits), the containerd container and the network,
 * and record the exit code. With `--rm` (AutoRemove) the container goes too.
 */
export function* handleExit(host: Host, id: string, exitStatus: number): Task<void> {
  const caller = host.net.as(host.daemonId);
  const release = yield* host.io.lock(id);
  try {
    const c = state(host).containers[id];
    if (!c || (c.state !== 'running' && c.state !== 'paused')) return;
    // life: health checks start again if and when the container is started again.
    stopHealthMonitor(host, id);
    yield* grpc(
      host,
      caller,
      GRPC.tasksDelete,
      { container_id: id },
      'the task exited: dockerd asks containerd to delete it',
      id,
    );
    yield* grpc(
      host,
      caller,
      GRPC.containersDelete,
      { id },
      'dockerd asks containerd to delete the container record it registered at start (spec, runtime)',
      id,
    );
    yield* releaseNetwork(host, caller, c);
    yield* unmountRootfs(host, caller, id);
    const exited = {
      exitCode: exitStatus,
      finishedAt: host.scheduler.now,
      pid: 0,
      ipAddress: '',
      published: [],
    };
    // ── obs: Cleanup's disconnect and unmount events, then die ──
    emitExitEvents(host, c, exitStatus);
    // ── life: the restart policy may say try again (moby handleContainerExit) ──
    if (restartAfterExit(host, c, exited)) return;
    move(host, id, { type: 'task.exited' }, exited);
    host.io.exited(id, { exitCode: exitStatus });
    // ── fault: execs no shim reported (it was killed) end with their container (orphanExecs.ts) ──
    endOrphanedExecs(host, id);
    // --rm: remove it now, unless `docker restart` is stopping it on purpose.
    if (c.hostConfig.AutoRemove && !host.io.isRestarting(id))
      yield* removeContainer(host, caller, id, false, true);
  } finally {
    release();
  }
}

// ── life: the restart manager's part in exits and stops ──

/**
 * moby handleContainerExit → RestartManager.ShouldRestart: when the policy says
 * restart, the container is `restarting` (RestartCount one more, the exit code
 * kept), its waiters hear of the exit, and a start follows after the backoff.
 */
function restartAfterExit(
  host: Host,
  before: ContainerRecord,
  exited: Partial<ContainerRecord> & { exitCode: number },
): boolean {
  // The record as it is now: a stop or kill may have canceled the manager meanwhile.
  const c = state(host).containers[before.id]!;
  const ran = host.scheduler.now - (c.startedAt ?? host.scheduler.now);
  const decision = shouldRestart(
    c.hostConfig.RestartPolicy,
    managerOf(c),
    c.restartCount,
    exited.exitCode,
    c.manuallyStopped === true || isShuttingDown(host),
    ran,
  );
  if (!decision.restart) {
    commit(host.dockerd, {
      type: 'container.updated',
      id: c.id,
      patch: { restartTimeoutMs: decision.timeoutMs },
    });
    return false;
  }
  move(
    host,
    c.id,
    { type: 'restart.scheduled' },
    { ...exited, restartCount: c.restartCount + 1, restartTimeoutMs: decision.timeoutMs },
  );
  host.io.exited(c.id, { exitCode: exited.exitCode });
  scheduleRestart(host, c.id, decision.timeoutMs, {
    start: (h, id) => startContainer(h, h.net.as(h.daemonId), id, true),
    stopped: (h, id, patch) => {
      move(h, id, { type: 'task.exited' }, patch);
      h.io.exited(id, { exitCode: state(h).containers[id]?.exitCode ?? 0 });
    },
  });
  return true;
}

/**
 * `docker stop`/`kill` of a restarting container: no process to signal (moby
 * killWithSignal returns at once); the manager is canceled and the wait for
 * the next try ends, so the container is exited with its last exit code.
 */
function* cancelRestart(host: Host, c: ContainerRecord, signal: string): Task<boolean> {
  userSignaled(host, c, signal);
  // A start the restart manager began holds the lock: once it is done, the container runs.
  const release = yield* host.io.lock(c.id);
  try {
    const now = state(host).containers[c.id];
    if (!now || now.state !== 'restarting') return false;
    if (!now.restartCanceled) return true; // a signal that does not cancel: nothing to do
    move(host, c.id, { type: 'task.exited' });
    host.io.exited(c.id, { exitCode: now.exitCode });
    return true;
  } finally {
    release();
  }
}

/** Wait until dockerd has finished handling the container's exit (its lock is free). */
function* waitSettled(host: Host, id: string): Task<void> {
  const release = yield* host.io.lock(id);
  release();
}

function* waitOrTimeout(host: Host, s: Signal<unknown>, ms: number): Task<boolean> {
  const either = new Signal<boolean>();
  s.onSettle(() => either.resolve(true));
  host.scheduler.at(host.scheduler.now + ms, () => either.resolve(false));
  return yield* wait(either);
}

/** Where a container's output comes from on the diagram. */
export const outputSource = containerNodeId;
