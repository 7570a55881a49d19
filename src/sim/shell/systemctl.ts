/**
 * The host's service tools in the learner's terminal: `systemctl` for Docker's
 * units (docker.service, docker.socket, containerd.service), `journalctl -u`,
 * and `sudo` in front of them, plus `tee` (so `… | sudo tee /etc/docker/daemon.json`
 * edits dockerd's configuration as on a real host). systemctl talks to systemd
 * over D-Bus; what it prints follows systemd 255 (Ubuntu 24.04's).
 *
 * The learner is not root: systemctl's changes need `sudo`. A real systemctl in
 * a terminal would ask for a password through polkit's text agent; DockScope
 * has no password prompt, so it answers as systemd does when no agent can ask
 * ("Interactive authentication required") and says so.
 */
import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import type { CommandStreams, Output } from './interpreter';
import { NOT_SIMULATED_STATUS } from './interpreter';
import { UNIT_FILES, EXEC_START, isDockerUnit, unitNameOf, type UnitName } from '../systemd/units';
import { shortLine } from '../systemd/journal';
import type { UnitJobAnswer, UnitVerb } from '../systemd/systemdServer';
import { DAEMON_JSON } from '../dockerd/daemonConfig';
import { ENGINE } from '../dockerd/routes/system';
import { contextOf } from '../core/actors';
import type { KernelState } from '../kernel/kernelMachine';

/** The learner's machine's files, as the terminal keeps them. */
export interface ToolFiles {
  files: Map<string, string>;
  resolve(path: string): string;
}

/**
 * `systemctl`, `journalctl` and `tee`, or undefined for any other program (the
 * shell's own dispatch handles it). `root`: run by the host's `sudo`
 * (hostPrograms.ts), which is what systemctl's changes and a write of
 * daemon.json need.
 */
export function hostServiceTool(
  host: Host,
  /** The terminal command this runs for: its messages carry it. */
  cmd: number,
  fs: ToolFiles,
  argv: string[],
  streams: CommandStreams,
  root: boolean,
): Task<number> | undefined {
  const [name = '', ...args] = argv;
  switch (name) {
    case 'systemctl':
      return systemctl(host, cmd, args, streams.out, root);
    case 'journalctl':
      return journalctl(host, cmd, args, streams.out, root);
    case 'tee':
      return tee(fs, args, streams, root);
  }
  return undefined;
}

function* tee(fs: ToolFiles, args: string[], streams: CommandStreams, root: boolean): Task<number> {
  const append = args.includes('-a') || args.includes('--append');
  const paths = args.filter((a) => a !== '-a' && a !== '--append');
  const text = streams.stdin ?? '';
  streams.out.write('stdout', text);
  let status = 0;
  for (const p of paths) {
    const abs = fs.resolve(p);
    const writable =
      abs.startsWith('/home/learner/') || abs.startsWith('/tmp/') || (root && abs === DAEMON_JSON);
    if (!writable) {
      streams.out.write(
        'stderr',
        abs === DAEMON_JSON || abs.startsWith('/etc/')
          ? `tee: ${p}: Permission denied\n`
          : `DockScope: tee: ${p}: this page's host lets you write ${DAEMON_JSON} (as root), and files in /home/learner and /tmp\n`,
      );
      status = 1;
      continue;
    }
    fs.files.set(abs, (append ? (fs.files.get(abs) ?? '') : '') + text);
  }
  yield* [];
  return status;
}

const VERBS: ReadonlySet<string> = new Set([
  'start',
  'stop',
  'restart',
  'reload',
  'status',
  'is-active',
  'is-enabled',
]);

