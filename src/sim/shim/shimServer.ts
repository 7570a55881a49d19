import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import type { Message, Op } from '../core/types';
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
import { aboutContainer } from '../trace/operations';

/** What the shim adds to a signal number to report a death by that signal. */
const EXIT_SIGNAL_OFFSET = 128;

/** The operation name of the exec that launches a shim. */
export const SHIM_START = 'containerd-shim-runc-v2 start';

/** Where one shim runs runc: the namespace it serves and runc's root (options root + namespace). */
interface ShimPaths {
  namespace: string;
  root: string;
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
  '--systemd-cgroup',
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
    const req = (inbound.request ?? {}) as { signal?: number };
    if (!shim) return { status: 'NotFound', summary: `${self} is not running` };
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
      case TTRPC.kill: {
        const signal = req.signal ?? SIGNALS.SIGTERM!;
        yield* runc(
          inbound,
          ['kill', containerId, String(signal)],
          `the shim runs \`runc kill ${containerId.slice(0, 12)}… ${signal}\``,
        );
        return { status: 'OK', summary: 'signal sent' };
      }
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
    return { argv: ['containerd-shim-runc-v2', '-namespace', namespace, '-id', containerId] };
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
      const terminal = shim.terminal;
      const input = m.request as { containerId: string; text?: string; eof?: boolean };
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
    const exit = m.request as { pid: number; exitStatus?: number; termsig?: number } | undefined;
    if (!shim || !exit || !m.operation.startsWith('SIGCHLD')) return;
    // containerd's reaper (pkg/sys/reaper exitStatus): killed by signal N is reported as 128 + N.
    const status =
      exit.termsig !== undefined ? EXIT_SIGNAL_OFFSET + exit.termsig : (exit.exitStatus ?? 0);
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
