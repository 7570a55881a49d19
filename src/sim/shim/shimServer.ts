import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import type { Message, Op, Subjects } from '../core/types';
import { containerNodeId, shimId } from '../core/types';
import {
  DEFAULT_RUNC_ROOT,
  NAMESPACE,
  SIGNALS,
  TTRPC,
  bundleDir,
  runcRoot,
} from '../containerd/services';
import type { Program } from '../kernel/exec';
import type { StdinKind } from '../kernel/kernelServer';
import { shimHeardCgroupEvent } from './oomWatch';
import { shimStats } from './shimStats';
import { aboutContainer, aboutExec } from '../trace/operations';

/** What the shim adds to a signal number to report a death by that signal. */
const EXIT_SIGNAL_OFFSET = 128;

/** The operation name of the exec that launches a shim. */
export const SHIM_START = 'containerd-shim-runc-v2 start';

/** Where one shim runs runc: the namespace it serves and runc's root (options root + namespace). */
interface ShimPaths {
  namespace: string;
  root: string;
  /** ── daemon ── false: the runc options said SystemdCgroup=false (dockerd's cgroupfs driver). */
  systemdCgroup?: boolean;
}

const runcArgv = (paths: ShimPaths, id: string, ...rest: string[]) => [
  'runc',
  '--root',
  paths.root,
  '--log',
  `${bundleDir(paths.namespace, id)}/log.json`,
  '--log-format',
  'json',
  // dockerd runs the shim with SystemdCgroup on a cgroup v2 host with systemd, or with
  // native.cgroupdriver=systemd (moby UsingSystemd, daemon/daemon_unix.go),
  // so cgroupsPath `system.slice:docker:<id>` is read as slice:prefix:name.
  ...(paths.systemdCgroup === false ? [] : ['--systemd-cgroup']),
  ...rest,
];

/** What the task's fd 0 is, from the stdio containerd asked for in Task.Create. */
function stdinOf(req: { terminal?: boolean; stdin?: string } | undefined): StdinKind {
  if (!req?.stdin) return '/dev/null';
  return req.terminal ? 'pty' : 'pipe';
}

/** The catalogue's op for each runc subcommand the shim runs. */
const RUNC_OP = {
  create: 'runc.create',
  start: 'runc.start',
  kill: 'runc.kill',
  delete: 'runc.delete',
  exec: 'runc.exec',
  // ── life ──
  pause: 'runc.pause',
  resume: 'runc.resume',
  ps: 'runc.ps',
  update: 'runc.update',
} as const satisfies Record<string, Op>;
type RuncVerb = keyof typeof RUNC_OP;

/**
 * `containerd-shim-runc-v2`: containerd's agent for one container. It turns
 * ttrpc Task calls into runc invocations, stays the parent of the container's
 * init process, and reports its exit back to containerd.
 */
