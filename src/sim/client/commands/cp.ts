/**
 * `docker cp` (docker/cli v28.2.2 cli/command/container/cp.go, with
 * moby/go-archive's copy.go doing the path rules): a file or a directory
 * from a container to the learner's machine (`GET /containers/{id}/archive`,
 * the tar unpacked here), or from here into a container (`HEAD` to learn what
 * the destination is, then `PUT` of a tar stream into a directory of it).
 * With a terminal the CLI shows its progress on stderr and ends with
 * `Successfully copied <size> to <where>`, the size being the tar stream's;
 * without one it says nothing.
 *
 * The path rules are go-archive's: a source directory ending in `/.` copies
 * what is in it, otherwise the directory itself; a destination that exists as
 * a directory receives the source under its own name (or its content, for
 * `/.`); one that does not exist is created with the source's content under
 * the destination's name; a destination ending in `/` must be a directory.
 *
 * `-` as the destination writes the tar stream's bytes to stdout; `-` as the
 * source reads a tar stream from what the shell connected to stdin
 * (`docker cp - web:/tmp < files.tar`). Simplified: a tar typed at the
 * page's terminal is not read (redirect a file instead); ownership (`-a`),
 * modes and symlinks (`-L`) are not simulated: DockScope's files have no
 * owners or links, so both flags are accepted and change nothing. The
 * learner's machine keeps files under its home directory and /tmp.
 */
import type { CommandContext, CommandSpec } from '../command';
import { messageOf } from '../api';
import { isOn } from '../flags';
import { aboutContainer } from '../../trace/operations';
import { humanSize } from '../../dockerd/progress';
import { HOME } from '../../shell/learnerShell';
import { normalizePath, parentDir } from '../../shell/paths';
import { tarBytes, tarSize, type TarEntry } from '../../kernel/archive';

/** splitCpArg: `CONTAINER:PATH`, unless the argument is an absolute or `.`-relative local path. */
function splitCpArg(arg: string): { container: string; path: string } {
  if (arg.startsWith('/')) return { container: '', path: arg };
  const at = arg.indexOf(':');
  if (at < 0 || arg.slice(0, at).startsWith('.')) return { container: '', path: arg };
  return { container: arg.slice(0, at), path: arg.slice(at + 1) };
}

// ── go-archive's path helpers ──
const hasTrailingSeparator = (p: string) => p.endsWith('/');
const baseOf = (p: string) => {
  const clean = normalizePath(p, '/');
  return clean === '/' ? '/' : clean.slice(clean.lastIndexOf('/') + 1);
};
const specifiesCurrentDir = (p: string) => /(^|\/)\.\/*$/.test(p) && baseOf(p) !== '..';
/** assertsDirectory: a trailing `/` or `/.`. */
const assertsDirectory = (p: string) => hasTrailingSeparator(p) || specifiesCurrentDir(p);

/** SplitPathDirEntry: the parent and the last element, `.` kept as one. */
function splitPathDirEntry(p: string, cwd: string): { dir: string; base: string } {
  const clean = normalizePath(p, cwd);
  if (/(^|\/)\.$/.test(p)) return { dir: clean, base: '.' };
  return {
    dir: parentDir(clean),
    base: clean === '/' ? '/' : clean.slice(clean.lastIndexOf('/') + 1),
  };
}

/** resolveLocalPath: absolute, keeping a trailing `/` or `/.` (PreserveTrailingDotOrSeparator). */
function resolveLocalPath(p: string): string {
  const abs = normalizePath(p, HOME);
  if (/(^|\/)\.$/.test(p) && abs !== '/') return `${abs}/.`;
  if (/(^|\/)\.$/.test(p)) return '/.';
  return hasTrailingSeparator(p) && abs !== '/' ? `${abs}/` : abs;
}