function* systemctl(
  host: Host,
  cmd: number,
  args: string[],
  out: Output,
  root: boolean,
): Task<number> {
  const words = args.filter((a) => a !== '--no-pager' && a !== '-q' && a !== '--quiet');
  const quiet = args.includes('-q') || args.includes('--quiet');
  const [verb = '', ...names] = words;
  if (!VERBS.has(verb)) {
    out.write(
      'stderr',
      verb === ''
        ? 'DockScope: systemctl here takes start, stop, restart, reload, status, is-active or is-enabled, with docker, docker.socket or containerd.\n'
        : `DockScope: 'systemctl ${verb}' is not simulated; systemctl here takes start, stop, restart, reload, status, is-active and is-enabled.\n`,
    );
    return NOT_SIMULATED_STATUS;
  }
  if (names.length === 0) {
    out.write('stderr', `Too few arguments.\n`);
    return 1;
  }
  let status = 0;
  const warn: string[] = [];
  for (const [i, unit] of names.map(unitNameOf).entries()) {
    // `systemctl status a b`: a blank line between the units' blocks.
    if (verb === 'status' && i > 0) out.write('stdout', '\n');
    const s = yield* oneUnit(host, cmd, verb, unit, out, root, quiet, warn);
    if (s !== 0 && status === 0) status = s;
  }
  // After every job of the line has run (systemctl waits for them): a stopped unit whose
  // triggering unit is still active, as `systemctl stop docker docker.socket` does not warn.
  for (const unit of warn)
    if (host.systemd.units['docker.socket'].state === 'active')
      out.write(
        'stderr',
        `Stopping '${unit}', but its triggering units are still active:\ndocker.socket\n`,
      );
  return status;
}

function* ask(host: Host, cmd: number, verb: UnitVerb, unit: string): Task<UnitJobAnswer> {
  const r = yield* host.net.call<UnitJobAnswer>(
    'systemctl',
    {
      to: 'systemd',
      protocol: 'dbus',
      operation: `${verb === 'status' ? 'org.freedesktop.DBus.Properties.GetAll' : `org.freedesktop.systemd1.Manager.${verb[0]!.toUpperCase()}${verb.slice(1)}Unit`} ${unit}`,
      op: `systemd.units.${verb}`,
      request: verb === 'status' ? { verb, unit } : { verb, unit, mode: 'replace' },
      summary:
        verb === 'status'
          ? `systemctl reads ${unit}'s state from systemd`
          : `systemctl asks systemd to ${verb} ${unit}`,
    },
    cmd,
  );
  return (r.body ?? {}) as UnitJobAnswer;
}

