import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import type { Output } from '../shell/interpreter';
import type { ProcessContext } from './processContext';

/** A process as `ps` shows it inside the container's PID namespace. */
export interface NsProcess {
  pid: number;
  argv: string[];
}

/** The shell's children: their PID inside the namespace, and who they descend from. */
const lineage = new WeakMap<ProcessContext, NsProcess[]>();
/** A child's working directory (the shell's when it started it). */
const workingDirs = new WeakMap<ProcessContext, string>();
/** PID 1's argv after the main shell exec'd a program in its place (`sh -c 'ps'` shows `ps` as PID 1). */
const execedMain = new WeakMap<ProcessContext, string[]>();
const nextPids = new WeakMap<Host, Map<string, number>>();

/**
 * The next PID inside a container's namespace. PID 1 is the main process;
 * its children count up from 7. That first number is DockScope's choice,
 * not checked against runc (which PIDs runc's init steps leave used varies
 * with the runc version); the order and PID 1 are what matter.
 */
export function nextNsPid(host: Host, containerId: string): number {
  let byContainer = nextPids.get(host);
  if (!byContainer) nextPids.set(host, (byContainer = new Map()));
  const pid = byContainer.get(containerId) ?? 7;
  byContainer.set(containerId, pid + 1);
  return pid;
}

/** The process's working directory: the image's WorkingDir for the main process, else its shell's. */
export function cwdOf(ctx: ProcessContext): string {
  return workingDirs.get(ctx) ?? '/';
}

/** Set the main process's working directory (the OCI spec's `process.cwd`). */
export function setCwd(ctx: ProcessContext, cwd: string): void {
  workingDirs.set(ctx, cwd || '/');
}

/**
 * A process `docker exec` started: a child of no shell in the container (its parent is the
 * shim, outside), with a PID of its own in the namespace; its children descend from it.
 */
export function setExecRoot(ctx: ProcessContext, nsPid: number, argv: string[]): void {
  lineage.set(ctx, [{ pid: nsPid, argv }]);
}

/** PID 1's argv when the main process's shell exec'd this program in its place. */
export function execedMainArgv(ctx: ProcessContext): string[] | undefined {
  return execedMain.get(ctx);
}

/** The chain of processes from PID 1 down to this one (PID 1 itself not included). */
export function childChain(ctx: ProcessContext): NsProcess[] {
  return lineage.get(ctx) ?? [];
}

/**
 * A child of a shell inside the container: the same container, signals and
 * stdin as its parent, with its own argv and environment, its output sent
 * where the shell redirected it, and `stdin` text from a pipe or `<`.
 * `fork`: a new PID; `exec`: the shell's own PID, now running this program;
 * `builtin`: the shell itself runs it.
 */
export function childProcess(
  ctx: ProcessContext,
  argv: string[],
  env: string[],
  out: Output,
  stdin: string | undefined,
  mode: 'fork' | 'exec' | 'builtin',
  cwd: string,
): ProcessContext {
  const view = Object.create(ctx) as ProcessContext;
  Object.defineProperty(view, 'spec', { value: { ...ctx.spec, argv, env } });
  view.write = (stream, text) => out.write(stream, text);
  workingDirs.set(view, cwd);
  const chain = childChain(ctx);
  if (mode === 'fork') {
    lineage.set(view, [...chain, { pid: nextNsPid(ctx.host, ctx.containerId), argv }]);
  } else if (mode === 'exec' && chain.length > 0) {
    lineage.set(view, [...chain.slice(0, -1), { pid: chain.at(-1)!.pid, argv }]);
  } else {
    lineage.set(view, chain);
    if (mode === 'exec') execedMain.set(view, argv);
  }
  if (stdin !== undefined) {
    const lines = stdin.split(/(?<=\n)/).filter((l) => l !== '');
    Object.defineProperty(view, 'stdinOpen', { value: true });
    view.next = function* (): Task<{ line: string } | { eof: true }> {
      yield* [];
      const line = lines.shift();
      return line === undefined ? { eof: true } : { line };
    };
  }
  return view;
}
