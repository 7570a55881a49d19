/**
 * `kill` in the learner's terminal, which is the docker host: bash's builtin
 * as the learner (uid 1000), or /usr/bin/kill as root after `sudo`. The signal
 * goes to the kernel as kill(2) from the learner's bash, so the trace shows it.
 * A container's processes and the shims are host processes like any other, so
 * root can signal them: `sudo kill -9 <shim pid>` kills a shim
 * (shim/shimDeath.ts), `sudo kill -9 <container pid>` ends the container's
 * program (exit 137). The learner may signal only their own processes: bash
 * says `bash: kill: (<pid>) - Operation not permitted` for root's.
 *
 * Simplified: `kill -l`, job specs and process groups are not simulated, nor
 * are /usr/bin/kill's own error words (DockScope says what failed in its own).
 */
import type { Task } from '../core/scheduler';
import { NOT_SIMULATED_STATUS } from './interpreter';
import type { HostCommandContext } from './hostPrograms';
import { SIGNALS } from '../containerd/services';

const BASH_USAGE =
  'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

/** A signal as typed (`9`, `KILL`, `SIGKILL`, `kill`) → its name, or undefined. */
function signalName(spec: string): string | undefined {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return Object.entries(SIGNALS).find(([, v]) => v === n)?.[0];
  }
  const upper = spec.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return SIGNALS[name] !== undefined ? name : undefined;
}

function* done(code: number): Task<number> {
  yield* [];
  return code;
}

export function* kill(ctx: HostCommandContext): Task<number> {
  const { args, out } = ctx;
  const root = ctx.uid === 0;
  // bash's builtin words its errors `bash: kill: …`; /usr/bin/kill's own are not simulated.
  const fail = (text: string): number => {
    out.write(
      'stderr',
      root
        ? `DockScope: kill: ${text} (the words of /usr/bin/kill are not simulated)\n`
        : `bash: kill: ${text}\n`,
    );
    return 1;
  };
  let signal = 'SIGTERM';
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a === '-l' || a === '-L') {
      out.write('stderr', 'DockScope: kill -l is not simulated here\n');
      return yield* done(NOT_SIMULATED_STATUS);
    }
    const spec = a === '-s' || a === '-n' ? args[++i] : a.slice(1);
    if (spec === undefined) {
      out.write(
        'stderr',
        root
          ? 'DockScope: kill: a signal is missing\n'
          : `bash: kill: ${a}: option requires an argument\n`,
      );
      return yield* done(root ? 1 : 2);
    }
    const name = signalName(spec);
    if (!name) return yield* done(fail(`${spec}: invalid signal specification`));
    signal = name;
  }
  const pids = args.slice(i);
  if (pids.length === 0) {
    out.write('stderr', root ? 'DockScope: kill needs a PID\n' : BASH_USAGE);
    return yield* done(2);
  }
  let status = 0;
  for (const p of pids) {
    if (!/^\d+$/.test(p)) {
      status = fail(`${p}: arguments must be process or job IDs`);
      continue;
    }
    const pid = Number(p);
    const r = yield* ctx.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: `kill(${pid}, ${signal})`,
      op: 'kernel.host.kill',
      request: { call: 'kill', pid, signal, ...(root ? {} : { uid: ctx.uid }) },
      summary: root
        ? `sudo kill: /usr/bin/kill, as root, asks the kernel to send ${signal} to PID ${pid}`
        : `bash's kill builtin, as the learner (uid ${ctx.uid}), asks the kernel to send ${signal} to PID ${pid}`,
    });
    if (r.status === 0) continue;
    status =
      r.status === -1
        ? fail(`(${pid}) - Operation not permitted`)
        : root
          ? fail(`no process with PID ${pid} on this host`)
          : fail(`(${pid}) - No such process`);
  }
  return status;
}