/** RebaseArchiveEntries: the first `oldBase` in each name becomes `newBase` (strings.Replace, once). */
function rebase(entries: readonly TarEntry[], oldBase: string, newBase: string): TarEntry[] {
  const from = oldBase === '/' ? '' : oldBase;
  return entries.map((e) => ({ ...e, name: e.name.replace(from, newBase) }));
}

/** aec's escapes the progress uses: hide the cursor, go back, erase the line; show it again. */
const HIDE = '\x1b[?25l';
const SHOW = '\x1b[?25h';
const RESTORE = '\x1b[u';
const ERASE_LINE = '\x1b[2K';

/** The progress line, then the CLI's last line (copyProgress, then its restore and Fprintln). */
function progress(ctx: CommandContext, header: string, size: number, where: string): void {
  ctx.err(`${HIDE}${RESTORE}${ERASE_LINE}${header}${humanSize(0)}${SHOW}${RESTORE}${ERASE_LINE}`);
  ctx.err(`Successfully copied ${humanSize(size)} to ${where}\n`);
}

function notSimulated(ctx: CommandContext, what: string): number {
  ctx.err(`DockScope: ${what}\n`);
  return 1;
}

/** The learner's machine as the CLI's os.Stat sees it. */
function localKind(ctx: CommandContext, abs: string): 'dir' | 'file' | undefined {
  if (ctx.machine.isDirectory(abs)) return 'dir';
  return ctx.machine.files.has(abs) ? 'file' : undefined;
}

/** A path DockScope keeps files at on the learner's machine: under ~ or /tmp. */
const keepsFiles = (abs: string) => abs.startsWith(`${HOME}/`) || abs.startsWith('/tmp/');

export const cpCommand: CommandSpec = {
  help: 'cp',
  forms: ['container cp', 'cp'],
  args: { kind: 'exact', n: 2 },
  simulated: ['quiet', 'archive', 'follow-link'],
  *execute(ctx) {
    const [source = '', destination = ''] = ctx.args;
    if (source === '') {
      ctx.err('source can not be empty\n');
      return 1;
    }
    if (destination === '') {
      ctx.err('destination can not be empty\n');
      return 1;
    }
    // Progress only on a terminal, unless -q says otherwise.
    const quiet = ctx.flags.quiet !== undefined ? isOn(ctx.flags, 'quiet') : !ctx.io.tty;
    const src = splitCpArg(source);
    const dst = splitCpArg(destination);
    if (src.container && dst.container) {
      ctx.err('copying between containers is not supported\n');
      return 1;
    }
    if (!src.container && !dst.container) {
      ctx.err('must specify at least one container source\n');
      return 1;
    }
    const followLink = isOn(ctx.flags, 'follow-link');
    if (src.container)
      return yield* fromContainer(ctx, src.container, src.path, dst.path, quiet, followLink);
    return yield* toContainer(ctx, src.path, dst.container, dst.path, quiet);
  },
};

/** The container's answer to a stat (HEAD): whether the path is there and a directory. */
function* statInContainer(ctx: CommandContext, container: string, path: string) {
  const stat = yield* ctx.api.request('HEAD', `/containers/${container}/archive`, {
    op: 'engine.containers.archive.stat',
    subjects: aboutContainer(container),
    query: { path },
    summary: `the CLI asks dockerd what ${path} is in ${container}`,
  });
  if (stat.status !== 200) return { exists: false, isDir: false };
  const header = stat.headers?.['X-Docker-Container-Path-Stat'] ?? '';
  const decoded = JSON.parse(atob(header) || '{}') as { mode?: number };
  return { exists: true, isDir: (decoded.mode ?? 0) >= 2 ** 31 };
}

