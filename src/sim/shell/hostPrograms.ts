/**
 * Programs of the Docker host itself, as the learner's terminal runs them: the
 * learner's machine (`local`) is the Linux host the Docker Engine runs on, so
 * `ps -ef --forest` there shows dockerd, containerd, one shim per running
 * container and the containers' processes under their shims, `ip addr` the
 * bridges and veths, `ls /var/lib/docker` dockerd's files.
 *
 * Every read is a message from the learner's `bash` to the kernel (it shows in
 * the trace and the diagram); no program here looks at an engine component's
 * state. Output formats are those of Ubuntu 24.04's tools (procps-ng 4.0.4,
 * iproute2 6.1, GNU coreutils 9.4, util-linux 2.39.3), column for column.
 *
 * The learner is `learner` (uid 1000), an ordinary user in the `docker` group:
 * `docker` works without sudo, but what needs root fails with the tools' own
 * words (`ls: cannot open directory '/var/lib/docker': Permission denied`).
 * `sudo CMD` runs CMD as root (without asking a password: a stated simplification).
 *
 * To add a host program: write `function* name(ctx: HostCommandContext): Task<number>`
 * (read what it needs with `ctx.kernel(...)`, or send the component that owns the
 * data a message through `ctx.call`) and add one line to HOST_COMMANDS at the end.
 */
import type { Task } from '../core/scheduler';
import type { CallSpec, Reply } from '../core/network';
import type { Op } from '../core/types';
import type { Output } from './interpreter';
import { NOT_SIMULATED_STATUS } from './interpreter';
import {
  EACCES,
  ENOENT,
  LEARNER_UID,
  NOT_SIMULATED,
  type DirEntry,
  type HostLink,
  type HostProcess,
  type HostViewRequest,
} from '../kernel/hostView';
import { kill } from './hostKill';

/** What a host program gets: its arguments, its streams, its user, and the wire. */
export interface HostCommandContext {
  name: string;
  args: string[];
  out: Output;
  stdin: string | undefined;
  /** 0 under sudo, else the learner's uid. */
  uid: number;
  /** The learner's own files (what `>` wrote under ~ and /tmp). */
  files: ReadonlyMap<string, string>;
  /** The directories made under ~ and /tmp (`docker cp` of a directory). */
  dirs?: ReadonlySet<string>;
  /** An absolute path from one the learner typed (relative to the home directory). */
  resolve(path: string): string;
  /** Send a request from the learner's bash (on this machine) and wait for the answer. */
  call<B = unknown>(spec: CallSpec): Task<Reply<B>>;
  /** Run another command (sudo's), as `uid`. */
  run(argv: string[], uid: number): Task<number>;
  /** Simulated wall-clock ms of the host's boot (ps's STIME is boot time plus a process's start). */
  epoch: number;
}

export type HostCommand = (ctx: HostCommandContext) => Task<number>;

/** One read of the kernel's view, as a syscall message from bash. */
function kernel<B>(
  ctx: HostCommandContext,
  request: HostViewRequest,
  operation: string,
  op: Op,
  summary: string,
): Task<Reply<B>> {
  return ctx.call<B>({ to: 'kernel', protocol: 'syscall', operation, op, request, summary });
}

const write = (ctx: HostCommandContext, stream: 'stdout' | 'stderr', text: string) =>
  ctx.out.write(stream, text);

function* done(code: number): Task<number> {
  yield* [];
  return code;
}

const userName = (uid: number) =>
  uid === 0 ? 'root' : uid === LEARNER_UID ? 'learner' : String(uid);

// ─── ps (procps-ng 4.0.4) ───────────────────────────────────────────────────

