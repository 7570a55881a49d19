/**
 * `docker pause` / `docker unpause` (moby v28.2.2 daemon/pause.go, unpause.go):
 * dockerd asks containerd to pause the task (Tasks.Pause), containerd asks the
 * shim, the shim runs `runc pause`, and runc freezes the container's cgroup:
 * on cgroup v2 it writes 1 to `cgroup.freeze` in the container's cgroup
 * directory. The processes stay in memory, frozen, until `runc resume` writes 0.
 */
import type { Host } from '../host';
import { emitContainerEvent } from './events';
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import { contextOf } from '../core/actors';
import { GRPC, GRPC_OP, type GrpcMethod } from '../containerd/services';
import { aboutContainer } from '../trace/operations';
import { toContainerd } from './containerdNamespace';
import type { ContainerRecord, DockerdState } from './model';
import { DaemonError, conflict } from './errors';
import { move } from './lifecycle';
import { resumeHealthMonitor, stopHealthMonitor } from './healthMonitor';

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

const call = (
  host: Host,
  caller: Caller,
  operation: GrpcMethod,
  c: ContainerRecord,
  summary: string,
) =>
  caller.call({
    to: 'containerd',
    protocol: 'grpc',
    operation,
    op: GRPC_OP[operation],
    subjects: aboutContainer(c.id),
    request: toContainerd(host, { container_id: c.id }),
    summary,
  });

/** moby containerPause: running, not already paused, not restarting; then Tasks.Pause. */
export function* pauseContainer(host: Host, caller: Caller, id: string): Task<void> {
  const release = yield* host.io.lock(id);
  try {
    const c = state(host).containers[id]!;
    // GetRunningTask: moby's Running flag (set while paused or restarting too).
    if (c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting')
      throw conflict(`container ${c.id} is not running`);
    if (c.state === 'paused') throw conflict(`Container ${c.id} is already paused`);
    if (c.state === 'restarting')
      throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
    const r = yield* call(
      host,
      caller,
      GRPC.tasksPause,
      c,
      'dockerd asks containerd to pause the task: freeze every process of the container',
    );
    if (r.status !== 'OK')
      throw new DaemonError('System', `cannot pause container ${c.id}: ${failure(r.body)}`);
    move(host, id, { type: 'task.paused' });
    emitContainerEvent(host, c, 'pause');
    stopHealthMonitor(host, id);
  } finally {
    release();
  }
}

/** moby containerUnpause: only a paused container (a plain error, 500, otherwise); then Tasks.Resume. */
export function* unpauseContainer(host: Host, caller: Caller, id: string): Task<void> {
  const release = yield* host.io.lock(id);
  try {
    const c = state(host).containers[id]!;
    if (c.state !== 'paused') throw new DaemonError('System', `Container ${c.id} is not paused`);
    const r = yield* call(
      host,
      caller,
      GRPC.tasksResume,
      c,
      'dockerd asks containerd to resume the task: thaw the frozen processes',
    );
    if (r.status !== 'OK')
      throw new DaemonError('System', `Cannot unpause container ${c.id}: ${failure(r.body)}`);
    move(host, id, { type: 'task.resumed' });
    emitContainerEvent(host, c, 'unpause');
    resumeHealthMonitor(host, id);
  } finally {
    release();
  }
}

/**
 * moby killWithSignal on a paused container: after the stop signal (or
 * SIGKILL) it resumes the task, so the frozen process can act on the signal
 * and exit. The record stays `paused` until the exit arrives.
 */
export function* resumeTask(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  why: 'stop' | 'kill',
): Task<void> {
  yield* call(
    host,
    caller,
    GRPC.tasksResume,
    c,
    `docker ${why} of a paused container: dockerd resumes the task after the signal, so the process can act on it`,
  );
  // The thawed process runs until its exit arrives; moby clears Paused only then (SetStopped).
}

const failure = (body: unknown) =>
  String((body as { error?: string } | undefined)?.error ?? 'unknown');