function* oneUnit(
  host: Host,
  cmd: number,
  verb: string,
  unit: string,
  out: Output,
  root: boolean,
  quiet: boolean,
  /** Stopped units whose triggering units may still be active (warned about after all jobs). */
  warn: string[],
): Task<number> {
  if (verb === 'status' || verb === 'is-active' || verb === 'is-enabled') {
    yield* ask(host, cmd, 'status', unit);
    if (!isDockerUnit(unit)) {
      if (verb === 'status') {
        out.write('stderr', `Unit ${unit} could not be found.\n`);
        return 4;
      }
      if (verb === 'is-active') {
        if (!quiet) out.write('stdout', 'inactive\n');
        return 3;
      }
      out.write('stderr', `Failed to get unit file state for ${unit}: No such file or directory\n`);
      return 1;
    }
    const u = host.systemd.units[unit];
    if (verb === 'is-active') {
      if (!quiet) out.write('stdout', `${u.state}\n`);
      return u.state === 'active' ? 0 : 3;
    }
    if (verb === 'is-enabled') {
      if (!quiet) out.write('stdout', 'enabled\n');
      return 0;
    }
    out.write('stdout', statusText(host, unit));
    return u.state === 'active' ? 0 : 3;
  }
  const job = verb as Exclude<UnitVerb, 'status'>;
  if (!root) {
    out.write(
      'stderr',
      `Failed to ${job} ${unit}: Interactive authentication required.\nSee system logs and 'systemctl status ${unit}' for details.\nDockScope: a real terminal would ask for your password (polkit); here, run it with sudo.\n`,
    );
    return 1;
  }
  const a = yield* ask(host, cmd, job, unit);
  switch (a.failed) {
    case 'not-loaded':
      out.write(
        'stderr',
        // systemd: stop of an unknown unit says "not loaded", start/restart/reload "not found".
        `Failed to ${job} ${unit}: Unit ${unit} ${job === 'stop' ? 'not loaded' : 'not found'}.\nDockScope: only docker.service, docker.socket and containerd.service are simulated here.\n`,
      );
      return 5;
    case 'not-applicable':
      out.write(
        'stderr',
        `Failed to ${job} ${unit}: Job type ${job} is not applicable for unit ${unit}.\n`,
      );
      return 1;
    case 'inactive':
      out.write('stderr', `${unit} is not active, cannot reload.\n`);
      return 1;
    case 'exit-code':
      out.write(
        'stderr',
        `Job for ${unit} failed because the control process exited with error code.\nSee "systemctl status ${unit}" and "journalctl -xeu ${unit}" for details.\n`,
      );
      return 1;
  }
  if (a.triggeredBy?.length) warn.push(unit);
  return 0;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** systemd's timestamp: `Thu 2026-01-15 09:00:00 UTC`. */
function systemdTime(wall: number): string {
  const d = new Date(wall);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** systemd's relative time: `3s ago`, `5min 2s ago`, `1h 4min ago`. */
function ago(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return `${Math.max(0, Math.floor(ms))}ms ago`;
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}min ${s % 60}s ago` : `${m}min ago`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h ${m % 60}min ago` : `${h}h ago`;
}

/** The other processes in a service's cgroup, from the kernel's process table, by PID. */
function cgroupMembers(host: Host, unit: UnitName): { pid: number; cmd: string }[] {
  const procs = Object.values(contextOf<KernelState>(host.kernel).processes);
  const want =
    unit === 'containerd.service'
      ? (argv0: string) => argv0.endsWith('containerd-shim-runc-v2')
      : unit === 'docker.service'
        ? (argv0: string) => argv0 === '/usr/bin/docker-proxy'
        : () => false;
  return procs
    .filter((p) => !p.containerId && p.argv[0] !== undefined && want(p.argv[0]))
    .sort((a, b) => a.pid - b.pid)
    .map((p) => ({ pid: p.pid, cmd: p.argv.join(' ') }));
}

function statusText(host: Host, unit: UnitName): string {
  const u = host.systemd.units[unit];
  const file = UNIT_FILES[unit];
  const now = host.scheduler.now;
  const since = `since ${systemdTime(host.epoch + Math.floor(u.since))}; ${ago(now - u.since)}`;
  const dot = u.state === 'active' ? '●' : u.state === 'failed' ? '×' : '○';
  const dockerUp = host.systemd.units['docker.service'].state === 'active';
  const active =
    u.state === 'active'
      ? unit === 'docker.socket'
        ? dockerUp
          ? 'active (running)'
          : 'active (listening)'
        : 'active (running)'
      : u.state === 'failed'
        ? `failed (Result: ${unit === 'docker.socket' ? 'service-start-limit-hit' : 'exit-code'})`
        : 'inactive (dead)';
  const lines = [
    `${dot} ${unit} - ${file.description}`,
    `     Loaded: loaded (${file.path}; enabled; preset: enabled)`,
    `     Active: ${active} ${since}`,
  ];
  const mark = (n: UnitName) => (host.systemd.units[n].state === 'active' ? '●' : '○');
  if (unit === 'docker.service') lines.push(`TriggeredBy: ${mark('docker.socket')} docker.socket`);
  if (unit === 'docker.socket') lines.push(`   Triggers: ${mark('docker.service')} docker.service`);
  if (file.docs) lines.push(`       Docs: ${file.docs}`);
  if (unit === 'docker.socket') lines.push('     Listen: /run/docker.sock (Stream)');
  else {
    const exec = EXEC_START[unit].join(' ');
    const comm = unit === 'docker.service' ? 'dockerd' : 'containerd';
    if (u.state === 'active') {
      lines.push(`   Main PID: ${u.mainPid} (${comm})`);
      lines.push(`     CGroup: /system.slice/${unit}`);
      // The unit's cgroup holds more than its main process: KillMode=process leaves the
      // shims (containerd's children) and docker-proxy (dockerd's) there.
      const procs = [{ pid: u.mainPid, cmd: exec }, ...cgroupMembers(host, unit)];
      procs.forEach((p, i) =>
        lines.push(`             ${i === procs.length - 1 ? '└─' : '├─'}${p.pid} ${p.cmd}`),
      );
    } else if (u.lastExit) {
      const code = u.lastExit.status === 0 ? '0/SUCCESS' : `${u.lastExit.status}/FAILURE`;
      lines.push(`    Process: ${u.lastExit.pid} ExecStart=${exec} (code=exited, status=${code})`);
      lines.push(`   Main PID: ${u.lastExit.pid} (code=exited, status=${code})`);
    }
  }
  const journal = host.journal.of(unit).slice(-10);
  const name = ENGINE.hostname;
  const tail = journal.map((e) => shortLine(e, host.epoch, name));
  return `${lines.join('\n')}\n${tail.length ? `\n${tail.join('\n')}\n` : ''}`;
}

/**
 * What journalctl tells a user outside the groups that may read the system journal
 * (systemd's access check; Ubuntu's /var/log/journal ACL names adm). The learner is in
 * neither, so without sudo it sees only its own journal, which holds nothing of
 * docker's units: systemd, dockerd and containerd run as root.
 */
const JOURNAL_HINT =
  "Hint: You are currently not seeing messages from other users and the system.\n      Users in groups 'adm', 'systemd-journal' can see all messages.\n      Pass -q to turn off this notice.\n";

function* journalctl(
  host: Host,
  cmd: number,
  args: string[],
  out: Output,
  root: boolean,
): Task<number> {
  const units: UnitName[] = [];
  let lines: number | undefined;
  const quiet = args.includes('-q') || args.includes('--quiet');
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (['--no-pager', '-x', '-e', '-xe', '-q', '--quiet'].includes(a)) continue;
    let u: string | undefined;
    if (a === '-u' || a === '--unit') u = args[++i];
    else if (a.startsWith('--unit=')) u = a.slice(7);
    else if (/^-[xe]*u$/.test(a)) u = args[++i];
    else if (a === '-n' || a === '--lines') lines = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) lines = Number(a.slice(2));
    else if (a.startsWith('--lines=')) lines = Number(a.slice(8));
    else {
      out.write(
        'stderr',
        `DockScope: journalctl here takes -u <unit> (docker, docker.socket, containerd), -n <lines> and --no-pager; '${a}' is not simulated.\n`,
      );
      return NOT_SIMULATED_STATUS;
    }
    if (u !== undefined) {
      const name = unitNameOf(u);
      if (isDockerUnit(name)) units.push(name);
    }
  }
  yield* host.net.call(
    'systemctl',
    {
      to: 'systemd',
      protocol: 'dbus',
      operation: `journalctl ${units.map((u) => `-u ${u}`).join(' ')}`.trim(),
      op: 'systemd.journal.read',
      request: { units },
      summary: `journalctl reads the journal${units.length ? ` of ${units.join(', ')}` : ''} (DockScope simplification: a real journalctl reads journald's files itself, not through systemd)`,
    },
    cmd,
  );
  if (!root && !quiet) out.write('stderr', JOURNAL_HINT);
  let entries = root
    ? host.journal.entries.filter((e) => units.length === 0 || units.includes(e.unit))
    : [];
  if (lines !== undefined && Number.isFinite(lines)) entries = entries.slice(-Math.max(0, lines));
  if (entries.length === 0) {
    out.write('stdout', '-- No entries --\n');
    return 0;
  }
  out.write(
    'stdout',
    `${entries.map((e) => shortLine(e, host.epoch, ENGINE.hostname)).join('\n')}\n`,
  );
  return 0;
}