/** HH:MM of a start time (UTC, the host's time zone). */
function hhmm(epoch: number, ms: number): string {
  const d = new Date(epoch + Math.floor(ms));
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** A user name in ps's 8-wide column: longer ones are cut to 7 and a `+`. */
const psUser = (uid: number) => {
  const n = userName(uid);
  return n.length > 8 ? `${n.slice(0, 7)}+` : n;
};

const cmdline = (p: HostProcess) => p.argv.join(' ');

/**
 * `--forest`'s order and prefixes (procps's show_forest): sorted by parent then start,
 * each tree from its root; PID 1's children stay at its level, deeper ones get ` \_ `.
 */
function forest(procs: HostProcess[]): Array<{ p: HostProcess; prefix: string }> {
  const sorted = [...procs].sort(
    (a, b) => a.ppid - b.ppid || a.started - b.started || a.pid - b.pid,
  );
  const pids = new Set(sorted.map((p) => p.pid));
  const rows: Array<{ p: HostProcess; prefix: string }> = [];
  // `above`: for each ancestor level, whether that ancestor has a later sibling (a `|` runs down).
  const show = (p: HostProcess, level: number, above: boolean[], more: boolean) => {
    const prefix = level === 0 ? '' : above.map((m) => (m ? ' |  ' : '    ')).join('') + ' \\_ ';
    rows.push({ p, prefix });
    const kids = sorted.filter((k) => k.ppid === p.pid);
    kids.forEach((k, i) => {
      const later = i < kids.length - 1;
      if (p.pid === 1) show(k, level, above, later);
      else show(k, level + 1, level === 0 ? [] : [...above, more], later);
    });
  };
  // Roots: processes whose parent is not listed, the last-sorted first (show_forest walks backwards).
  for (const p of [...sorted].reverse()) if (!pids.has(p.ppid)) show(p, 0, [], false);
  return rows;
}

/** Stand-in sizes for `ps aux` (VSZ and RSS in KiB, %MEM of a 4 GiB host): DockScope does not model memory use. */
function sizes(p: HostProcess): { vsz: number; rss: number; stat: string } {
  const c = p.comm;
  if (p.pid === 1) return { vsz: 22360, rss: 13312, stat: 'Ss' };
  if (c === 'containerd') return { vsz: 1874436, rss: 46080, stat: 'Ssl' };
  if (c === 'dockerd') return { vsz: 2290808, rss: 80640, stat: 'Ssl' };
  if (c === 'containerd-shim') return { vsz: 1238276, rss: 13568, stat: 'Sl' };
  if (c === 'docker-proxy') return { vsz: 1745600, rss: 3840, stat: 'Sl' };
  if (c === 'bash') return { vsz: 8784, rss: 5504, stat: 'Ss' };
  if (c === 'ps') return { vsz: 11320, rss: 4480, stat: 'R+' };
  if (p.nsPid === 1) return { vsz: 11472, rss: 7424, stat: 'Ss' };
  return { vsz: 1712, rss: 1024, stat: 'S' };
}

function* ps(ctx: HostCommandContext): Task<number> {
  const args = ctx.args;
  const flags = new Set<string>();
  let pidList: string | undefined;
  let bsd = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--forest') flags.add('forest');
    else if (a === '-p' || a === '--pid') pidList = args[++i];
    else if (/^-[efp]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === 'p') pidList = args[++i];
        else flags.add(ch);
      }
    } else if (/^-p\d/.test(a)) pidList = a.slice(2);
    else if (a === 'aux' || a === 'auxf' || a === 'axu') {
      bsd = true;
      if (a.endsWith('f')) flags.add('forest');
    } else {
      write(
        ctx,
        'stderr',
        `DockScope simulates ps -ef, ps -ef --forest, ps aux, ps -p PID and ps -fp PID on the host, not 'ps ${args.join(' ')}'\n`,
      );
      return yield* done(NOT_SIMULATED_STATUS);
    }
  }
  if (pidList === '') pidList = undefined;
  const r = yield* kernel<{ processes: HostProcess[]; self: number }>(
    ctx,
    { call: 'proc.list', uid: ctx.uid, reader: { pid: 0, argv: ['ps', ...args] } },
    'openat(/proc) + read /proc/<pid>/{stat,status,cmdline}',
    'kernel.proc.list',
    `ps reads every process in /proc`,
  );
  let procs = (r.body?.processes ?? []).map((p) =>
    p.argv[0] === 'ps' && p.ppid !== 1 ? { ...p, uid: ctx.uid } : p,
  );
  if (pidList !== undefined) {
    const wanted = pidList.split(',');
    if (wanted.some((w) => !/^\d+$/.test(w))) {
      write(
        ctx,
        'stderr',
        `error: process ID list syntax error\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`,
      );
      return 1;
    }
    procs = procs.filter((p) => wanted.includes(String(p.pid)));
  } else if (!flags.has('e') && !bsd) {
    // Plain `ps`: the processes of this terminal.
    procs = procs.filter((p) => p.tty === 'pts/0');
  }
  const rows = flags.has('forest')
    ? forest(procs)
    : procs.sort((a, b) => a.pid - b.pid).map((p) => ({ p, prefix: '' }));
  let text: string;
  if (bsd) {
    text = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
    for (const { p, prefix } of rows) {
      const s = sizes(p);
      const mem = ((s.rss / (4 * 1024 * 1024)) * 100).toFixed(1);
      text +=
        `${psUser(p.uid).padEnd(8)} ${String(p.pid).padStart(7)}  0.0 ${mem.padStart(4)} ` +
        `${String(s.vsz).padStart(6)} ${String(s.rss).padStart(5)} ${p.tty.padEnd(8)} ${s.stat.padEnd(4)} ` +
        `${hhmm(ctx.epoch, p.started).padStart(5)}   0:00 ${prefix}${cmdline(p)}\n`;
    }
  } else if (flags.has('f')) {
    text = 'UID          PID    PPID  C STIME TTY          TIME CMD\n';
    for (const { p, prefix } of rows)
      text +=
        `${psUser(p.uid).padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 ` +
        `${hhmm(ctx.epoch, p.started)} ${p.tty.padEnd(8)} 00:00:00 ${prefix}${cmdline(p)}\n`;
  } else {
    // The default format: the executable's name (comm), not the command line.
    text = '    PID TTY          TIME CMD\n';
    for (const { p, prefix } of rows)
      text += `${String(p.pid).padStart(7)} ${p.tty.padEnd(8)} 00:00:00 ${prefix}${p.comm}\n`;
  }
  write(ctx, 'stdout', text);
  return rows.length === 0 ? 1 : 0;
}

