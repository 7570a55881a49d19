import type { Host } from '../host';
import { execFormatError } from './platformExec';
import { own } from '../core/records';
import type { Task } from '../core/scheduler';
import type { ImageRuntime, LogLine } from '../registry/catalog/types';
import type { LayerContent } from '../image/layerContent';
import { Killed, ProcessContext, type ProcessSpec } from './processContext';
import { builtinsFor, filesOf } from './builtins';
import { containerShell } from './containerShell';
import { nextNsPid, setCwd, setExecRoot } from './processView';
import { execProcessStarted } from './execProcesses';
import { programsOf } from './imagePrograms';
import { NOT_SIMULATED_STATUS } from '../shell/interpreter';
import { fillPlaceholders } from './placeholders';
import { execedInPlace } from './processTitles';
import { nonExecutableAt } from './rootfsPaths';
import { ALPINE_BASED, imageOf, type ImageInfo } from './rootfsImage';
import { isTini, tini } from './tini';

export { ALPINE_BASED };

const SHELLS = new Set(['sh', 'ash', 'bash']);
const ENTRYPOINT_SCRIPTS = new Set([
  '/docker-entrypoint.sh',
  'docker-entrypoint.sh',
  '/usr/local/bin/docker-entrypoint.sh',
  '/entrypoint.sh', // registry, traefik
]);

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The program names an image's filesystem provides besides the builtins. */
function extraPrograms(info: ImageInfo): Set<string> {
  const defaults = [...(info.image.config.Entrypoint ?? []), ...(info.image.config.Cmd ?? [])];
  return new Set([
    ...defaults.filter((a) => !a.startsWith('-')).map(base),
    ...(info.runtime?.programs?.onPath ?? []),
  ]);
}

/**
 * What `runc create` checks before it starts anything: the program exists in
 * the image. Returns the runtime's error text, or undefined when it is there.
 */
export function checkExecutable(
  host: Host,
  containerId: string,
  argv: string[],
): string | undefined {
  const info = imageOf(host, containerId);
  const prog = argv[0] ?? '';
  if (!info) return undefined;
  const known = knownPrograms(info);
  // Go's exec.LookPath, which runc's init calls: a directory is EISDIR, a file
  // without an execute bit EACCES (dockerd and the CLI turn both into exit 126).
  const blocked = prog.startsWith('/') ? nonExecutableAt(info.family, prog) : undefined;
  if (blocked === 'directory') return `exec: "${prog}": is a directory`;
  if (blocked === 'file') return `exec: "${prog}": permission denied`;
  if (known.has(base(prog))) return undefined;
  return prog.includes('/')
    ? `exec: "${prog}": stat ${prog}: no such file or directory`
    : `exec: "${prog}": executable file not found in $PATH`;
}

/**
 * Every program name the image's PATH has, simulated or not. Built once per image record
 * (records are replaced, never edited; family and runtime follow from the image): runc
 * asks on every exec, and the set has a few hundred names.
 */
const knownByImage = new WeakMap<LayerContent, ReadonlySet<string>>();
function knownPrograms(info: ImageInfo): ReadonlySet<string> {
  let known = knownByImage.get(info.image);
  if (!known) knownByImage.set(info.image, (known = collectPrograms(info)));
  return known;
}

function collectPrograms(info: ImageInfo): Set<string> {
  if (info.family === 'scratch') return extraPrograms(info);
  const known = new Set([
    ...Object.keys(builtinsFor(info.family)),
    ...SHELLS,
    ...extraPrograms(info),
    ...programsOf(info.family, info.image.repository),
  ]);
  if (info.family === 'busybox') known.delete('bash');
  return known;
}

/** Start the container's main program, once `runc start` has exec'd it. */
export function startProgram(host: Host, spec: ProcessSpec): void {
  const ctx = new ProcessContext(host, spec);
  // runc init chdir'd to the spec's process.cwd before its execve.
  setCwd(ctx, spec.cwd);
  host.processes.add(spec.pid, (s) => ctx.signal(s));
  // An exec'd process reads its own stdin (the exec's FIFO or pty), not PID 1's.
  host.pipes.open(spec.execId ?? spec.containerId, (text) =>
    text === undefined ? ctx.closeStdin() : ctx.feedStdin(text),
  );
  if (spec.execId !== undefined) {
    const nsPid = nextNsPid(host, spec.containerId);
    setExecRoot(ctx, nsPid, spec.argv);
    execProcessStarted(host, spec.containerId, spec.execId, {
      ctx,
      nsPid,
      argv: spec.argv,
      uid: spec.uid ?? 0,
    });
  }
  const info = imageOf(host, spec.containerId);
  // ── obs: a binary of another architecture: execve fails (ENOEXEC), runc init exits 255 ──
  const foreign = spec.execId === undefined ? execFormatError(host, info, spec.argv) : undefined;
  host.scheduler.spawn(
    (function* (): Task<void> {
      if (foreign !== undefined) {
        yield* [];
        ctx.write('stderr', foreign);
        ctx.exit(255);
        return;
      }
      try {
        ctx.exit(yield* run(ctx, info, spec.argv, spec.execId === undefined));
      } catch (e) {
        if (!(e instanceof Killed)) throw e;
      }
    })(),
  );
}

