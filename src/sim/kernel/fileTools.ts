import type { Task } from '../core/scheduler';
import type { ProcessContext } from './processContext';
import type { ContainerFs } from './containerFiles';
import type { RootfsFamily } from './builtins';
import { hogMemory } from './memoryHog';

/** What a tool needs besides its process: which userland it imitates, and the files. */
export interface ToolEnv {
  family: RootfsFamily;
  fs: ContainerFs;
}

export type Tool = (ctx: ProcessContext, args: string[], env: ToolEnv) => Task<number>;

function* done(code: number): Task<number> {
  yield* [];
  return code;
}

/** Everything on stdin, until end of input. */
function* readStdin(ctx: ProcessContext): Task<string> {
  if (!ctx.stdinOpen) return '';
  let text = '';
  for (;;) {
    const next = yield* ctx.next();
    if ('eof' in next) return text;
    if ('line' in next) text += next.line;
  }
}

/** BusyBox and coreutils word the same failures differently. */
function cannot(env: ToolEnv, tool: string, path: string, why: string): string {
  if (why === 'unknown') return `DockScope does not simulate the contents of ${path}\n`;
  if (env.family === 'busybox') {
    return tool === 'cat' || tool === 'head' || tool === 'tail' || tool === 'wc' || tool === 'grep'
      ? `${tool}: can't open '${path}': ${why}\n`
      : `${tool}: ${path}: ${why}\n`;
  }
  return tool === 'ls' ? `ls: cannot access '${path}': ${why}\n` : `${tool}: ${path}: ${why}\n`;
}

/** The text of each operand (`-` or none: stdin), with errors written as the tool words them. */
function* inputs(
  ctx: ProcessContext,
  env: ToolEnv,
  tool: string,
  paths: string[],
): Task<{ texts: Array<{ path: string; text: string }>; failed: boolean }> {
  const texts: Array<{ path: string; text: string }> = [];
  let failed = false;
  for (const path of paths.length === 0 ? ['-'] : paths) {
    if (path === '-') {
      texts.push({ path, text: yield* readStdin(ctx) });
      continue;
    }
    const r = env.fs.read(path);
    if ('text' in r) texts.push({ path, text: r.text });
    else {
      failed = true;
      const why =
        r.error === 'unknown-content'
          ? 'unknown'
          : r.error === 'directory'
            ? 'Is a directory'
            : 'No such file or directory';
      ctx.write('stderr', cannot(env, tool, path, why));
    }
  }
  return { texts, failed };
}

function* cat(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const { texts, failed } = yield* inputs(
    ctx,
    env,
    'cat',
    args.filter((a) => a === '-' || !a.startsWith('-')),
  );
  for (const t of texts) ctx.write('stdout', t.text);
  return failed ? 1 : 0;
}

/** `-n N`, `-nN`, `-N`: how many lines; the rest are files. */
function lineCount(args: string[]): { n: number; follow: boolean; files: string[] } {
  let n = 10;
  let follow = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') n = Number(args[++i] ?? 10);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (a === '-f' || a === '-F') follow = true;
    else files.push(a);
  }
  return { n, follow, files };
}

const linesOf = (text: string) => text.split(/(?<=\n)/).filter((l) => l !== '');

function* head(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const { n, files } = lineCount(args);
  const { texts, failed } = yield* inputs(ctx, env, 'head', files);
  for (const t of texts) ctx.write('stdout', linesOf(t.text).slice(0, n).join(''));
  return failed ? 1 : 0;
}

function* tail(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const { n, follow, files } = lineCount(args);
  // ── res: /dev/zero has no end and no newline: tail's memory grows until the OOM killer (memoryHog.ts) ──
  if (files[0] === '/dev/zero') return yield* hogMemory(ctx, 'tail');
  const { texts, failed } = yield* inputs(ctx, env, 'tail', files);
  for (const t of texts) ctx.write('stdout', n === 0 ? '' : linesOf(t.text).slice(-n).join(''));
  if (!follow || failed) return failed ? 1 : 0;
  // `tail -f` waits for more: nothing else writes these files, so it waits for
  // a signal. It installs no handler: as PID 1 it ignores SIGTERM (`docker stop` waits 10 s).
  for (;;) yield* ctx.sleep(3_600_000);
}

function* wc(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const flags = args.filter((a) => /^-[lwc]+$/.test(a)).join('');
  const files = args.filter((a) => !/^-[lwc]+$/.test(a));
  const { texts, failed } = yield* inputs(ctx, env, 'wc', files);
  const show = flags ? ['l', 'w', 'c'].filter((f) => flags.includes(f)) : ['l', 'w', 'c'];
  for (const t of texts) {
    const counts: Record<string, number> = {
      l: (t.text.match(/\n/g) ?? []).length,
      w: t.text.split(/\s+/).filter(Boolean).length,
      c: new TextEncoder().encode(t.text).length,
    };
    const width = env.family === 'busybox' || show.length > 1 ? 7 : 0;
    const cols = show.map((f) => String(counts[f]).padStart(width)).join(' ');
    ctx.write('stdout', `${cols}${t.path === '-' ? '' : ` ${t.path}`}\n`);
  }
  return failed ? 1 : 0;
}

