/**
 * `docker exec` on dockerd's side (moby daemon/exec.go): an exec instance is
 * registered against a running container, started as an extra process of the
 * container's containerd task (Tasks.Exec, then Tasks.Start with the exec ID),
 * and remembers its own exit code, which `GET /exec/{id}/json` reports.
 */
import { emitContainerEvent } from './events';
import type { Host } from '../host';
import type { Caller } from '../core/network';
import type { HttpRequest } from '../core/http';
import type { Op } from '../core/types';
import { sleep, type Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import { shimId } from '../core/types';
import { GRPC } from '../containerd/services';
import { toContainerd } from './containerdNamespace';
import { checkForJson } from './createRequest';
import { decodeGo, GoJsonError, type GoType } from './goJson';
import { DaemonError, conflict, invalid, notFound, type ErrorKind } from './errors';
import { findContainer } from './lookup';
import type { ContainerRecord, DockerdState, ExecRecord } from './model';
import { daemonEnvironment, type OciSpec } from './ociSpec';
import { aboutExec } from '../trace/operations';

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

const str: GoType = { kind: 'string' };
const bool: GoType = { kind: 'bool' };

/** `container.ExecOptions` as moby decodes it (ConsoleSize, a `*[2]uint`, is read apart). */
const EXEC_OPTIONS: GoType = {
  kind: 'struct',
  name: 'ExecOptions',
  pkg: 'container',
  fields: {
    User: str,
    Privileged: bool,
    Tty: bool,
    AttachStdin: bool,
    AttachStderr: bool,
    AttachStdout: bool,
    Detach: bool,
    DetachKeys: str,
    Env: { kind: 'slice', elem: str },
    WorkingDir: str,
    Cmd: { kind: 'slice', elem: str },
  },
};

/** `container.ExecStartOptions`. */
const EXEC_START_OPTIONS: GoType = {
  kind: 'struct',
  name: 'ExecStartOptions',
  pkg: 'container',
  fields: { Detach: bool, Tty: bool },
};

interface ExecOptions {
  User?: string;
  Privileged?: boolean;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStderr?: boolean;
  AttachStdout?: boolean;
  Detach?: boolean;
  DetachKeys?: string;
  Env?: string[] | null;
  WorkingDir?: string;
  Cmd?: string[] | null;
}

/**
 * moby httputils.ReadJSON: a JSON content type, and an empty body is no error (every field
 * then keeps its zero value); a body Go cannot decode is a 400 `invalid JSON: …`.
 */
function readJson<T>(req: HttpRequest, type: GoType): T {
  checkForJson(req);
  if (req.body === undefined || req.body === '') return {} as T;
  try {
    return (decodeGo(req.body, type) ?? {}) as T;
  } catch (e) {
    if (e instanceof GoJsonError) throw invalid(`invalid JSON: ${e.message}`);
    throw e;
  }
}

/** ConsoleSize `[height, width]`, when the body has a pair of numbers there. */
function consoleSizeOf(body: unknown): [number, number] | undefined {
  const size = (body as { ConsoleSize?: unknown } | undefined)?.ConsoleSize;
  return Array.isArray(size) && size.length === 2 && size.every((n) => typeof n === 'number')
    ? [size[0] as number, size[1] as number]
    : undefined;
}

/** moby getActiveContainer: the exec's container must be running, not paused or restarting. */
function activeContainer(host: Host, name: string): ContainerRecord {
  const c = findContainer(state(host), name);
  if (c.state === 'paused')
    throw conflict(`Container ${name} is paused, unpause the container before exec`);
  if (c.state === 'restarting')
    throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
  if (c.state !== 'running') throw conflict(`container ${c.id} is not running`);
  return c;
}

/**
 * Users DockScope knows in the images it simulates: root and nobody (65534 in both Alpine and
 * Debian). A numeric `uid[:gid]` needs no lookup. moby looks the name up in the container's
 * /etc/passwd at exec create (getUser) and refuses an unknown one.
 */
const KNOWN_USERS: Readonly<Record<string, { uid: number; gid: number }>> = {
  root: { uid: 0, gid: 0 },
  nobody: { uid: 65534, gid: 65534 },
};

export function execUser(user: string): { uid: number; gid: number } | undefined {
  const [name = '', group] = user.split(':');
  const base = /^\d+$/.test(name) ? { uid: Number(name), gid: 0 } : KNOWN_USERS[name];
  if (!base) return undefined;
  if (group === undefined) return base;
  if (/^\d+$/.test(group)) return { ...base, gid: Number(group) };
  return group === 'root'
    ? { ...base, gid: 0 }
    : group === 'nogroup'
      ? { ...base, gid: 65534 }
      : undefined;
}

/**
 * moby's execCommandGC: every 5 minutes it marks the execs that have exited and removes
 * those it marked the time before, so an exited exec stays inspectable 5 to 10 minutes.
 * DockScope removes an exec once 10 simulated minutes have passed since it exited, when
 * the next exec is created (a daemon that runs for days keeps no more).
 */
const EXEC_GC_MS = 10 * 60 * 1000;

function collectExecs(host: Host): void {
  const now = host.scheduler.now;
  for (const e of Object.values(state(host).execs))
    if (e.finishedAt !== undefined && now - e.finishedAt > EXEC_GC_MS)
      commit(host.dockerd, { type: 'exec.removed', execId: e.id });
}

/**
 * Container inspect's ExecIDs (moby container.GetExecIDs): the container's execs that have not
 * exited (created or running), or null when there are none.
 */
export function execIdsOf(host: Host, containerId: string): string[] | null {
  const ids = Object.values(state(host).execs)
    .filter((e) => e.containerId === containerId && e.exitCode === null)
    .map((e) => e.id);
  return ids.length > 0 ? ids : null;
}

/** `POST /containers/{id}/exec`: register the exec instance; nothing runs yet. */
export function createExec(host: Host, req: HttpRequest, name: string): { id: string } {
  collectExecs(host);
  const body = readJson<ExecOptions>(req, EXEC_OPTIONS);
  if (!body.Cmd || body.Cmd.length === 0) throw invalid('No exec command specified');
  const c = activeContainer(host, name);
  if (body.User && !execUser(body.User)) {
    const [who = ''] = body.User.split(':');
    throw invalid(`unable to find user ${who}: no matching entries in passwd file`);
  }
  if (body.DetachKeys && !validDetachKeys(body.DetachKeys))
    throw new DaemonError('System', `Invalid escape keys (${body.DetachKeys}) provided`);
  const tty = body.Tty ?? false;
  const consoleSize = consoleSizeOf(req.body);
  const exec: ExecRecord = {
    id: host.rng.hex(64),
    containerId: c.id,
    entrypoint: body.Cmd[0]!,
    args: body.Cmd.slice(1),
    tty,
    openStdin: body.AttachStdin ?? false,
    openStdout: body.AttachStdout ?? false,
    openStderr: body.AttachStderr ?? false,
    privileged: body.Privileged ?? false,
    // An exec runs as the container's user and in its working directory unless it says otherwise.
    user: body.User || c.config.User,
    workingDir: body.WorkingDir || c.config.WorkingDir,
    env: daemonEnvironment(c, tty, body.Env ?? []),
    detachKeys: body.DetachKeys ?? '',
    ...(consoleSize ? { consoleSize } : {}),
    running: false,
    exitCode: null,
    pid: 0,
  };
  commit(host.dockerd, { type: 'exec.created', exec });
  // ── obs: the action names the command, as moby's does (`exec_create: sh -c ls`) ──
  emitContainerEvent(host, c, `exec_create: ${exec.entrypoint} ${exec.args.join(' ')}`, {
    execID: exec.id,
  });
  return { id: exec.id };
}

/**
 * moby term.ToBytes: comma-separated keys, each one character or `ctrl-<x>` for a letter,
 * `@`, `[`, `\`, `]`, `^` or `_`.
 */
export function validDetachKeys(keys: string): boolean {
  return keys
    .split(',')
    .every((k) => k.length === 1 || k === 'DEL' || /^ctrl-[a-z@[\\\]^_]$/.test(k));
}

/** moby getExecConfig: the exec exists, and its container is still there and running. */
export function findExec(host: Host, execId: string): ExecRecord {
  const e = state(host).execs[execId];
  if (!e) throw notFound(`No such exec instance: ${execId}`);
  const c = state(host).containers[e.containerId];
  if (!c) throw notFound(`No such container: ${execId}`);
  if (c.state !== 'running') throw conflict(`container ${c.id} is not running`);
  return e;
}

/** Where the exec's stdio FIFOs are: beside the container's, named by the exec ID (moby newFIFOSet). */
function execStdio(host: Host, e: ExecRecord, withStdin: boolean) {
  const dir = `${host.daemon.execRoot}/containerd/${e.containerId}`;
  return {
    stdin: withStdin ? `${dir}/${e.id}-stdin` : '',
    stdout: `${dir}/${e.id}-stdout`,
    stderr: e.tty ? '' : `${dir}/${e.id}-stderr`,
    terminal: e.tty,
  };
}

/** How often dockerd looks again whether an exec has started, while a resize waits for it. */
const STARTED_POLL_MS = 1;

/**
 * moby ContainerExecResize: once the exec has started (it waits up to 10 s for that: the CLI
 * sends the size while the start is still under way), its process gets the size through
 * containerd (ResizePty with its exec ID).
 */
export function* resizeExec(
  host: Host,
  caller: Caller,
  given: ExecRecord,
  width: number,
  height: number,
): Task<void> {
  let e = given;
  const deadline = host.scheduler.now + 10_000;
  // Started: it has its PID, or its start failed (an exit code, no process).
  while (!e.pid && e.exitCode === null) {
    if (host.scheduler.now >= deadline)
      throw new DaemonError('System', 'timeout waiting for exec session ready');
    yield* sleep(STARTED_POLL_MS);
    e = state(host).execs[e.id] ?? e;
  }
  if (!e.pid) throw new DaemonError('InvalidParameter', 'exec process is not started');
  const r = yield* grpc(
    host,
    caller,
    e,
    GRPC.tasksResizePty,
    'containerd.tasks.resize-pty',
    { container_id: e.containerId, exec_id: e.id, width, height },
    `dockerd asks containerd to resize the exec's pty to ${width}×${height}`,
  );
  // An exec that has exited: the shim deleted its process (DeleteProcess), and says so.
  if (r.status !== 'OK')
    throw new DaemonError('NotFound', r.body?.error ?? `process does not exist ${e.id}: not found`);
}

const grpc = (
  host: Host,
  caller: Caller,
  e: ExecRecord,
  operation: string,
  op: Op,
  request: object,
  summary: string,
) =>
  caller.call<{ pid?: number; error?: string }>({
    to: 'containerd',
    protocol: 'grpc',
    operation,
    op,
    subjects: aboutExec(e.containerId, e.id),
    request: toContainerd(host, request),
    summary,
  });

/**
 * moby setExitCodeFromError: 126 when the command cannot be run (permission denied, a
 * directory, which Go reports as EISDIR and dockerd marks "permission denied" for the CLI),
 * 127 when it is not found, else 128.
 */
function exitCodeOfStartError(message: string): { code: number; message: string } {
  const lower = message.toLowerCase();
  if (lower.includes('permission denied')) return { code: 126, message };
  if (lower.includes('is a directory'))
    return { code: 126, message: `${message}: permission denied` };
  if (/executable file not found|no such file or directory/.test(lower))
    return { code: 127, message };
  return { code: 128, message };
}

/**
 * moby ContainerExecStart, from the process spec on: the container's spec's process from
 * containerd with the exec's command, env, cwd and terminal put in, then Tasks.Exec and
 * Tasks.Start with the exec ID. Returns the error when the start failed (its exit code
 * is recorded), undefined when the process runs.
 */
export function* runExec(
  host: Host,
  caller: Caller,
  e: ExecRecord,
  withStdin: boolean,
): Task<{ message: string; kind: ErrorKind } | undefined> {
  if (e.exitCode !== null)
    return { message: `exec command ${e.id} has already run`, kind: 'Conflict' };
  if (e.running) return { message: `exec command ${e.id} is already running`, kind: 'Conflict' };
  commit(host.dockerd, { type: 'exec.updated', execId: e.id, patch: { running: true } });
  // ── obs ──
  const owner = state(host).containers[e.containerId];
  if (owner)
    emitContainerEvent(host, owner, `exec_start: ${e.entrypoint} ${e.args.join(' ')}`, {
      execID: e.id,
    });
  const got = yield* caller.call<{ container?: { spec?: OciSpec } }>({
    to: 'containerd',
    protocol: 'grpc',
    operation: GRPC.containersGet,
    op: 'containerd.containers.get',
    subjects: aboutExec(e.containerId, e.id),
    request: toContainerd(host, { id: e.containerId }),
    summary:
      "dockerd loads the container from containerd to start the exec from its spec's process",
  });
  const base = got.body?.container?.spec?.process;
  const user = e.user ? execUser(e.user) : undefined;
  const process: OciSpec['process'] & { consoleSize?: { height: number; width: number } } = {
    ...(base ?? { user: { uid: 0, gid: 0 }, cwd: '/' }),
    terminal: e.tty,
    ...(e.tty && e.consoleSize
      ? { consoleSize: { height: e.consoleSize[0], width: e.consoleSize[1] } }
      : {}),
    ...(user ? { user: { uid: user.uid, gid: user.gid } } : {}),
    args: [e.entrypoint, ...e.args],
    env: e.env,
    cwd: e.workingDir || '/',
  };
  const exec = yield* grpc(
    host,
    caller,
    e,
    GRPC.tasksExec,
    'containerd.tasks.exec',
    {
      container_id: e.containerId,
      exec_id: e.id,
      ...execStdio(host, e, withStdin),
      spec: process,
    },
    `dockerd asks containerd to add process ${e.entrypoint} to the container's task, under exec ID ${e.id.slice(0, 12)}…`,
  );
  let failure: string | undefined;
  if (exec.status !== 'OK') failure = String(exec.body?.error ?? 'unknown');
  else {
    const start = yield* grpc(
      host,
      caller,
      e,
      GRPC.tasksStart,
      'containerd.tasks.exec-start',
      { container_id: e.containerId, exec_id: e.id },
      'dockerd asks containerd to start the exec’d process',
    );
    if (start.status === 'OK') {
      commit(host.dockerd, {
        type: 'exec.updated',
        execId: e.id,
        patch: { pid: Number(start.body?.pid ?? 0) },
      });
      // The exec's stdin FIFO has its reader now: what was typed meanwhile goes in.
      for (const text of host.io.taskStarted(e.id)) writeExecStdin(host, e, text, undefined);
      return undefined;
    }
    failure = String(start.body?.error ?? 'unknown');
    // libcontainerd: a process that failed to start is deleted from the task at once.
    yield* deleteProcess(
      host,
      caller,
      e,
      'the exec did not start: dockerd deletes the process from the task',
    );
  }
  const { code, message } = exitCodeOfStartError(failure);
  commit(host.dockerd, {
    type: 'exec.updated',
    execId: e.id,
    patch: { running: false, exitCode: code, finishedAt: host.scheduler.now },
  });
  // Input typed before the failed start has no process to go to.
  host.io.removed(e.id, { exitCode: code });
  // startInvalidConfigError (a 400) for a command that cannot run, errdefs.Unknown otherwise.
  return { message, kind: code === 128 ? 'System' : 'InvalidParameter' };
}

function* deleteProcess(host: Host, caller: Caller, e: ExecRecord, summary: string): Task<void> {
  yield* grpc(
    host,
    caller,
    e,
    GRPC.tasksDeleteProcess,
    'containerd.tasks.delete-process',
    { container_id: e.containerId, exec_id: e.id },
    summary,
  );
}

/**
 * TaskExit for an exec (its id is the exec ID, not the container's): record the exit code,
 * end the streams, and delete the process from the task. The container runs on.
 */
export function* handleExecExit(host: Host, execId: string, exitStatus: number): Task<void> {
  const e = state(host).execs[execId];
  if (!e) return;
  commit(host.dockerd, {
    type: 'exec.updated',
    execId,
    patch: { running: false, exitCode: exitStatus, finishedAt: host.scheduler.now },
  });
  // ── obs ──
  const owner = state(host).containers[e.containerId];
  if (owner)
    emitContainerEvent(host, owner, 'exec_die', { execID: execId, exitCode: String(exitStatus) });
  host.io.taskExited(execId);
  host.io.exited(execId, { exitCode: exitStatus });
  yield* deleteProcess(
    host,
    host.net.as(host.daemonId),
    e,
    `the exec exited with ${exitStatus}: dockerd deletes its process from the task; the container keeps running`,
  );
}

/** dockerd copies input from the exec's hijacked connection into the exec's stdin FIFO. */
export function writeExecStdin(
  host: Host,
  e: ExecRecord,
  text: string | undefined,
  commandId: number | undefined,
): void {
  host.net.send(
    host.daemonId,
    {
      to: shimId(e.containerId),
      protocol: 'stream',
      operation: 'stdin',
      op: 'dockerd.exec.stdin',
      subjects: aboutExec(e.containerId, e.id),
      request:
        text === undefined
          ? { containerId: e.containerId, execId: e.id, eof: true }
          : { containerId: e.containerId, execId: e.id, text },
      summary:
        text === undefined
          ? "the client closed its input: dockerd closes the exec's stdin FIFO"
          : "dockerd copies the input into the exec's own stdin FIFO, which the shim reads",
    },
    commandId,
  );
}

/** Input for an exec arrived on its connection: written now, or kept until the process starts. */
export function execStdinArrived(
  host: Host,
  execId: string,
  text: string | undefined,
  commandId: number | undefined,
): void {
  const e = state(host).execs[execId];
  if (!e || e.exitCode !== null) return;
  if (host.io.acceptStdin(execId, text)) writeExecStdin(host, e, text, commandId);
}

/**
 * `GET /exec/{id}/json` (moby backend.ExecInspect): ExitCode is null until the process
 * has exited; DetachKeys are the bytes moby keeps, which Go's JSON writes in base64.
 */
export function execInspect(e: ExecRecord) {
  return {
    ID: e.id,
    Running: e.running,
    ExitCode: e.exitCode,
    ProcessConfig: {
      tty: e.tty,
      entrypoint: e.entrypoint,
      arguments: e.args,
      privileged: e.privileged,
      ...(e.user ? { user: e.user } : {}),
    },
    OpenStdin: e.openStdin,
    OpenStderr: e.openStderr,
    OpenStdout: e.openStdout,
    CanRemove: false,
    ContainerID: e.containerId,
    DetachKeys: detachKeyBytes(e.detachKeys),
    Pid: e.pid,
  };
}

/** The detach keys as moby stores them (term.ToBytes), base64 as Go marshals a []byte. */
function detachKeyBytes(keys: string): string {
  if (!keys) return '';
  const bytes = keys.split(',').map((k) => {
    if (k.length === 1) return k.charCodeAt(0);
    if (k === 'DEL') return 127;
    const ch = k.slice(5).toLowerCase();
    // ctrl-a … ctrl-z are 1 … 26; ctrl-@ 0, ctrl-[ 27, ctrl-\ 28, ctrl-] 29, ctrl-^ 30, ctrl-_ 31.
    return ch >= 'a' && ch <= 'z'
      ? ch.charCodeAt(0) - 96
      : '@[\\]^_'.indexOf(ch) + (ch === '@' ? 0 : 26);
  });
  return btoa(String.fromCharCode(...bytes));
}

export { EXEC_START_OPTIONS, readJson };