export function shimHandler(host: Host, containerId: string, namespace: string = NAMESPACE) {
  const self = shimId(containerId);
  const subjects = aboutContainer(containerId);
  // runc's root: the runtime options' root that Task.Create brings, then the namespace
  // (containerd-shim-runc-v2 process.NewRunc). Until then, the shim's own default.
  const paths: ShimPaths = { namespace, root: runcRoot(DEFAULT_RUNC_ROOT, namespace) };
  const bundle = bundleDir(namespace, containerId);
  const runc = (
    inbound: Inbound,
    args: [RuncVerb, ...string[]],
    summary: string,
    stdin?: StdinKind,
  ) => {
    const argv = runcArgv(paths, containerId, ...args);
    return inbound.call<{ pid?: number; stderr?: string }>({
      to: 'runc',
      protocol: 'exec',
      operation: `runc ${args[0]}`,
      op: RUNC_OP[args[0]],
      subjects,
      // runc runs as the shim's child: its parent PID (the shim's, which becomes init's
      // parent too, the shim being a child subreaper) is the exec's process context, not
      // an argument, so the trace shows the argv alone.
      request: {
        argv,
        ppid: host.shims.get(containerId)?.shimPid,
        // The stdio the shim set up for the task, inherited the same way: the pty or
        // stdin pipe when containerd gave it a stdin FIFO, else /dev/null.
        ...(stdin ? { stdin } : {}),
      },
      traced: { argv },
      summary,
    });
  };

  return function* (inbound: Inbound): Task<Reply> {
    const shim = host.shims.get(containerId);
    const req = (inbound.request ?? {}) as { signal?: number; exec_id?: string };
    if (!shim) return { status: 'NotFound', summary: `${self} is not running` };
    if (req.exec_id) return yield* execCall(host, inbound, paths, containerId, req.exec_id);
    switch (inbound.operation) {
      case SHIM_START: {
        const { address, shimPid } = shim;
        if (shim.state === 'starting') shim.commit({ type: 'shim.started' });
        return {
          status: 0,
          body: { stdout: address },
          summary: `the shim forks its server (PID ${shimPid}), prints its ttrpc address and the start process exits`,
        };
      }
      case TTRPC.create: {
        const root = (inbound.request as { options?: { root?: string } } | undefined)?.options
          ?.root;
        if (root) paths.root = runcRoot(root, namespace);
        const opts = (inbound.request as { options?: { systemd_cgroup?: boolean } } | undefined)
          ?.options;
        if (opts?.systemd_cgroup === false) paths.systemdCgroup = false;
        const r = yield* runc(
          inbound,
          ['create', '--bundle', bundle, '--pid-file', `${bundle}/init.pid`, containerId],
          'the shim runs `runc create` with the bundle containerd prepared',
          stdinOf(inbound.request as { terminal?: boolean; stdin?: string } | undefined),
        );
        if (r.status !== 0) {
          return {
            status: 'Unknown',
            body: { error: `OCI runtime create failed: ${r.body?.stderr ?? ''}` },
            summary: 'OCI runtime create failed',
          };
        }
        const pid = r.body?.pid ?? 0;
        shim.commit({
          type: 'task.created',
          pid,
          terminal: (inbound.request as { terminal?: boolean } | undefined)?.terminal ?? false,
        });
        return { status: 'OK', body: { pid }, summary: `task created, init PID ${pid}` };
      }
      case TTRPC.start: {
        const r = yield* runc(inbound, ['start', containerId], 'the shim runs `runc start`');
        if (r.status !== 0) return { status: 'Unknown', body: { error: r.body?.stderr } };
        // A quick program (echo hi) may already have exited by the time runc start returns.
        if (shim.state === 'created') shim.commit({ type: 'task.started' });
        return {
          status: 'OK',
          body: { pid: shim.pid },
          summary: 'task started',
        };
      }
      // ── obs: docker top: `runc ps --format json` lists the PIDs in the container's cgroup ──
      case TTRPC.pids: {
        const r = yield* runc(
          inbound,
          ['ps', '--format', 'json', containerId],
          `the shim runs \`runc ps --format json ${containerId.slice(0, 12)}…\``,
        );
        const pids = JSON.parse(
          (r.body as { stdout?: string } | undefined)?.stdout ?? '[]',
        ) as number[];
        return {
          status: 'OK',
          body: { processes: pids.map((pid) => ({ pid })) },
          summary: `${pids.length} PID${pids.length === 1 ? '' : 's'}: ${pids.join(', ')}`,
        };
      }
      // ── daemon: a restarted containerd connects again ──
      case TTRPC.connect:
        return {
          status: 'OK',
          body: { shim_pid: shim.shimPid, task_pid: shim.pid },
          summary: `the shim (PID ${shim.shimPid}) answers: it and its container (PID ${shim.pid}) kept running while containerd was away`,
        };
      case TTRPC.kill: {
        const signal = req.signal ?? SIGNALS.SIGTERM!;
        yield* runc(
          inbound,
          ['kill', containerId, String(signal)],
          `the shim runs \`runc kill ${containerId.slice(0, 12)}… ${signal}\``,
        );
        return { status: 'OK', summary: 'signal sent' };
      }
      case TTRPC.resizePty:
        return yield* resizePty(
          inbound,
          shim.terminal ?? false,
          shim.pid ?? 0,
          aboutContainer(containerId),
        );
      // ── life: pause and resume are runc's (the cgroup freezer) ──
      case TTRPC.pause:
      case TTRPC.resume: {
        const verb = inbound.operation === TTRPC.pause ? 'pause' : 'resume';
        const r = yield* runc(inbound, [verb, containerId], `the shim runs \`runc ${verb}\``);
        if (r.status !== 0) return { status: 'Unknown', body: { error: r.body?.stderr } };
        return { status: 'OK', summary: verb === 'pause' ? 'task paused' : 'task resumed' };
      }
      // ── res: Task.Update runs `runc update --resources -`; Task.Stats reads the cgroup ──
      case TTRPC.update: {
        const resources = (inbound.request as { resources?: unknown }).resources;
        const r = yield* inbound.call<{ stderr?: string }>({
          to: 'runc',
          protocol: 'exec',
          operation: 'runc update',
          op: RUNC_OP.update,
          subjects,
          request: {
            argv: runcArgv(paths, containerId, 'update', '--resources', '-', containerId),
            resources,
          },
          traced: { argv: runcArgv(paths, containerId, 'update', '--resources', '-', containerId) },
          summary: 'the shim runs `runc update --resources -`, the new limits as JSON on its stdin',
        });
        if (r.status !== 0) return { status: 'Unknown', body: { error: r.body?.stderr } };
        return { status: 'OK', summary: 'resources updated' };
      }
      case TTRPC.stats:
        return yield* shimStats(host, inbound, containerId);
      case TTRPC.delete: {
        yield* runc(inbound, ['delete', containerId], 'the shim runs `runc delete` to clean up');
        const exitStatus = shim.exitStatus ?? 0;
        shim.commit({ type: 'task.deleted' });
        return {
          status: 'OK',
          body: { pid: shim.pid, exit_status: exitStatus },
          summary: `task deleted, exit status ${exitStatus}`,
        };
      }
      case TTRPC.shutdown: {
        shim.commit({ type: 'shim.shutdown' });
        // The shim process exits as it answers: exit_group(2), which never returns.
        const shimPid = shim.shimPid;
        inbound.send({
          to: 'kernel',
          protocol: 'syscall',
          kind: 'event',
          operation: 'exit_group(0)',
          op: 'kernel.shim.exit',
          subjects,
          request: { call: 'exit_group', pid: shimPid, status: 0 },
          summary: `the shim (PID ${shimPid}) exits`,
        });
        host.dropShim(containerId);
        return { status: 'OK', summary: 'the shim exits: the container is gone' };
      }
      default:
        return {
          status: 'Unimplemented',
          summary: `${inbound.operation} is not served by the shim`,
        };
    }
  };
}

