/**
 * `docker cp` (docker/cli v28.2.2 cli/command/container/cp.go): a file from
 * a container to the learner's machine (`GET /containers/{id}/archive`, the
 * tar unpacked here), or from here into a container (`HEAD` to learn what the
 * destination is, then `PUT` of a tar stream into its directory). With a
 * terminal the CLI shows its progress on stderr and ends with `Successfully
 * copied <size> to <where>`, the size being the tar stream's; without one it
 * says nothing.
 *
 * Simplified: single files only (no directories), and no `-` (a tar on
 * stdin or stdout); each gets a DockScope line. The learner's machine keeps
 * files in its home directory and /tmp.
 */
import type { CommandContext, CommandSpec } from '../command';
import { messageOf } from '../api';
import { isOn } from '../flags';
import { aboutContainer } from '../../trace/operations';
import { humanSize } from '../../dockerd/progress';
import { HOME } from '../../shell/learnerShell';
import { normalizePath, parentDir } from '../../shell/paths';
import { tarSize, type TarEntry } from '../../kernel/archive';

/** The learner machine's directories (the only ones DockScope keeps files in, plus `/`). */
const DIRS = new Set(['/', HOME, '/tmp']);
const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** splitCpArg: `CONTAINER:PATH`, unless the argument is an absolute or `.`-relative local path. */
function splitCpArg(arg: string): { container: string; path: string } {
  if (arg.startsWith('/')) return { container: '', path: arg };
  const at = arg.indexOf(':');
  if (at < 0 || arg.startsWith('.')) return { container: '', path: arg };
  return { container: arg.slice(0, at), path: arg.slice(at + 1) };
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

export const cpCommand: CommandSpec = {
  help: 'cp',
  forms: ['container cp', 'cp'],
  args: { kind: 'exact', n: 2 },
  simulated: ['quiet'],
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
    if (src.container) {
      if (dst.path === '-')
        return notSimulated(ctx, 'docker cp to - (a tar stream on stdout) is not simulated');
      return yield* fromContainer(ctx, src.container, src.path, dst.path, quiet);
    }
    if (src.path === '-')
      return notSimulated(ctx, 'docker cp from - (a tar stream on stdin) is not simulated');
    return yield* toContainer(ctx, src.path, dst.container, dst.path, quiet);
  },
};

function* fromContainer(
  ctx: CommandContext,
  container: string,
  srcPath: string,
  local: string,
  quiet: boolean,
) {
  // resolveLocalPath: absolute, keeping a trailing `/`.
  const abs = normalizePath(local, HOME) + (local.endsWith('/') && local !== '/' ? '/' : '');
  const clean = normalizePath(local, HOME);
  const dir = parentDir(clean);
  // command.ValidateOutputPath: the directory it goes into must exist.
  if (!DIRS.has(dir) && !DIRS.has(clean))
    return notSimulated(
      ctx,
      `${clean}: the learner's machine here has only ${HOME} and /tmp to write files into`,
    );
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
  const file = entries[0];
  if (!file) return 1;
  // archive.CopyTo: into an existing directory under its own name, else as the path given.
  const target = DIRS.has(clean) ? `${clean === '/' ? '' : clean}/${file.name}` : clean;
  if (abs.endsWith('/') && !DIRS.has(clean)) {
    ctx.err('no such directory\n');
    return 1;
  }
  if (!DIRS.has(parentDir(target)) || parentDir(target) === '/')
    return notSimulated(
      ctx,
      `${target}: the learner's machine here has only ${HOME} and /tmp to write files into`,
    );
  ctx.machine.files.set(target, file.content);
  if (!quiet) progress(ctx, 'Copying from container - ', tarSize(entries), abs);
  return 0;
}

function* toContainer(
  ctx: CommandContext,
  local: string,
  container: string,
  dstPath: string,
  quiet: boolean,
) {
  const abs = normalizePath(local, HOME);
  if (DIRS.has(abs))
    return notSimulated(ctx, `docker cp copies single files here; ${abs} is a directory`);
  const content = ctx.machine.files.get(abs);
  // archive.CopyInfoSourcePath: lstat of the source.
  if (content === undefined) {
    ctx.err(`lstat ${abs}: no such file or directory\n`);
    return 1;
  }
  const stat = yield* ctx.api.request('HEAD', `/containers/${container}/archive`, {
    op: 'engine.containers.archive.stat',
    subjects: aboutContainer(container),
    query: { path: dstPath },
    summary: `the CLI asks dockerd what ${dstPath} is in ${container}`,
  });
  let exists = false;
  let isDir = false;
  if (stat.status === 200) {
    const header = stat.headers?.['X-Docker-Container-Path-Stat'] ?? '';
    const decoded = JSON.parse(atob(header) || '{}') as { mode?: number };
    exists = true;
    isDir = (decoded.mode ?? 0) >= 2 ** 31;
  }
  // archive.PrepareArchiveCopy: into the directory under the file's name, or next to the
  // destination under the destination's name.
  if (!exists && dstPath.endsWith('/')) {
    ctx.err('no such directory\n');
    return 1;
  }
  const dir = isDir ? dstPath : parentDir(normalizePath(dstPath, '/'));
  const name = isDir ? baseName(abs) : baseName(normalizePath(dstPath, '/'));
  const entries: TarEntry[] = [{ name, content, mode: 0o644 }];
  const put = yield* ctx.api.request('PUT', `/containers/${container}/archive`, {
    op: 'engine.containers.archive.put',
    subjects: aboutContainer(container),
    query: { path: dir, noOverwriteDirNonDir: 'true' },
    body: { entries },
    headers: { 'Content-Type': 'application/x-tar' },
    summary: `the CLI sends ${abs} to ${container} as a tar stream, to unpack in ${dir}`,
  });
  if (put.status !== 200) {
    ctx.err(`Error response from daemon: ${messageOf(put)}\n`);
    return 1;
  }
  if (!quiet) progress(ctx, 'Copying to container - ', tarSize(entries), `${container}:${dstPath}`);
  return 0;
}
