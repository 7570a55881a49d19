import type { Task } from '../core/scheduler';
import { parseScript } from '../shell/syntax';
import { syntaxErrorText } from '../shell/syntaxErrors';
import {
  Interpreter,
  NOT_SIMULATED_STATUS,
  ShellState,
  type Dialect,
  type Output,
  type ShellHost,
} from '../shell/interpreter';
import type { ProcessContext } from './processContext';
import type { ContainerFs } from './containerFiles';
import { childChain, childProcess, cwdOf } from './processView';
import { envWithHome } from './builtins';

/** How a shell in a container runs one program (the image's programs, by name). */
export type RunProgram = (ctx: ProcessContext, argv: string[]) => Task<number>;

export interface ContainerShellSetup {
  /** `sh` in BusyBox (ash), `sh` in Debian (dash), or `bash`. */
  dialect: Dialect;
  name: string;
  /** The container's files, seen from a working directory. */
  files: (cwd: () => string) => ContainerFs;
  /** Program names the image has: an unknown one is `not found`, a known one runs. */
  has: (name: string) => boolean;
  run: RunProgram;
  /** Printed before each line read from a terminal. */
  prompt: string;
}

/** Commands a POSIX shell runs itself, without starting a process. */
const SHELL_BUILTINS = new Set([
  'echo',
  'printf',
  'pwd',
  'true',
  'false',
  'test',
  '[',
  'kill',
  'cd',
]);

/**
 * The shell inside a container: `sh -c 'script'` runs the script with the
 * same language as the page's terminal; `sh` with an open stdin reads and
 * runs lines until end of input or `exit`. Files written with `>` land in the
 * container's read-write layer.
 */
export function* containerShell(
  ctx: ProcessContext,
  setup: ContainerShellSetup,
  args: string[],
): Task<number> {
  // `$$` is the shell's PID in the container's namespace: 1 when it is the main process.
  const state = new ShellState(childChain(ctx).at(-1)?.pid ?? 1, envWithHome(ctx.spec.env));
  state.cwd = cwdOf(ctx);
  const terminal: Output = { write: (stream, text) => ctx.write(stream, text) };
  // BusyBox ash adds "line N: " to a builtin's error unless it is interactive (iflag).
  const host = shellHost(ctx, setup, state, () =>
    ctx.spec.tty && args[0] !== '-c' ? undefined : lineNo,
  );
  let lineNo = 1;
  let execLast = false;
  const runText = function* (text: string): Task<{ status: number; exited: boolean }> {
    const parsed = parseScript(text);
    if (!parsed.ok) {
      ctx.write('stderr', syntaxErrorText(parsed.problem, host, execLast ? text : undefined));
      const status = parsed.problem.kind === 'unsupported' ? NOT_SIMULATED_STATUS : 2;
      state.status = status;
      return { status, exited: false };
    }
    const sh = new Interpreter(state, host);
    const status =
      setup.dialect === 'ash' && execLast
        ? yield* sh.runExecLast(parsed.script, terminal)
        : yield* sh.run(parsed.script, terminal);
    return { status, exited: sh.exited };
  };
  if (args[0] === '-c') {
    if (args[1] === undefined) {
      ctx.write('stderr', `${setup.name}: -c requires an argument\n`);
      return 2;
    }
    execLast = true;
    return (yield* runText(args[1])).status;
  }
  if (!ctx.stdinOpen) return 0;
  ctx.handled.add('SIGTERM'); // an interactive shell ignores SIGTERM and SIGINT
  // life: under --init's tini the shell is not PID 1, so the kernel would not drop these for
  // it: an interactive shell catches SIGINT and ignores SIGQUIT itself.
  if (ctx.underInit) for (const s of ['SIGINT', 'SIGQUIT']) ctx.handled.add(s);
  for (;;) {
    // BusyBox ash's prompt (`\w \$ `) shows the working directory: `/ # ` becomes `/tmp # `.
    const prompt =
      setup.dialect === 'ash' ? setup.prompt.replace(/^\/(?= )/, state.cwd) : setup.prompt;
    if (ctx.spec.tty) ctx.write('stdout', prompt);
    const next = yield* ctx.next();
    if ('signal' in next) continue;
    if ('eof' in next) return state.status;
    // With a TTY the terminal echo comes from the container's pty, not the local terminal.
    if (ctx.spec.tty) ctx.write('stdout', `${next.line.replace(/\r?\n$/, '')}\n`);
    const result = yield* runText(next.line);
    lineNo++;
    if (result.exited) return result.status;
  }
}