function* run(
  ctx: ProcessContext,
  info: ImageInfo | undefined,
  argv: string[],
  isInit: boolean,
): Task<number> {
  if (!info) return 127;
  // life: `--init` put tini in front; the command it runs is what the container asked for.
  if (isInit && isTini(argv))
    return yield* tini(ctx, argv, (child, cmd) => run(child, info, cmd, true));
  const defaults = [...(info.image.config.Entrypoint ?? []), ...(info.image.config.Cmd ?? [])];
  const isDefault = argv.length === defaults.length && argv.every((a, i) => a === defaults[i]);
  const [prog = '', ...args] = argv;
  if (isInit && isDefault && info.runtime) {
    // ── host: the entrypoint's `exec "$@"` leaves the same PID running the server ──
    if (ENTRYPOINT_SCRIPTS.has(prog) && args.length > 0) execedInPlace(ctx, args);
    return yield* runRuntime(ctx, info, info.runtime);
  }
  if (ENTRYPOINT_SCRIPTS.has(prog)) {
    // `exec "$@"`: the image's script hands over to the command given.
    if (args.length === 0) return 0;
    const defaultCmd = info.image.config.Cmd ?? [];
    if (
      info.runtime &&
      args.length === defaultCmd.length &&
      args.every((a, i) => a === defaultCmd[i])
    )
      return yield* runRuntime(ctx, info, info.runtime);
    if (checkExecutable(ctx.host, ctx.containerId, args)) {
      ctx.write('stderr', `${prog}: exec: line 47: ${args[0]}: not found\n`);
      return 127;
    }
    if (isInit) execedInPlace(ctx, args);
    return yield* run(ctx, info, args, false);
  }
  const name = base(prog);
  // A command line the catalog simulates (`python --version`): its exact output.
  const simulated = info.runtime?.programs?.outputs?.[[name, ...args].join(' ')];
  if (simulated !== undefined) {
    ctx.write('stdout', fillPlaceholders(ctx, info.image, simulated, 0));
    return 0;
  }
  if (SHELLS.has(name)) return yield* shell(ctx, info, name, args);
  const builtin = own(builtinsFor(info.family), name);
  if (builtin) return yield* builtin(ctx, args);
  if (info.runtime && info.runtime.kind !== 'shell' && extraPrograms(info).has(name)) {
    if (!info.runtime.programs?.onPath.includes(name) || isDefaultProgram(info, name))
      return yield* runRuntime(ctx, info, info.runtime);
  }
  if (knownPrograms(info).has(name)) {
    // The image has it (runc found it), but DockScope has no model of what it does.
    ctx.write('stderr', `DockScope does not simulate '${name}' (the image has it)\n`);
    return NOT_SIMULATED_STATUS;
  }
  ctx.write('stderr', `${info.family === 'busybox' ? 'sh' : 'bash'}: ${prog}: not found\n`);
  return 127;
}

/** The image's own default program (`node` for node): running it starts the catalog runtime. */
function isDefaultProgram(info: ImageInfo, name: string): boolean {
  const defaults = [...(info.image.config.Entrypoint ?? []), ...(info.image.config.Cmd ?? [])];
  return defaults.some((a) => base(a) === name);
}

/**
 * `sh`/`bash` in the container: BusyBox's ash, Debian's dash as `sh`, or bash.
 * It runs programs of the image like any other process would.
 */
function* shell(ctx: ProcessContext, info: ImageInfo, name: string, args: string[]): Task<number> {
  const known = knownPrograms(info);
  return yield* containerShell(
    ctx,
    {
      dialect: info.family === 'busybox' ? 'ash' : name === 'bash' ? 'bash' : 'dash',
      name,
      files: (cwd) => filesOf(ctx, info.family, cwd),
      has: (program) => known.has(program),
      run: (child, argv) => run(child, info, argv, false),
      prompt:
        info.runtime?.kind === 'shell'
          ? fillPlaceholders(ctx, info.image, info.runtime.prompt, 0)
          : '# ',
    },
    args,
  );
}