function* grep(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const opts = new Set<string>();
  const rest: string[] = [];
  for (const a of args) {
    if (/^-[ivcnqF]+$/.test(a)) for (const f of a.slice(1)) opts.add(f);
    else rest.push(a);
  }
  const [pattern, ...files] = rest;
  if (pattern === undefined) {
    ctx.write(
      'stderr',
      env.family === 'busybox'
        ? 'BusyBox grep: a pattern is required (grep PATTERN [FILE]...)\n'
        : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
    );
    return 2;
  }
  let re: RegExp;
  try {
    const source = opts.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern;
    re = new RegExp(source, opts.has('i') ? 'i' : '');
  } catch {
    ctx.write('stderr', `grep: DockScope cannot read the pattern '${pattern}'\n`);
    return 2;
  }
  const { texts, failed } = yield* inputs(ctx, env, 'grep', files);
  let matched = 0;
  for (const t of texts) {
    let count = 0;
    linesOf(t.text).forEach((line, i) => {
      if (re.test(line.replace(/\n$/, '')) === opts.has('v')) return;
      count++;
      if (opts.has('q') || opts.has('c')) return;
      const name = texts.length > 1 ? `${t.path}:` : '';
      const num = opts.has('n') ? `${i + 1}:` : '';
      ctx.write('stdout', `${name}${num}${line.endsWith('\n') ? line : `${line}\n`}`);
    });
    if (opts.has('c') && !opts.has('q'))
      ctx.write('stdout', `${texts.length > 1 ? `${t.path}:` : ''}${count}\n`);
    matched += count;
  }
  if (failed && !opts.has('q')) return 2;
  return matched > 0 ? 0 : 1;
}

function* touch(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  let code = 0;
  for (const path of args.filter((a) => !a.startsWith('-'))) {
    if (env.fs.exists(path)) continue;
    const can = env.fs.canWrite(path);
    if (can === 'ok') env.fs.write(path, '', true);
    else {
      // ── fault: a full disk gives ENOSPC (core/faults.ts); sec: EROFS on a read-only root or mount ──
      const why =
        can === 'no-space'
          ? 'No space left on device'
          : can === 'read-only'
            ? 'Read-only file system'
            : 'No such file or directory';
      ctx.write(
        'stderr',
        env.family === 'busybox'
          ? `touch: ${path}: ${why}\n`
          : `touch: cannot touch '${path}': ${why}\n`,
      );
      code = 1;
    }
  }
  return yield* done(code);
}

function* mkdir(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const parents = args.includes('-p');
  let code = 0;
  for (const path of args.filter((a) => !a.startsWith('-'))) {
    if (env.fs.isDirectory(path)) {
      if (parents) continue;
      ctx.write(
        'stderr',
        env.family === 'busybox'
          ? `mkdir: can't create directory '${path}': File exists\n`
          : `mkdir: cannot create directory '${path}': File exists\n`,
      );
      code = 1;
      continue;
    }
    const can = env.fs.canWrite(path);
    if ((!parents && can !== 'ok') || can === 'read-only') {
      // ── sec: EROFS on a read-only root or mount ──
      const why = can === 'read-only' ? 'Read-only file system' : 'No such file or directory';
      ctx.write(
        'stderr',
        env.family === 'busybox'
          ? `mkdir: can't create directory '${path}': ${why}\n`
          : `mkdir: cannot create directory '${path}': ${why}\n`,
      );
      code = 1;
      continue;
    }
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (p) env.fs.mkdir(p);
    }
  }
  return yield* done(code);
}

function* rm(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
  let code = 0;
  for (const path of args.filter((a) => !a.startsWith('-'))) {
    const r = env.fs.read(path);
    if ('error' in r && r.error === 'missing') {
      if (force) continue;
      ctx.write(
        'stderr',
        env.family === 'busybox'
          ? `rm: can't remove '${path}': No such file or directory\n`
          : `rm: cannot remove '${path}': No such file or directory\n`,
      );
      code = 1;
      continue;
    }
    if ('error' in r && r.error === 'directory') {
      ctx.write(
        'stderr',
        'DockScope does not simulate removing directories; it removes files written in the container\n',
      );
      code = 1;
      continue;
    }
    env.fs.remove(path);
  }
  return yield* done(code);
}

export const FILE_TOOLS: Record<string, Tool> = { cat, head, tail, wc, grep, touch, mkdir, rm };