function* fromContainer(
  ctx: CommandContext,
  container: string,
  srcPath: string,
  local: string,
  quiet: boolean,
  followLink: boolean,
) {
  const dstPath = local === '-' ? '-' : resolveLocalPath(local);
  // command.ValidateOutputPath: the directory it goes into must exist.
  if (dstPath !== '-') {
    const clean = normalizePath(dstPath, '/');
    const dir = parentDir(clean);
    if (!localKind(ctx, dir)) {
      ctx.err(`invalid output path: directory "${dir}" does not exist\n`);
      return 1;
    }
  }
  // -L: stat first, to follow a symlink (DockScope's containers have none).
  if (followLink) yield* statInContainer(ctx, container, srcPath);
  const r = yield* ctx.api.request('GET', `/containers/${container}/archive`, {
    op: 'engine.containers.archive.get',
    subjects: aboutContainer(container),
    query: { path: srcPath },
    summary: `the CLI asks dockerd for ${srcPath} from ${container} as a tar stream`,
  });
  if (r.status !== 200) {
    ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
    return 1;
  }
  const entries = ((r.body ?? {}) as { entries?: TarEntry[] }).entries ?? [];
  if (dstPath === '-') {
    // The stream as it came, to stdout: no progress, no last line.
    ctx.out(tarBytes(entries, Math.floor(ctx.host.wallClock / 1000)));
    return 0;
  }
  const header = r.headers?.['X-Docker-Container-Path-Stat'] ?? '';
  const srcIsDir = ((JSON.parse(atob(header) || '{}') as { mode?: number }).mode ?? 0) >= 2 ** 31;
  const size = tarSize(entries);
  const finish = (code: number, copied: number, error?: string) => {
    if (!quiet) progress(ctx, 'Copying from container - ', copied, dstPath);
    if (error) ctx.err(`${error}\n`);
    return code;
  };
  // archive.CopyTo: CopyInfoDestinationPath, PrepareArchiveCopy, then Untar.
  const dstAbs = normalizePath(dstPath, '/');
  const kind = localKind(ctx, dstAbs);
  const srcBase = splitPathDirEntry(srcPath, '/').base;
  const { dir: dstDir, base: dstBase } = splitPathDirEntry(dstPath, '/');
  let into: string;
  let stream: TarEntry[];
  if (kind === 'dir') {
    into = dstAbs;
    stream = entries;
  } else if (kind === 'file' && srcIsDir) return finish(1, 0, 'cannot copy directory');
  else if (kind === 'file' || srcIsDir) {
    into = dstDir;
    stream = rebase(entries, srcBase, dstBase);
  } else if (assertsDirectory(dstPath)) return finish(1, 0, 'no such directory');
  else {
    into = dstDir;
    stream = rebase(entries, srcBase, dstBase);
  }
  const untarred = untarLocal(ctx, into, stream);
  return finish(untarred ? 1 : 0, size, untarred);
}

/**
 * Untar on the learner's machine (NoLchown, NoOverwriteDirNonDir): the
 * error go-archive gives, or undefined.
 */
function untarLocal(ctx: CommandContext, dest: string, entries: readonly TarEntry[]) {
  const { machine } = ctx;
  for (const e of entries) {
    const target = normalizePath(e.name, dest);
    if (!keepsFiles(target) && !(e.dir && localKind(ctx, target) === 'dir'))
      return `DockScope: ${target}: the learner's machine here has only ${HOME} and /tmp to write files into`;
    const kind = localKind(ctx, target);
    if (kind === 'dir' && !e.dir)
      return `cannot overwrite directory "${target}" with non-directory "${dest}"`;
    if (kind === 'file' && e.dir)
      return `cannot overwrite non-directory "${target}" with directory "${dest}"`;
    // createImpliedDirectories, then the entry.
    for (let q = parentDir(target); keepsFiles(q) && !machine.isDirectory(q); q = parentDir(q))
      machine.dirs.add(q);
    if (e.dir) {
      if (kind === undefined) machine.dirs.add(target);
    } else machine.files.set(target, e.content);
  }
  return undefined;
}