/** An exec process the shim holds (containerd-shim-runc-v2's execProcess). */
interface ShimExec {
  spec: unknown;
  terminal: boolean;
  stdin: string;
  pid?: number;
  exitStatus?: number;
  /** Start is under way: an exit seen meanwhile waits until Start has answered. */
  starting?: boolean;
  /** That exit's report, sent once Start has answered. */
  heldExit?: () => void;
}

/** Each shim's exec processes, by container and exec ID. */
const execsOf = new WeakMap<Host, Map<string, Map<string, ShimExec>>>();
function shimExecs(host: Host, containerId: string): Map<string, ShimExec> {
  let byContainer = execsOf.get(host.machine);
  if (!byContainer) execsOf.set(host.machine, (byContainer = new Map()));
  let execs = byContainer.get(containerId);
  if (!execs) byContainer.set(containerId, (execs = new Map()));
  return execs;
}

/** A number for a Go temporary file's name (os.CreateTemp puts a random decimal after the prefix). */
const tempSuffix = (host: Host) => String(parseInt(host.rng.hex(8), 16));

/**
 * Task calls about an exec process (an exec ID beside the container's): Exec records it,
 * Start runs `runc exec --detach` with its process spec, Delete forgets it. runc keeps no
 * state for an exec'd process; the shim, its parent, does.
 */
