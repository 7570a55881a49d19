import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import type { Message, Op } from '../core/types';
import type { RuncState } from '../runc/runcMachine';
import { shimId } from '../core/types';
import { RUNC_ROOT, SIGNALS, TTRPC, bundleDir } from '../containerd/services';
import { aboutContainer } from '../trace/operations';

/** What the shim adds to a signal number to report a death by that signal. */
const EXIT_SIGNAL_OFFSET = 128;

/** The operation name of the exec that launches a shim. */
export const SHIM_START = 'containerd-shim-runc-v2 start';

const runcArgv = (id: string, ...rest: string[]) => [
  'runc',
  '--root',
  RUNC_ROOT,
  '--log',
  `${bundleDir(id)}/log.json`,
  '--log-format',
  'json',
  // dockerd runs the shim with SystemdCgroup on a cgroup v2 host with systemd, or with
  // native.cgroupdriver=systemd (moby UsingSystemd, daemon/daemon_unix.go),
  // so cgroupsPath `system.slice:docker:<id>` is read as slice:prefix:name.
  '--systemd-cgroup',
  ...rest,
];

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
export function shimHandler(host: Host, containerId: string) {
  const self = shimId(containerId);
  const subjects = aboutContainer(containerId);
  const runc = (inbound: Inbound, args: [RuncVerb, ...string[]], summary: string) =>
    inbound.call<{ pid?: number; stderr?: string }>({
      to: 'runc',
      protocol: 'exec',
      operation: `runc ${args[0]}`,
      op: RUNC_OP[args[0]],
      subjects,
      request: { argv: runcArgv(containerId, ...args) },
      summary,
    });

  return function* (inbound: Inbound): Task<Reply> {
    const actor = host.shims.get(containerId);
    const req = (inbound.request ?? {}) as { signal?: number };
    if (!actor) return { status: 'NotFound', summary: `${self} is not running` };
    switch (inbound.operation) {
      case SHIM_START: {
        const { address, shimPid } = actor.getSnapshot().context;
        return {
          status: 0,
          body: { stdout: address },
          summary: `the shim forks its server (PID ${shimPid}), prints its ttrpc address and the start process exits`,
        };
      }
      case TTRPC.create: {
        const r = yield* runc(
          inbound,
          [
            'create',
            '--bundle',
            bundleDir(containerId),
            '--pid-file',
            `${bundleDir(containerId)}/init.pid`,
            containerId,
          ],
          'the shim runs `runc create` with the bundle containerd prepared',
        );
        if (r.status !== 0) {
          return {
            status: 'Unknown',
            body: { error: `OCI runtime create failed: ${r.body?.stderr ?? ''}` },
            summary: 'OCI runtime create failed',
          };
        }
        const pid = r.body?.pid ?? 0;
        commit(actor, { type: 'task.created', pid });
        return { status: 'OK', body: { pid }, summary: `task created, init PID ${pid}` };
      }
      case TTRPC.start: {
        const r = yield* runc(inbound, ['start', containerId], 'the shim runs `runc start`');
        if (r.status !== 0) return { status: 'Unknown', body: { error: r.body?.stderr } };
        // A quick program (echo hi) may already have exited by the time runc start returns.
        if (actor.getSnapshot().matches('created')) commit(actor, { type: 'task.started' });
        return {
          status: 'OK',
          body: { pid: actor.getSnapshot().context.pid },
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
        const exitStatus = actor.getSnapshot().context.exitStatus ?? 0;
        commit(actor, { type: 'task.deleted' });
        return {
          status: 'OK',
          body: { pid: actor.getSnapshot().context.pid, exit_status: exitStatus },
          summary: `task deleted, exit status ${exitStatus}`,
        };
      }
      case TTRPC.shutdown: {
        commit(actor, { type: 'shim.shutdown' });
        // The shim process exits as it answers.
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
 * What the shim hears without being asked: SIGCHLD when the container's init
 * process (its child) exits. It records the status and forwards a TaskExit
 * event to containerd.
 */
export function shimReceiver(host: Host, containerId: string) {
  return (m: Message): void => {
    const actor = host.shims.get(containerId);
    const exit = m.request as { pid: number; exitStatus?: number; termsig?: number } | undefined;
    if (!actor || !exit || !m.operation.startsWith('SIGCHLD')) return;
    // containerd's reaper (pkg/sys/reaper exitStatus): killed by signal N is reported as 128 + N.
    const status =
      exit.termsig !== undefined ? EXIT_SIGNAL_OFFSET + exit.termsig : (exit.exitStatus ?? 0);
    commit(actor, { type: 'task.exited', exitStatus: status });
    const oci = contextOf<RuncState>(host.runc).containers[containerId];
    if (oci && oci.status !== 'stopped')
      commit(host.runc, { type: 'oci.stopped', id: containerId });
    host.net.send(shimId(containerId), {
      to: 'containerd',
      protocol: 'ttrpc',
      kind: 'event',
      operation: TTRPC.forward,
      op: 'shim.events.exit',
      subjects: aboutContainer(containerId),
      request: {
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