function shellHost(
  ctx: ProcessContext,
  setup: ContainerShellSetup,
  state: ShellState,
  scriptLine: () => number | undefined,
): ShellHost {
  const { dialect, name } = setup;
  const fs = setup.files(() => state.cwd);
  const prefix =
    dialect === 'dash' ? `${name}: 1: ` : dialect === 'bash' ? `${name}: line 1: ` : `${name}: `;
  return {
    dialect,
    name,
    exec: function* (argv, streams) {
      const { out, stdin, env } = streams;
      const program = argv[0]!;
      const base = program.slice(program.lastIndexOf('/') + 1);
      if (!SHELL_BUILTINS.has(base) && !setup.has(base)) {
        out.write(
          'stderr',
          dialect === 'bash'
            ? `${prefix}${program}: command not found\n`
            : `${prefix}${program}: not found\n`,
        );
        return 127;
      }
      const envList = [...env].map(([k, v]) => `${k}=${v}`);
      const child = childProcess(
        ctx,
        argv,
        envList,
        out,
        stdin,
        SHELL_BUILTINS.has(base) ? 'builtin' : streams.exec ? 'exec' : 'fork',
        state.cwd,
      );
      return yield* setup.run(child, argv);
    },
    openOutput: (path, append) => {
      const can = fs.canWrite(path);
      if (can === 'ok') {
        if (!append) fs.write(path, '', false);
        else fs.write(path, '', true);
        return undefined;
      }
      // ── fault: a full disk: open(2) fails with ENOSPC (BusyBox ash: "can't create …") ──
      if (can === 'no-space')
        return dialect === 'ash'
          ? `${name}: can't create ${path}: No space left on device\n`
          : dialect === 'dash'
            ? `${prefix}cannot create ${path}: No space left on device\n`
            : `${prefix}${path}: No space left on device\n`;
      // A read-only mount (`:ro`, readonly): open(2) fails with EROFS.
      if (can === 'read-only')
        return dialect === 'ash'
          ? `${name}: can't create ${path}: Read-only file system\n`
          : dialect === 'dash'
            ? `${prefix}cannot create ${path}: Read-only file system\n`
            : `${prefix}${path}: Read-only file system\n`;
      switch (dialect) {
        case 'ash':
          return can === 'is-directory'
            ? `${name}: can't create ${path}: Is a directory\n`
            : `${name}: can't create ${path}: nonexistent directory\n`;
        case 'dash':
          return can === 'is-directory'
            ? `${prefix}cannot create ${path}: Is a directory\n`
            : `${prefix}cannot create ${path}: Directory nonexistent\n`;
        case 'bash':
          return can === 'is-directory'
            ? `${prefix}${path}: Is a directory\n`
            : `${prefix}${path}: No such file or directory\n`;
      }
    },
    appendFile: (path, text) => fs.write(path, text, true),
    fileKind: (path) => {
      if (fs.isDirectory(path)) return 'directory';
      const r = fs.read(path);
      if ('text' in r) return r.text === '' ? 'empty' : 'file';
      return r.error === 'unknown-content' ? 'file' : undefined;
    },
    changeDirectory: (path) => {
      if (fs.isDirectory(path)) {
        state.cwd = fs.abs(path);
        return undefined;
      }
      const why = fs.exists(path) ? 'Not a directory' : 'No such file or directory';
      switch (dialect) {
        case 'ash': {
          // ash_msg: "sh: cd: " (arg0, commandname), "line N: " when not interactive.
          const line = scriptLine();
          const at = line === undefined ? '' : `line ${line}: `;
          return { error: `${name}: cd: ${at}can't cd to ${path}: ${why}\n`, status: 2 };
        }
        case 'dash':
          return { error: `${prefix}cd: can't cd to ${path}\n`, status: 2 };
        case 'bash':
          return { error: `${prefix}cd: ${path}: ${why}\n`, status: 1 };
      }
    },
    readFile: (path) => {
      const r = fs.read(path);
      if ('text' in r) return r;
      if (r.error === 'unknown-content') {
        return {
          error: `DockScope does not simulate the contents of ${path}\n`,
        };
      }
      const why = r.error === 'directory' ? 'Is a directory' : 'No such file or directory';
      return {
        error:
          dialect === 'ash'
            ? // openredirect: "can't open %s: %s" with errmsg(errno, "no such file") for ENOENT.
              `${name}: can't open ${path}: ${why === 'Is a directory' ? why : 'no such file'}\n`
            : dialect === 'dash'
              ? `${prefix}cannot open ${path}: ${why === 'Is a directory' ? why : 'No such file'}\n`
              : `${prefix}${path}: ${why}\n`,
      };
    },
  };
}