/**
 * ResizePty: with a terminal, the shim holds the pty's master (runc passed it over the
 * console socket) and sets its window size; a process without one has nothing to
 * resize, and the shim answers OK (containerd's runc shim does the same).
 */
function* resizePty(
  inbound: Inbound,
  terminal: boolean,
  pid: number,
  subjects: Subjects,
): Task<Reply> {
  if (!terminal) return { status: 'OK', summary: 'no terminal: nothing to resize' };
  const { width, height } = inbound.request as { width?: number; height?: number };
  yield* inbound.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `ioctl(TIOCSWINSZ, {ws_row=${height ?? 0}, ws_col=${width ?? 0}})`,
    op: 'kernel.pty.resize',
    subjects,
    request: {
      call: 'noop',
      what: `window size ${width ?? 0}×${height ?? 0}; SIGWINCH to PID ${pid}'s process group`,
    },
    summary: `the shim sets the pty's size to ${width ?? 0} columns × ${height ?? 0} rows`,
  });
  return { status: 'OK', summary: `pty resized to ${width ?? 0}×${height ?? 0}` };
}

function* execCall(
  host: Host,
  inbound: Inbound,
  paths: ShimPaths,
  containerId: string,
  execId: string,
): Task<Reply> {
  const execs = shimExecs(host, containerId);
  const subjects = aboutExec(containerId, execId);
  const bundle = bundleDir(paths.namespace, containerId);
  switch (inbound.operation) {
    case TTRPC.exec: {
      if (execs.has(execId))
        return { status: 'AlreadyExists', summary: `id ${execId}: already exists` };
      const r = inbound.request as { spec?: unknown; terminal?: boolean; stdin?: string };
      execs.set(execId, {
        spec: r.spec,
        terminal: r.terminal ?? false,
        stdin: r.stdin ?? '',
      });
      return { status: 'OK', summary: 'exec process recorded; nothing runs until Start' };
    }
    case TTRPC.start: {
      const e = execs.get(execId);
      if (!e) return { status: 'NotFound', body: { error: `process ${execId} does not exist` } };
      // go-runc writes the process spec to a temporary file for runc's --process.
      const processFile = `/tmp/runc-process${tempSuffix(host)}`;
      yield* inbound.call({
        to: 'kernel',
        protocol: 'syscall',
        operation: `write ${processFile}`,
        op: 'kernel.exec.spec.write',
        subjects,
        request: {
          call: 'file.write',
          files: [{ path: processFile, content: e.spec }],
          what: 'process spec written',
        },
        summary: "the shim writes the exec's process spec to a temporary file for runc",
      });
      // With a terminal, runc creates the pty inside the container and hands its master to
      // the shim over a console socket (go-runc NewTempConsoleSocket).
      const console = e.terminal
        ? ['--console-socket', `/tmp/pty${tempSuffix(host)}/pty.sock`]
        : [];
      const argv = runcArgv(
        paths,
        containerId,
        'exec',
        '--process',
        processFile,
        ...console,
        '--detach',
        '--pid-file',
        `${bundle}/${execId}.pid`,
        containerId,
      );
      e.starting = true;
      const r = yield* inbound.call<{ pid?: number; stderr?: string }>({
        to: 'runc',
        protocol: 'exec',
        operation: 'runc exec',
        op: 'runc.exec',
        subjects,
        // The shim's PID and the exec's stdio (its FIFOs, or the pty) are the process
        // context runc inherits, not arguments: the trace shows the argv alone.
        request: {
          argv,
          ppid: host.shims.get(containerId)?.shimPid,
          // With a terminal runc makes a pty for the exec whether or not it has a stdin FIFO
          // (moby's newFIFOSet leaves stdin out without -i): fd 0 is the pty's slave then.
          stdin: e.terminal ? 'pty' : stdinOf(e),
          execId,
        },
        traced: { argv },
        summary: 'the shim runs `runc exec --detach` to start the process inside the container',
      });
      e.starting = false;
      if (r.status !== 0) {
        // The process stays registered (it never ran) until containerd's DeleteProcess.
        return {
          status: 'Unknown',
          // containerd's runtimeError: the message, then runc's last logged error.
          body: { error: `OCI runtime exec failed: ${r.body?.stderr ?? ''}` },
          summary: 'OCI runtime exec failed',
        };
      }
      e.pid = r.body?.pid ?? 0;
      e.starting = false;
      // containerd-shim-runc-v2 (1.7) holds the exit of a process it is still starting and
      // publishes it after Start's answer, so containerd never hears of an exit before the start.
      const held = e.heldExit;
      e.heldExit = undefined;
      if (held) host.scheduler.at(host.scheduler.now + 0.05, held);
      return {
        status: 'OK',
        body: { pid: e.pid },
        summary: `exec process started, PID ${e.pid}: the shim is its parent`,
      };
    }
    case TTRPC.resizePty: {
      const e = execs.get(execId);
      // containerd-shim-runc-v2's container.Process: an exec deleted after its exit is gone.
      if (!e)
        return {
          status: 'NotFound',
          body: { error: `process does not exist ${execId}: not found` },
          summary: `process does not exist ${execId}`,
        };
      return yield* resizePty(inbound, e.terminal, e.pid ?? 0, subjects);
    }
    case TTRPC.delete: {
      const e = execs.get(execId);
      execs.delete(execId);
      if (!e) return { status: 'NotFound', summary: `process ${execId} does not exist` };
      return {
        status: 'OK',
        body: { pid: e.pid ?? 0, exit_status: e.exitStatus ?? 0 },
        summary: `exec process deleted, exit status ${e.exitStatus ?? 0}`,
      };
    }
    default:
      return { status: 'Unimplemented', summary: `${inbound.operation} is not served for an exec` };
  }
}

