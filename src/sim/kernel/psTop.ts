/**
 * What `docker top` reads on the host (obs): the PIDs in a container's cgroup
 * (`runc ps` reads `cgroup.procs`), and the host's procps `ps`, which dockerd
 * runs itself (moby daemon/top_unix.go: `ps <ps_args> -q <pids>`, then it keeps
 * the lines of those PIDs). These are host programs, not BusyBox's `ps` inside
 * the container: the PIDs are the host's, the parent of PID 1 is the shim.
 *
 * Simplified: every process runs as root (UID `root`), uses no CPU (`C` 0,
 * `TIME` 00:00:00), and a process with a terminal is on `pts/0`.
 */
import type { Host } from '../host';
import type { KernelProcess, KernelState } from './kernelMachine';
import { contextOf } from '../core/actors';

/** The container's processes, as its cgroup lists them (cgroup.procs: ascending PIDs). */
export function cgroupProcs(host: Host, containerId: string): number[] {
  const k = contextOf<KernelState>(host.kernel);
  return Object.values(k.processes)
    .filter((p) => p.containerId === containerId)
    .map((p) => p.pid)
    .sort((a, b) => a - b);
}

/** The ps option sets DockScope's host `ps` knows: full (-ef, -f) and BSD user (aux). */
export type PsStyle = 'full' | 'user';

export function psStyle(args: readonly string[]): PsStyle | undefined {
  const joined = args.filter((a) => a !== '').join(' ');
  if (['-ef', '-fe', '-e -f', '-f -e', '-f', '-aef', '-A -f', '-Af', '-fA'].includes(joined))
    return 'full';
  if (['aux', '-aux', 'uax', 'axu', 'xau', 'xua', 'au', 'ux'].includes(joined)) return 'user';
  return undefined;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** procps's STIME/START: HH:MM within the last 24 hours, else MonDD (the host runs in UTC). */
function startText(host: Host, p: KernelProcess): string {
  const started = host.epoch + (p.started ?? 0);
  const d = new Date(started);
  if (host.wallClock - started < 24 * 3600 * 1000)
    return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return `${MONTHS[d.getUTCMonth()]}${pad2(d.getUTCDate())}`;
}

const tty = (p: KernelProcess) => (p.stdin === 'pty' ? 'pts/0' : '?');

/**
 * procps `ps` with `-q <pids>`: the header, then one line per PID, columns
 * separated by spaces (dockerd splits them on blanks again, joining the last
 * column's words: the command line).
 */
export function hostPs(host: Host, style: PsStyle, pids: readonly number[]): string {
  const k = contextOf<KernelState>(host.kernel);
  const procs = pids.map((pid) => k.processes[pid]).filter((p): p is KernelProcess => !!p);
  if (style === 'full') {
    const rows = procs.map((p) =>
      [
        'root',
        String(p.pid),
        String(p.ppid),
        '0',
        startText(host, p),
        tty(p),
        '00:00:00',
        p.argv.join(' '),
      ].join(' '),
    );
    return ['UID PID PPID C STIME TTY TIME CMD', ...rows].join('\n') + '\n';
  }
  const rows = procs.map((p) =>
    [
      'root',
      String(p.pid),
      '0.0',
      '0.0',
      '0',
      '0',
      tty(p),
      'Ss',
      startText(host, p),
      '0:00',
      p.argv.join(' '),
    ].join(' '),
  );
  return ['USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND', ...rows].join('\n') + '\n';
}