// ─── ip (iproute2 6.1) ──────────────────────────────────────────────────────

const toNum = (ip: string) => ip.split('.').reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
const fromNum = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const maskOf = (prefix: number) => (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
const cidr = (address: string) => {
  const [ip = '', p = '32'] = address.split('/');
  const prefix = Number(p);
  return {
    ip,
    prefix,
    network: fromNum((toNum(ip) & maskOf(prefix)) >>> 0),
    broadcast: fromNum((toNum(ip) | ~maskOf(prefix)) >>> 0),
  };
};

function linkHead(l: HostLink): string {
  const name = l.kind === 'veth' ? `${l.name}@if${l.peerIndex}` : l.name;
  if (l.kind === 'loopback')
    return '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
  const flags = l.up ? '<BROADCAST,MULTICAST,UP,LOWER_UP>' : '<NO-CARRIER,BROADCAST,MULTICAST,UP>';
  const qdisc = l.kind === 'ether' ? 'fq_codel' : 'noqueue';
  const master = l.master ? ` master ${l.master}` : '';
  const state = l.up ? 'UP' : 'DOWN';
  const qlen = l.kind === 'ether' ? ' qlen 1000' : ' ';
  const netns = l.kind === 'veth' ? ' link-netnsid 0' : '';
  return (
    `${l.index}: ${name}: ${flags} mtu 1500 qdisc ${qdisc}${master} state ${state} group default${qlen}\n` +
    `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff${netns}\n`
  );
}

function linkAddresses(l: HostLink): string {
  if (l.kind === 'loopback')
    return (
      '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' +
      '    inet6 ::1/128 scope host noprefixroute \n       valid_lft forever preferred_lft forever\n'
    );
  // A veth's host end has no address of its own (the container end, in its namespace, has).
  if (l.kind === 'veth' || !l.address) return '';
  const a = cidr(l.address);
  return `    inet ${l.address} brd ${a.broadcast} scope global ${l.name}\n       valid_lft forever preferred_lft forever\n`;
}

function* ip(ctx: HostCommandContext): Task<number> {
  const args = ctx.args.filter((a) => a !== 'show' && a !== 'list');
  const object = args[0] ?? '';
  const kind =
    object === ''
      ? ''
      : ['address', 'addr', 'a'].includes(object)
        ? 'addr'
        : 'link'.startsWith(object)
          ? 'link'
          : 'route'.startsWith(object)
            ? 'route'
            : '';
  if (!kind || args.length > 1) {
    write(
      ctx,
      'stderr',
      `DockScope simulates 'ip addr', 'ip link' and 'ip route' on the host (reading only), not 'ip ${ctx.args.join(' ')}'\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const r = yield* kernel<{ links: HostLink[] }>(
    ctx,
    { call: 'netdev.list', uid: ctx.uid },
    kind === 'route' ? 'netlink RTM_GETROUTE (dump)' : 'netlink RTM_GETLINK + RTM_GETADDR (dump)',
    'kernel.netdev.list',
    `ip ${kind} asks the kernel for its ${kind === 'route' ? 'routes' : 'network devices'}`,
  );
  const links = r.body?.links ?? [];
  let text = '';
  if (kind === 'route') {
    text += 'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100 \n';
    for (const l of links) {
      if (l.kind === 'loopback' || !l.address || l.kind === 'veth') continue;
      const a = cidr(l.address);
      const proto =
        l.kind === 'ether' ? 'proto kernel scope link src' : 'proto kernel scope link src';
      const dead = l.up ? '' : ' linkdown';
      text += `${a.network}/${a.prefix} dev ${l.name} ${proto} ${a.ip}${l.kind === 'ether' ? ' metric 100' : ''}${dead} \n`;
    }
  } else {
    for (const l of links) text += linkHead(l) + (kind === 'addr' ? linkAddresses(l) : '');
  }
  write(ctx, 'stdout', text);
  return 0;
}

// ─── ls and cat (GNU coreutils 9.4) ─────────────────────────────────────────

function* ls(ctx: HostCommandContext): Task<number> {
  const bad = ctx.args.find((a) => a.startsWith('-') && !/^-[a1]+$/.test(a));
  if (bad) {
    write(
      ctx,
      'stderr',
      `DockScope simulates ls [-a] PATH on the host (it keeps no owners, sizes or times for -l), not 'ls ${ctx.args.join(' ')}'\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const all = ctx.args.some((a) => /^-[1]*a/.test(a));
  const paths = ctx.args.filter((a) => !a.startsWith('-'));
  if (paths.length === 0) paths.push('.');
  let status = 0;
  const many = paths.length > 1;
  for (const [i, typed] of paths.entries()) {
    const path = typed === '.' ? ctx.resolve('') : ctx.resolve(typed);
    const r = yield* kernel<{ entries?: DirEntry[]; file?: boolean; partial?: boolean }>(
      ctx,
      { call: 'vfs.list', uid: ctx.uid, path },
      `openat(${path}, O_DIRECTORY) + getdents64`,
      'kernel.vfs.list',
      `ls asks the kernel for the entries of ${path}`,
    );
    if (r.status === EACCES) {
      // The directory itself refuses to be read (open), or one above it refuses the lookup (access).
      const how = /^\/var\/lib\/docker\/./.test(path) ? 'access' : 'open directory';
      write(ctx, 'stderr', `ls: cannot ${how} '${typed}': Permission denied\n`);
      status = 2;
      continue;
    }
    if (r.status === ENOENT) {
      write(ctx, 'stderr', `ls: cannot access '${typed}': No such file or directory\n`);
      status = 2;
      continue;
    }
    if (r.status === NOT_SIMULATED) {
      write(
        ctx,
        'stderr',
        `DockScope does not simulate the host's ${path}; it simulates /var/lib/docker, /run/containerd, /sys/fs/cgroup/system.slice, /proc/<pid> and your home directory\n`,
      );
      status = NOT_SIMULATED_STATUS;
      continue;
    }
    if (r.body?.file) {
      write(ctx, 'stdout', `${typed}\n`);
      continue;
    }
    const entries = (r.body?.entries ?? []).filter((e) => all || !e.name.startsWith('.'));
    // -a lists the directory's own . and .. entries first (C locale order).
    const names = [...(all ? ['.', '..'] : []), ...entries.map((e) => e.name)];
    if (many) write(ctx, 'stdout', `${i > 0 ? '\n' : ''}${typed}:\n`);
    write(ctx, 'stdout', names.map((n) => `${n}\n`).join(''));
    if (r.body?.partial)
      write(
        ctx,
        'stderr',
        `DockScope: ${path} holds more on a real host; this lists what DockScope simulates\n`,
      );
  }
  return status;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function* cat(ctx: HostCommandContext): Task<number> {
  if (ctx.args.length === 0) {
    write(ctx, 'stdout', ctx.stdin ?? '');
    return yield* done(0);
  }
  let status = 0;
  for (const a of ctx.args) {
    const path = ctx.resolve(a);
    const own = ctx.files.get(path);
    if (own !== undefined) {
      write(ctx, 'stdout', own);
      continue;
    }
    if (
      path.startsWith('/home/learner/') ||
      path.startsWith('/tmp/') ||
      path === '/home/learner' ||
      path === '/tmp'
    ) {
      const isDir =
        path === '/home/learner' ||
        path === '/tmp' ||
        !!ctx.dirs?.has(path) ||
        [...ctx.files.keys()].some((f) => f.startsWith(`${path}/`));
      write(
        ctx,
        'stderr',
        isDir ? `cat: ${a}: Is a directory\n` : `cat: ${a}: No such file or directory\n`,
      );
      status = 1;
      continue;
    }
    const r = yield* kernel<{ content: string }>(
      ctx,
      { call: 'vfs.read', uid: ctx.uid, path },
      `openat(${path}) + read`,
      'kernel.vfs.read',
      `cat reads ${path}`,
    );
    if (r.status === 0) write(ctx, 'stdout', r.body?.content ?? '');
    else if (r.status === EACCES) {
      write(ctx, 'stderr', `cat: ${a}: Permission denied\n`);
      status = 1;
    } else if (r.status === ENOENT) {
      write(ctx, 'stderr', `cat: ${a}: No such file or directory\n`);
      status = 1;
    } else if (r.status === -21) {
      write(ctx, 'stderr', `cat: ${a}: Is a directory\n`);
      status = 1;
    } else {
      write(ctx, 'stderr', `DockScope does not simulate the host's ${path}\n`);
      status = NOT_SIMULATED_STATUS;
    }
  }
  return status;
}

// ─── lsns (util-linux 2.39.3) ───────────────────────────────────────────────

function* lsns(ctx: HostCommandContext): Task<number> {
  if (ctx.args.length > 0) {
    write(
      ctx,
      'stderr',
      `DockScope simulates lsns with no options on the host, not 'lsns ${ctx.args.join(' ')}'\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const r = yield* kernel<{ processes: HostProcess[]; self: number }>(
    ctx,
    { call: 'proc.list', uid: ctx.uid, reader: { pid: 0, argv: ['lsns'] } },
    'openat(/proc) + readlink /proc/<pid>/ns/*',
    'kernel.proc.list',
    'lsns reads each process’s /proc/<pid>/ns links',
  );
  // Without root, lsns sees the namespaces of its own user's processes only (the others' ns links are unreadable).
  const procs = (r.body?.processes ?? [])
    .map((p) => (p.argv[0] === 'lsns' ? { ...p, uid: ctx.uid } : p))
    .filter((p) => ctx.uid === 0 || p.uid === ctx.uid);
  const byNs = new Map<number, { type: string; procs: HostProcess[] }>();
  for (const p of procs)
    for (const [type, inode] of Object.entries(p.namespaces)) {
      const e = byNs.get(inode) ?? { type, procs: [] };
      e.procs.push(p);
      byNs.set(inode, e);
    }
  const rows = [...byNs.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([inode, e]) => {
      const first = [...e.procs].sort((a, b) => a.pid - b.pid)[0]!;
      return {
        inode,
        type: e.type,
        n: e.procs.length,
        pid: first.pid,
        user: userName(first.uid),
        cmd: cmdline(first),
      };
    });
  const pidW = Math.max(3, ...rows.map((x) => String(x.pid).length));
  const userW = Math.max(4, ...rows.map((x) => x.user.length));
  let text = `${'NS'.padStart(10)} TYPE   NPROCS ${'PID'.padStart(pidW)} ${'USER'.padEnd(userW)} COMMAND\n`;
  for (const x of rows)
    text += `${String(x.inode).padStart(10)} ${x.type.padEnd(6)} ${String(x.n).padStart(6)} ${String(x.pid).padStart(pidW)} ${x.user.padEnd(userW)} ${x.cmd}\n`;
  write(ctx, 'stdout', text);
  return 0;
}

// ─── iptables (1.8.10, the nf_tables variant) ──────────────────────────────

const IPTABLES_DENIED =
  'iptables v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n';

const BUILTIN_CHAINS: Record<string, Array<[string, string]>> = {
  filter: [
    ['INPUT', 'ACCEPT'],
    // dockerd sets FORWARD's policy to DROP when it enables IP forwarding.
    ['FORWARD', 'DROP'],
    ['OUTPUT', 'ACCEPT'],
  ],
  nat: [
    ['PREROUTING', 'ACCEPT'],
    ['INPUT', 'ACCEPT'],
    ['OUTPUT', 'ACCEPT'],
    ['POSTROUTING', 'ACCEPT'],
  ],
};

/** Each chain of a table with its rules (the part after `-A <chain> `), built-in chains first, then the others by name. */
function chainsOf(
  rules: string[],
  table: string,
): Array<{ name: string; policy?: string; rules: string[] }> {
  const mine = rules
    .filter((r) => r.startsWith(`-t ${table} -A `))
    .map((r) => r.slice(`-t ${table} -A `.length));
  const user = new Set<string>();
  for (const r of mine) {
    const chain = r.split(' ')[0]!;
    if (!BUILTIN_CHAINS[table]!.some(([c]) => c === chain)) user.add(chain);
    const jump = /-j (DOCKER[\w-]*)/.exec(r)?.[1];
    if (jump) user.add(jump);
  }
  const body = (chain: string) =>
    mine.filter((r) => r.startsWith(`${chain} `)).map((r) => r.slice(chain.length + 1));
  return [
    ...BUILTIN_CHAINS[table]!.map(([name, policy]) => ({ name, policy, rules: body(name) })),
    ...[...user].sort().map((name) => ({ name, rules: body(name) })),
  ];
}

/** One rule as `iptables -L -n` prints it: target, prot, opt, source, destination, then what the matches say. */
function listed(rule: string): string {
  const t = rule.split(' ');
  let target = '';
  let proto = '0';
  let src = '0.0.0.0/0';
  let dst = '0.0.0.0/0';
  let srcNot = false;
  let dstNot = false;
  const extra: string[] = [];
  let to = '';
  for (let i = 0; i < t.length; i++) {
    const not = t[i - 1] === '!';
    const v = t[i + 1] ?? '';
    const host = (a: string) => a.replace(/\/32$/, '');
    switch (t[i]) {
      case '-j':
        target = v;
        break;
      case '-p':
        proto = v === 'tcp' ? '6' : v === 'udp' ? '17' : v === 'sctp' ? '132' : v;
        break;
      case '-s':
        src = host(v);
        srcNot = not;
        break;
      case '-d':
        dst = host(v);
        dstNot = not;
        break;
      case '--dport':
        extra.push(`${t[i - 2] === '-m' ? t[i - 1] : 'tcp'} dpt:${v}`);
        break;
      case '--dst-type':
        extra.push(`ADDRTYPE match dst-type ${v}`);
        break;
      case '--ctstate':
        extra.push(`ctstate ${v}`);
        break;
      case '--to-destination':
        to = `to:${v}`;
        break;
    }
  }
  const opts = [...extra, ...(to ? [to] : [])].join(' ');
  // print_rule_details: `%-9s ` target, the protocol's `!` or a space, `%-5hu` protocol,
  // `%-3s` options, then each address after its `!` or a space, `%-19s `.
  return (
    `${target.padEnd(9)}  ${proto.padEnd(5)}-- ` +
    `${srcNot ? '!' : ' '}${src.padEnd(19)} ${dstNot ? '!' : ' '}${dst.padEnd(19)} ${opts ? ` ${opts}` : ''}\n`
  );
}

function* iptables(ctx: HostCommandContext): Task<number> {
  let table = 'filter';
  let action: 'L' | 'S' | undefined;
  let numeric = false;
  let chain: string | undefined;
  let other = false;
  const a = ctx.args;
  const chainAfter = (i: number) =>
    a[i + 1] !== undefined && !a[i + 1]!.startsWith('-') ? a[i + 1] : undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === '-t' || x === '--table') table = a[++i] ?? '';
    else if (x === '-n' || x === '--numeric') numeric = true;
    else if (x === '-L' || x === '--list' || x === '-S' || x === '--list-rules') {
      action = x === '-S' || x === '--list-rules' ? 'S' : 'L';
      chain = chainAfter(i);
      if (chain !== undefined) i++;
    } else if (x === '-nL' || x === '-Ln') {
      numeric = true;
      action = 'L';
      chain = chainAfter(i);
      if (chain !== undefined) i++;
    } else other = true;
  }
  if (
    other ||
    action === undefined ||
    !['filter', 'nat'].includes(table) ||
    (action === 'L' && !numeric && ctx.uid === 0)
  ) {
    write(
      ctx,
      'stderr',
      `DockScope simulates iptables [-t nat] -L -n, iptables [-t nat] -S and iptables-save on the host, not 'iptables ${a.join(' ')}' (-L without -n, which looks names up, is not simulated)\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const rules = yield* netfilter(ctx, `iptables -t ${table} ${action === 'S' ? '-S' : '-L -n'}`);
  if (!rules) {
    write(ctx, 'stderr', IPTABLES_DENIED);
    return 4;
  }
  let chains = chainsOf(rules, table);
  if (chain !== undefined) {
    chains = chains.filter((c) => c.name === chain);
    if (chains.length === 0) {
      write(ctx, 'stderr', `iptables: No chain/target/match by that name.\n`);
      return 1;
    }
  }
  let text = '';
  if (action === 'S') {
    for (const c of chains) text += c.policy ? `-P ${c.name} ${c.policy}\n` : `-N ${c.name}\n`;
    for (const c of chains) for (const r of c.rules) text += `-A ${c.name} ${r}\n`;
  } else {
    const refs = (name: string) =>
      chainsOf(rules, table).reduce(
        (n, c) =>
          n + c.rules.filter((r) => r.endsWith(`-j ${name}`) || r.includes(`-j ${name} `)).length,
        0,
      );
    text = chains
      .map(
        (c) =>
          `Chain ${c.name} (${c.policy ? `policy ${c.policy}` : `${refs(c.name)} references`})\n` +
          'target     prot opt source               destination         \n' +
          c.rules.map(listed).join(''),
      )
      .join('\n');
  }
  write(ctx, 'stdout', text);
  return 0;
}

/** The kernel's rules, or undefined when it refused (not root). */
function* netfilter(ctx: HostCommandContext, operation: string): Task<string[] | undefined> {
  const r = yield* kernel<{ rules: string[] }>(
    ctx,
    { call: 'netfilter.list', uid: ctx.uid },
    `${operation} (nf_tables: netlink NFT_MSG_GETRULE dump)`,
    'kernel.netfilter.list',
    'iptables asks the kernel for its rules',
  );
  return r.status === 0 ? (r.body?.rules ?? []) : undefined;
}

function* iptablesSave(ctx: HostCommandContext): Task<number> {
  if (ctx.args.length > 0) {
    write(
      ctx,
      'stderr',
      `DockScope simulates iptables-save with no options, not 'iptables-save ${ctx.args.join(' ')}'\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const rules = yield* netfilter(ctx, 'iptables-save');
  if (!rules) {
    write(ctx, 'stderr', IPTABLES_DENIED);
    return 4;
  }
  const now = ctimeOf(ctx.epoch);
  let text = '';
  for (const table of ['filter', 'nat']) {
    const chains = chainsOf(rules, table);
    text += `# Generated by iptables-save v1.8.10 (nf_tables) on ${now}\n*${table}\n`;
    for (const c of chains) text += `:${c.name} ${c.policy ?? '-'} [0:0]\n`;
    for (const c of chains) for (const r of c.rules) text += `-A ${c.name} ${r}\n`;
    text += `COMMIT\n# Completed on ${now}\n`;
  }
  write(ctx, 'stdout', text);
  return 0;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** C's ctime() without the newline: `Thu Jan 15 09:00:00 2026`. */
function ctimeOf(ms: number): string {
  const d = new Date(ms);
  const t = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${t} ${d.getUTCFullYear()}`;
}

function* nft(ctx: HostCommandContext): Task<number> {
  write(
    ctx,
    'stderr',
    "DockScope does not simulate nft: Docker 28 writes its rules with iptables (here the nf_tables variant, so nft would show them translated); try 'sudo iptables-save'\n",
  );
  return yield* done(NOT_SIMULATED_STATUS);
}

// ─── who am I, where am I ───────────────────────────────────────────────────

function* id(ctx: HostCommandContext): Task<number> {
  write(
    ctx,
    'stdout',
    ctx.uid === 0
      ? 'uid=0(root) gid=0(root) groups=0(root)\n'
      : // The docker group's GID is whatever groupadd gave it when Docker's package was installed.
        'uid=1000(learner) gid=1000(learner) groups=1000(learner),27(sudo),988(docker)\n',
  );
  return yield* done(0);
}

function* whoami(ctx: HostCommandContext): Task<number> {
  write(ctx, 'stdout', `${userName(ctx.uid)}\n`);
  return yield* done(0);
}

function* hostname(ctx: HostCommandContext): Task<number> {
  write(ctx, 'stdout', 'local\n');
  return yield* done(0);
}

function* uname(ctx: HostCommandContext): Task<number> {
  const all = ctx.args.includes('-a') || ctx.args.includes('--all');
  write(
    ctx,
    'stdout',
    all
      ? 'Linux local 6.8.0-60-generic #63-Ubuntu SMP PREEMPT_DYNAMIC Tue Apr 15 19:04:15 UTC 2025 x86_64 x86_64 x86_64 GNU/Linux\n'
      : ctx.args.includes('-r')
        ? '6.8.0-60-generic\n'
        : 'Linux\n',
  );
  return yield* done(0);
}

// ─── sudo ───────────────────────────────────────────────────────────────────

function* sudo(ctx: HostCommandContext): Task<number> {
  const [first, ...rest] = ctx.args;
  if (first === undefined) {
    write(
      ctx,
      'stderr',
      'usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] [VAR=value] [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] file ...\n',
    );
    return yield* done(1);
  }
  if (first.startsWith('-')) {
    write(
      ctx,
      'stderr',
      `DockScope simulates sudo COMMAND (as root), not sudo's options ('${first}')\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  return yield* ctx.run([first, ...rest], 0);
}

/**
 * The host programs, by name. Other parts add theirs here: one line each
 * (e.g. `systemctl`, `journalctl`, `kill`).
 */
export const HOST_COMMANDS: ReadonlyMap<string, HostCommand> = new Map<string, HostCommand>([
  ['ps', ps],
  ['ip', ip],
  ['ls', ls],
  ['cat', cat],
  ['lsns', lsns],
  ['id', id],
  ['whoami', whoami],
  ['hostname', hostname],
  ['uname', uname],
  ['iptables', iptables],
  ['iptables-save', iptablesSave],
  ['nft', nft],
  ['sudo', sudo],
  // ── fault: kill, bash's builtin or /usr/bin/kill under sudo (hostKill.ts) ──
  ['kill', kill],
]);