/** The exec's process exited (SIGCHLD for it): keep its status and report it to containerd. */
function execExited(
  host: Host,
  containerId: string,
  namespace: string,
  execId: string,
  pid: number,
  status: number,
  termsig: number | undefined,
): void {
  const e = shimExecs(host, containerId).get(execId);
  if (e) e.exitStatus = status;
  const report = () => reportExecExit(host, containerId, namespace, execId, pid, status, termsig);
  if (e?.starting) e.heldExit = report;
  else report();
}

function reportExecExit(
  host: Host,
  containerId: string,
  namespace: string,
  execId: string,
  pid: number,
  status: number,
  termsig: number | undefined,
): void {
  host.net.send(shimId(containerId), {
    to: 'containerd',
    protocol: 'ttrpc',
    kind: 'event',
    operation: TTRPC.forward,
    op: 'shim.events.exec-exit',
    subjects: aboutExec(containerId, execId),
    request: {
      namespace,
      topic: '/tasks/exit',
      event: { container_id: containerId, id: execId, pid, exit_status: status },
    },
    summary:
      termsig !== undefined
        ? `the shim reports the exec's exit to containerd, status ${status} = 128 + ${termsig}`
        : `the shim reports the exec's exit to containerd (TaskExit with the exec ID), status ${status}`,
  });
}

/**
 * The `containerd-shim-runc-v2` program, as the kernel starts it when
 * containerd execs `containerd-shim-runc-v2 -namespace … -id <id> start`: the
 * start helper creates the shim's ttrpc socket and forks the long-lived server
 * that listens on it (containerd-shim-runc-v2 manager.Start), which serves
 * `shim-<id>` from then on. The kernel keeps the process; the shim keeps the rest.
 */