/** An image's own main process, as its catalog entry describes it. */
function* runRuntime(ctx: ProcessContext, info: ImageInfo, rt: ImageRuntime): Task<number> {
  const fill = (text: string, worker = 0) => fillPlaceholders(ctx, info.image, text, worker);
  switch (rt.kind) {
    case 'prints-and-exits':
      yield* ctx.sleep(rt.durationMs);
      ctx.write('stdout', fill(rt.stdout));
      return rt.exitCode;
    case 'shell':
      return yield* shell(ctx, info, base(info.image.config.Cmd?.[0] ?? 'sh'), []);
    case 'repl': {
      if (!ctx.stdinOpen) return rt.exitCodeWithoutStdin;
      // life: a REPL catches SIGINT itself; under --init's tini it is not PID 1 to be spared.
      if (ctx.underInit) ctx.handled.add('SIGINT');
      if (ctx.spec.tty) ctx.write('stdout', fill(rt.banner));
      for (;;) {
        if (ctx.spec.tty) ctx.write('stdout', rt.prompt);
        const next = yield* ctx.next();
        if ('eof' in next) return 0;
        if ('line' in next && ctx.spec.tty)
          ctx.write('stdout', `${next.line.replace(/\r?\n$/, '')}\n`);
        if ('line' in next && /^(\.exit|exit\(\)|quit\(\))$/.test(next.line.trim())) return 0;
      }
    }
    case 'server': {
      const stopSignals = new Set([
        'SIGTERM',
        'SIGINT',
        'SIGQUIT',
        info.image.config.StopSignal ?? 'SIGTERM',
      ]);
      for (const s of stopSignals) ctx.handled.add(s);
      if (rt.requiresEnv && !rt.requiresEnv.anyOf.some((cond) => envHolds(ctx.spec.env, cond))) {
        yield* printLogs(ctx, rt.requiresEnv.otherwise.logs, fill);
        return rt.requiresEnv.otherwise.exitCode;
      }
      const restarted = startedBefore(ctx);
      const signal = yield* printLogs(
        ctx,
        restarted ? (rt.restartLogs ?? rt.startupLogs) : rt.startupLogs,
        fill,
      );
      const got = signal ?? (yield* waitForStop(ctx));
      yield* printLogs(
        ctx,
        rt.stopLogs.map((l) => ({
          ...l,
          text: l.text.replace(
            /signal \d+ \(SIG\w+\)(?= received,)/,
            `signal ${signalNumber(got)} (${got})`,
          ),
        })),
        fill,
      );
      return rt.stopExitCode;
    }
  }
}

/** Whether the main program ran on this container's writable layer before (a restart), and mark that it has now. */
function startedBefore(ctx: ProcessContext): boolean {
  const upperdir = ctx.host.namespaces.of(ctx.containerId)?.root?.upperdir;
  if (!upperdir) return false;
  const layer = ctx.host.rwLayers.of(upperdir);
  const before = layer.started === true;
  layer.started = true;
  return before;
}

function* waitForStop(ctx: ProcessContext): Task<string> {
  for (;;) {
    const next = yield* ctx.next();
    if ('signal' in next) return next.signal;
  }
}

/** Print log lines with their delays; stops early (returning the signal) if a stop signal arrives. */
function* printLogs(
  ctx: ProcessContext,
  lines: readonly LogLine[],
  fill: (t: string, worker?: number) => string,
): Task<string | undefined> {
  const workers = ctx.host.cpus;
  for (const line of lines) {
    const copies = line.perWorker ? workers : 1;
    for (let w = 0; w < copies; w++) {
      const sig = yield* ctx.sleep(line.delayMs);
      if (sig) return sig;
      ctx.write(line.stream, fill(line.text, w) + (line.partial ? '' : '\n'));
    }
  }
  return undefined;
}

function envHolds(env: readonly string[], cond: { name: string; equals?: string }): boolean {
  const v = env.find((e) => e.startsWith(`${cond.name}=`))?.slice(cond.name.length + 1);
  return cond.equals === undefined ? !!v : v === cond.equals;
}

function signalNumber(name: string): number {
  return (
    ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15, SIGWINCH: 28 } as Record<string, number>)[
      name
    ] ?? 15
  );
}
