/**
 * `docker-init` (tini, https://github.com/krallin/tini), PID 1 of a container
 * run with `--init`: it runs the command after `--` as its child, forwards
 * every signal it receives to that child, reaps whatever exits under it, and
 * exits with the child's exit code, or with 128 + the signal's number when
 * the child was killed by a signal (143 for SIGTERM, 130 for SIGINT).
 *
 * What that changes: the command is not PID 1, so a signal it installed no
 * handler for does what it does to any process, its default action (SIGTERM
 * ends it). Without `--init` the command is PID 1 of its PID namespace, and
 * the kernel drops every signal PID 1 has no handler for: `docker stop` then
 * waits out its 10 seconds and sends SIGKILL (exit 137).
 *
 * DockScope runs the child in the same simulated process as tini (the
 * kernel's table shows PID 1 as `/sbin/docker-init -- …`; `ps` inside lists the
 * child under it) and models no zombies, so the reaping is not shown.
 */
import type { Task } from '../core/scheduler';
import type { ProcessContext } from './processContext';
import { childProcess, cwdOf } from './processView';

/** moby's in-container path of the init binary. */
export const DOCKER_INIT = '/sbin/docker-init';

/** Signals whose default action ends a process (the ones DockScope's programs receive). */
export const TERMINATING_SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
};

/** Whether this argv is tini's: `/sbin/docker-init -- cmd…`. */
export const isTini = (argv: readonly string[]) => argv[0] === DOCKER_INIT && argv[1] === '--';

/** Run `cmd…` as tini's child; its exit code is tini's. */
export function* tini(
  ctx: ProcessContext,
  argv: readonly string[],
  runChild: (child: ProcessContext, argv: string[]) => Task<number>,
): Task<number> {
  const command = argv.slice(2);
  if (command.length === 0) return 1;
  // tini forwards what it receives: the child takes signals as a process that is not PID 1.
  ctx.underInit = true;
  const child = childProcess(
    ctx,
    command,
    ctx.spec.env,
    { write: (stream, text) => ctx.write(stream, text) },
    undefined,
    'fork',
    cwdOf(ctx),
  );
  return yield* runChild(child, command);
}