export function shimProgram(host: Host): Program {
  return (pid, argv, self) => {
    const at = argv.indexOf('-id');
    const containerId = at >= 0 ? argv[at + 1] : undefined;
    if (!argv.includes('start') || !containerId || self !== shimId(containerId)) return undefined;
    const ns = argv[argv.indexOf('-namespace') + 1] ?? NAMESPACE;
    const namespace = argv.includes('-namespace') ? ns : NAMESPACE;
    const address = `unix:///run/containerd/s/${host.rng.hex(64)}`;
    host.spawnShim(containerId, pid, address);
    host.net.register(self, shimHandler(host, containerId, namespace));
    host.net.receive(self, shimReceiver(host, containerId, namespace));
    // The server the start helper forks: its own executable's path, then -namespace, -id and
    // containerd's -address (containerd-shim-runc-v2 manager.Start's newCommand), as ps shows it.
    const at2 = argv.indexOf('-address');
    const containerdAddress = at2 >= 0 ? argv[at2 + 1]! : '/run/containerd/containerd.sock';
    return {
      argv: [
        '/usr/bin/containerd-shim-runc-v2',
        '-namespace',
        namespace,
        '-id',
        containerId,
        '-address',
        containerdAddress,
      ],
    };
  };
}

/**
 * What the shim hears without being asked: input on the container's stdin
 * FIFO, which it copies on to the process; and SIGCHLD when the container's
 * init process (its child) exits, whose status it records and forwards to
 * containerd as a TaskExit event.
 */
export function shimReceiver(host: Host, containerId: string, namespace: string = NAMESPACE) {
  const self = shimId(containerId);
  return (m: Message): void => {
    const shim = host.shims.get(containerId);
    if (shim && m.kind === 'stream' && m.operation === 'stdin') {
      // What dockerd wrote into the container's stdin FIFO: the shim copies it on to the
      // process (containerd-shim-runc-v2's copyPipes; with -t, into the pty's master).
      const input = m.request as {
        containerId: string;
        execId?: string;
        text?: string;
        eof?: boolean;
      };
      const terminal =
        input.execId !== undefined
          ? shimExecs(host, containerId).get(input.execId)?.terminal
          : shim.terminal;
      host.net.send(
        self,
        {
          to: containerNodeId(containerId),
          protocol: 'stream',
          operation: 'stdin',
          op: 'shim.stdin.copy',
          subjects: aboutContainer(containerId),
          request: input,
          summary: input.eof
            ? 'dockerd closed the stdin FIFO: the shim passes the end of input on to the process'
            : `the shim copies the input from the stdin FIFO to the process's ${terminal ? 'pty' : 'stdin pipe'}`,
        },
        m.commandId,
      );
      return;
    }
    // ── res: an OOM kill in the container's cgroup (oomWatch.ts) ──
    if (shim && shimHeardCgroupEvent(host, containerId, namespace, m)) return;
    const exit = m.request as
      { pid: number; exitStatus?: number; termsig?: number; execId?: string } | undefined;
    if (!shim || !exit || !m.operation.startsWith('SIGCHLD')) return;
    // containerd's reaper (pkg/sys/reaper exitStatus): killed by signal N is reported as 128 + N.
    const status =
      exit.termsig !== undefined ? EXIT_SIGNAL_OFFSET + exit.termsig : (exit.exitStatus ?? 0);
    if (exit.execId !== undefined) {
      execExited(host, containerId, namespace, exit.execId, exit.pid, status, exit.termsig);
      return;
    }
    shim.commit({ type: 'task.exited', exitStatus: status });
    host.net.send(shimId(containerId), {
      to: 'containerd',
      protocol: 'ttrpc',
      kind: 'event',
      operation: TTRPC.forward,
      op: 'shim.events.exit',
      subjects: aboutContainer(containerId),
      request: {
        // The envelope's namespace: containerd publishes the event in it.
        namespace,
        topic: '/tasks/exit',
        event: {
          container_id: containerId,
          id: containerId,
          pid: exit.pid,
          exit_status: status,
        },
      },
      summary:
        exit.termsig !== undefined
          ? `the shim reports the exit to containerd (TaskExit event), status ${status} = 128 + ${exit.termsig}: "killed by signal ${exit.termsig}" as a number`
          : `the shim reports the exit to containerd (TaskExit event), status ${status}`,
    });
  };
}