/** TarResource of a local path: the file, or the directory and all under it (base `.` for `DIR/.`). */
function tarLocal(ctx: CommandContext, abs: string, base: string): TarEntry[] {
  const { machine } = ctx;
  if (!machine.isDirectory(abs))
    return [{ name: base, content: machine.files.get(abs) ?? '', mode: 0o644 }];
  const prefix = abs === '/' ? '/' : `${abs}/`;
  const under = new Set<string>();
  for (const d of machine.dirs) if (d.startsWith(prefix)) under.add(d);
  for (const f of machine.files.keys())
    for (let q = parentDir(f); q.startsWith(prefix); q = parentDir(q)) under.add(q);
  const files = [...machine.files.keys()].filter((f) => f.startsWith(prefix));
  const rel = (p: string) => `${base}/${p.slice(prefix.length)}`;
  // filepath.Walk's order: by full path, a directory before what is in it.
  return [
    { name: `${base}/`, content: '', mode: 0o755, dir: true },
    ...[...under, ...files]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((p): TarEntry =>
        under.has(p)
          ? { name: `${rel(p)}/`, content: '', mode: 0o755, dir: true }
          : { name: rel(p), content: machine.files.get(p)!, mode: 0o644 },
      ),
  ];
}

function* toContainer(
  ctx: CommandContext,
  local: string,
  container: string,
  dstPath: string,
  quiet: boolean,
) {
  const srcPath = local === '-' ? '-' : resolveLocalPath(local);
  const dst = yield* statInContainer(ctx, container, dstPath);
  let into: string;
  let body: { entries: TarEntry[] } | { tar: string };
  let size: number;
  if (srcPath === '-') {
    if (!dst.isDir) {
      ctx.err(`destination "${container}:${dstPath}" must be a directory\n`);
      return 1;
    }
    const stdin = ctx.io.stdinText;
    if (stdin === undefined)
      return notSimulated(
        ctx,
        `reading a tar stream typed at this terminal is not simulated; redirect one: docker cp - ${container}:${dstPath} < files.tar`,
      );
    into = dstPath;
    body = { tar: stdin };
    size = stdin.length;
  } else {
    // archive.CopyInfoSourcePath: lstat of the source.
    const abs = normalizePath(srcPath, '/');
    const kind = localKind(ctx, abs);
    if (!kind) {
      ctx.err(`lstat ${srcPath.replace(/\/\.?$/, '') || '/'}: no such file or directory\n`);
      return 1;
    }
    const srcBase = splitPathDirEntry(srcPath, '/').base;
    const entries = tarLocal(ctx, abs, srcBase);
    const { dir: dstDir, base: dstBase } = splitPathDirEntry(dstPath, '/');
    // archive.PrepareArchiveCopy.
    if (dst.exists && dst.isDir) {
      into = dstPath;
      body = { entries };
    } else if (dst.exists && kind === 'dir') {
      ctx.err('cannot copy directory\n');
      return 1;
    } else if (!dst.exists && kind !== 'dir' && assertsDirectory(dstPath)) {
      ctx.err('no such directory\n');
      return 1;
    } else {
      into = dstDir;
      body = { entries: rebase(entries, srcBase, dstBase) };
    }
    size = tarSize(body.entries);
  }
  const put = yield* ctx.api.request('PUT', `/containers/${container}/archive`, {
    op: 'engine.containers.archive.put',
    subjects: aboutContainer(container),
    query: {
      path: into,
      noOverwriteDirNonDir: 'true',
      ...(isOn(ctx.flags, 'archive') ? { copyUIDGID: 'true' } : {}),
    },
    body,
    headers: { 'Content-Type': 'application/x-tar' },
    summary: `the CLI sends ${srcPath === '-' ? 'its stdin' : srcPath} to ${container} as a tar stream, to unpack in ${into}`,
  });
  if (!quiet) progress(ctx, 'Copying to container - ', size, `${container}:${dstPath}`);
  if (put.status !== 200) {
    ctx.err(`Error response from daemon: ${messageOf(put)}\n`);
    return 1;
  }
  return 0;
}
