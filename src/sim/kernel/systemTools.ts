import type { Task } from '../core/scheduler';
import { sharedPidView } from './pidView';
import { contextOf } from '../core/actors';
import type { KernelState } from './kernelMachine';
import { imageOf } from './rootfsImage';
import type { ProcessContext } from './processContext';
import { childChain, execedMainArgv } from './processView';
import { execRows } from './execProcesses';
import type { Tool, ToolEnv } from './fileTools';
import { NOT_SIMULATED_STATUS } from '../shell/interpreter';

function* done(code: number): Task<number> {
  yield* [];
  return code;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const HALF_YEAR_MS = (365.2425 / 2) * 86_400_000;

/** `Jan 15 09:00` for a recent time, `Sep  6  2024` for one over six months old (both ls). */
function lsTime(ms: number, now: number): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}`;
  const recent = now - ms < HALF_YEAR_MS && ms <= now;
  return `${day} ${recent ? d.toISOString().slice(11, 16) : ` ${d.getUTCFullYear()}`}`;
}

/** Debian 12 has a merged /usr: these names at the root are symbolic links. */
const MERGED_USR: Record<string, string> = {
  bin: 'usr/bin',
  lib: 'usr/lib',
  lib64: 'usr/lib64',
  sbin: 'usr/sbin',
};

/** Modes of the directories a container root has that are not plain 755 ones. */
const SPECIAL_MODES: Record<string, string> = {
  proc: 'dr-xr-xr-x',
  sys: 'dr-xr-xr-x',
  root: 'drwx------',
  tmp: 'drwxrwxrwt',
};

/**
 * Directories whose whole content DockScope knows (the rest of an image's
 * tree, /etc or /usr/bin, it does not hold): `ls` lists only these.
 */
const KNOWN_CONTENT = new Set(['/', '/tmp', '/home', '/mnt', '/opt', '/srv']);

interface Entry {
  name: string;
  dir: boolean;
  size: number;
  /** Written or made by the container (dated now), not from the image. */
  fresh?: boolean;
}

/**
 * `ls [-l] [-a] [-1] [PATH…]`. Directories are 4096 bytes and dated when the
 * image was built; files written in the container are dated now. With a
 * terminal (`-t`) names go in columns, otherwise one per line, as both ls do.
 */
function* ls(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const flags = args.filter((a) => /^-[a-zA-Z1]+$/.test(a)).join('');
  const paths = args.filter((a) => !/^-[a-zA-Z1]+$/.test(a));
  const long = flags.includes('l');
  const all = flags.includes('a');
  // The image's files carry the time it was built.
  const built = Date.parse(imageOf(ctx.host, ctx.containerId)?.image.created ?? '');
  const imageTime = Number.isNaN(built) ? ctx.host.wallClock : built;
  let code = 0;
  const targets = paths.length === 0 ? ['.'] : paths;
  for (const [i, raw] of targets.entries()) {
    const path = env.fs.abs(raw);
    let entries: Entry[];
    if (env.fs.isDirectory(path)) {
      const abs = path.replace(/\/+$/, '') || '/';
      if (!KNOWN_CONTENT.has(abs) && !env.fs.madeHere(abs)) {
        ctx.write('stderr', `DockScope does not simulate the full contents of ${abs}\n`);
        code = 1;
        continue;
      }
      entries = env.fs.list(path).map((name) => {
        const full = `${abs === '/' ? '' : abs}/${name}`;
        const r = env.fs.read(full);
        const dir = env.fs.isDirectory(full);
        const fresh = dir ? env.fs.madeHere(full) : env.fs.writtenHere(full);
        return { name, dir, size: 'text' in r ? r.text.length : 4096, fresh };
      });
      if (abs === '/') {
        entries.push({ name: '.dockerenv', dir: false, size: 0, fresh: true });
        // Mount points: their times are the mounts', made as the container started.
        for (const e of entries) if (['dev', 'proc', 'sys'].includes(e.name)) e.fresh = true;
      }
      if (!all) entries = entries.filter((e) => !e.name.startsWith('.'));
      else
        entries.push({ name: '.', dir: true, size: 4096 }, { name: '..', dir: true, size: 4096 });
      entries.sort((a, b) => (a.name < b.name ? -1 : 1));
      if (targets.length > 1) ctx.write('stdout', `${i > 0 ? '\n' : ''}${raw}:\n`);
    } else {
      const r = env.fs.read(path);
      if ('error' in r && r.error === 'missing') {
        ctx.write(
          'stderr',
          env.family === 'busybox'
            ? `ls: ${raw}: No such file or directory\n`
            : `ls: cannot access '${raw}': No such file or directory\n`,
        );
        code = env.family === 'busybox' ? 1 : 2;
        continue;
      }
      entries = [
        {
          name: raw,
          dir: false,
          size: 'text' in r ? r.text.length : 0,
          fresh: env.fs.writtenHere(path),
        },
      ];
    }
    const atRoot = env.fs.isDirectory(path) && (path.replace(/\/+$/, '') || '/') === '/';
    if (long) ctx.write('stdout', longListing(entries, env, imageTime, ctx.host.wallClock, atRoot));
    else
      ctx.write(
        'stdout',
        columns(
          entries.map((e) => e.name),
          ctx.spec.tty,
        ),
      );
  }
  return yield* done(code);
}

function longListing(
  entries: Entry[],
  env: ToolEnv,
  imageTime: number,
  now: number,
  atRoot: boolean,
): string {
  const rows = entries.map((e) => {
    const link = atRoot && env.family === 'debian' ? MERGED_USR[e.name] : undefined;
    return {
      mode: link
        ? 'lrwxrwxrwx'
        : e.dir
          ? (atRoot && SPECIAL_MODES[e.name]) || 'drwxr-xr-x'
          : '-rw-r--r--',
      links: e.dir && !link ? 2 : 1,
      size: link ? link.length : e.dir ? 4096 : e.size,
      // The image's directories date from its build; what the container wrote, from now.
      time: lsTime(e.fresh ? now : imageTime, now),
      name: link ? `${e.name} -> ${link}` : e.name,
    };
  });
  if (env.family === 'busybox') {
    return rows
      .map(
        (r) =>
          `${r.mode} ${String(r.links).padStart(4)} root     root     ${String(r.size).padStart(9)} ${r.time} ${r.name}\n`,
      )
      .join('');
  }
  // GNU ls: "total" in 1K blocks, then columns as wide as their widest value.
  const total = rows.reduce((t, r) => t + Math.ceil(r.size / 4096) * 4, 0);
  const lw = Math.max(...rows.map((r) => String(r.links).length), 1);
  const sw = Math.max(...rows.map((r) => String(r.size).length), 1);
  return (
    `total ${total}\n` +
    rows
      .map(
        (r) =>
          `${r.mode} ${String(r.links).padStart(lw)} root root ${String(r.size).padStart(sw)} ${r.time} ${r.name}\n`,
      )
      .join('')
  );
}

/** Names one per line, or (on a terminal) in columns filled top to bottom, 80 wide. */
function columns(names: string[], tty: boolean): string {
  if (!tty || names.length === 0) return names.map((n) => `${n}\n`).join('');
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const perRow = Math.max(1, Math.floor(80 / width));
  const rows = Math.ceil(names.length / perRow);
  let out = '';
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let k = r; k < names.length; k += rows) row.push(names[k]!);
    out += row.map((n, j) => (j === row.length - 1 ? n : n.padEnd(width))).join('') + '\n';
  }
  return out;
}

/** Mount options as /proc/mounts shows them: the kernel adds `rw`/`relatime` and sorts its own way. */
function procOptions(type: string, options: string[]): string {
  const flags = options.filter((o) => ['nosuid', 'nodev', 'noexec'].includes(o));
  const data = options.filter(
    (o) => !['nosuid', 'nodev', 'noexec', 'ro', 'rw', 'strictatime', 'newinstance'].includes(o),
  );
  const mode = options.includes('ro') ? 'ro' : 'rw';
  const time = options.includes('strictatime') ? [] : ['relatime'];
  const fixed = data.map((o) =>
    o.replace(/^mode=0?(\d+)$/, 'mode=$1').replace(/^ptmxmode=0?(\d+)$/, 'ptmxmode=$1'),
  );
  const sized =
    type === 'tmpfs' ? fixed.map((o) => (o === 'size=67108864' ? 'size=65536k' : o)) : fixed;
  return [mode, ...flags, ...time, ...sized].join(',');
}

/**
 * `mount` with no arguments: the container's mount table as the kernel keeps
 * it (the overlay root first, then the spec's mounts in the order runc made them).
 * The bind-mounted /etc files show the host filesystem they come from.
 */
function* mount(ctx: ProcessContext, args: string[]): Task<number> {
  if (args.length > 0) {
    ctx.write('stderr', 'DockScope does not simulate mounting file systems inside a container\n');
    return yield* done(NOT_SIMULATED_STATUS);
  }
  // /proc/mounts: the overlay runc pivoted into, then what it mounted from the spec.
  const ns = ctx.host.namespaces.of(ctx.containerId);
  const root = ns?.root;
  const lines = [
    `overlay on / type overlay (rw,relatime,lowerdir=${root?.lowerdirs.join(':') ?? ''},upperdir=${root?.upperdir ?? ''},workdir=${root?.workdir ?? ''})`,
  ];
  for (const m of ns?.mounts ?? []) {
    const type = m.type === 'cgroup' ? 'cgroup2' : (m.type ?? 'none');
    if (m.type === 'bind') {
      lines.push(`/dev/sda1 on ${m.destination} type ext4 (rw,relatime)`);
      continue;
    }
    lines.push(
      `${m.source} on ${m.destination} type ${type} (${procOptions(type, m.options ?? [])})`,
    );
  }
  ctx.write('stdout', lines.map((l) => `${l}\n`).join(''));
  return yield* done(0);
}

/**
 * BusyBox `ps`: every process of the container's PID namespace. PID 1 is the
 * main process (its argv from the kernel's table), then the shell's children
 * down to `ps` itself.
 */
function* ps(ctx: ProcessContext): Task<number> {
  // ── sec: `--pid host` / `--pid container:<name>`: the processes of the namespace it shares ──
  const shared = sharedPidView(ctx);
  if (shared !== undefined) {
    ctx.write('stdout', shared);
    return yield* done(0);
  }
  const kernel = contextOf<KernelState>(ctx.host.kernel);
  // PID 1 is the container's main process, also when ps runs in an exec'd shell.
  const mainPid =
    ctx.spec.execId === undefined
      ? ctx.spec.pid
      : ctx.host.daemonOf(ctx.containerId).containerRecord(ctx.containerId)?.pid;
  const main = mainPid === undefined ? undefined : kernel.processes[mainPid];
  const firstArgv =
    (ctx.spec.execId === undefined ? execedMainArgv(ctx) : undefined) ??
    main?.argv ??
    ctx.spec.argv;
  const chain = childChain(ctx);
  const mine = new Set(chain.map((r) => r.pid));
  // Processes `docker exec` started are in the same PID namespace: ps sees them all.
  const execs = execRows(ctx.host, ctx.containerId).filter((r) => !mine.has(r.pid));
  // A shell's children run as its user (exec -u); PID 1 runs as root in the images simulated.
  const own = ctx.spec.uid ?? 0;
  const rows = [
    { pid: 1, argv: firstArgv, uid: 0 },
    ...execs,
    ...chain.map((r) => ({ ...r, uid: own })),
  ].sort((a, b) => a.pid - b.pid);
  // BusyBox ps shows a user without a name as its UID.
  const user = (uid: number) => (uid === 0 ? 'root' : uid === 65534 ? 'nobody' : String(uid));
  const text =
    'PID   USER     TIME  COMMAND\n' +
    rows
      .map(
        (r) => `${String(r.pid).padStart(5)} ${user(r.uid).padEnd(8)}  0:00 ${r.argv.join(' ')}\n`,
      )
      .join('');
  ctx.write('stdout', text);
  return yield* done(0);
}

export const SYSTEM_TOOLS: Record<string, Tool> = { ls, mount };
/** `ps` as BusyBox prints it; procps's `ps` (node, python) is not simulated. */
export const BUSYBOX_PS: Record<string, Tool> = { ps };
