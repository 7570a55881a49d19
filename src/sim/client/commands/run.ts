import type { CommandContext, CommandSpec } from '../command';
import type { Reply } from '../../core/network';
import type { Task } from '../../core/scheduler';
import { CliFailure, messageOf, readChunk } from '../api';
import { familiarString, parseReference, withDefaultTag } from '../../image/reference';
import { pullImage } from './images';
import { createBody, runOptions, type RunOptions } from './runOptions';
import { aboutContainer } from '../../trace/operations';
import { shared } from '../../trace/shared';
import { HELP } from '../help';
import { escapeKeys, EscapeProxy } from './escapeKeys';
import { pullPolicy, pullPrecheck, type PullPolicy } from './pullPolicy';
import { formatPlatform, parsePlatform } from '../../image/platform';
import { last } from '../flags';
import { SECURITY_FLAGS } from './securityFlags';
import { RESOURCE_FLAGS } from './resourceFlags';

const RUN_FLAGS = [
  'detach',
  'name',
  'publish',
  'rm',
  'env',
  'interactive',
  'tty',
  'entrypoint',
  'workdir',
  // Mounts (vol)
  'volume',
  'mount',
  'tmpfs',
  // ── networks (net) ──
  'network',
  'network-alias',
  'ip',
  'hostname',
  'publish-all',
  'expose',
  // ── life: restart policies, --init, health checks ──
  'restart',
  'init',
  'health-cmd',
  'health-interval',
  'health-timeout',
  'health-retries',
  'health-start-period',
  'health-start-interval',
  'no-healthcheck',
  // ── obs: image flags ──
  'pull',
  'platform',
  // ── sec: security options and namespaces ──
  ...SECURITY_FLAGS,
  // ── res: resources (resourceFlags.ts) ──
  ...RESOURCE_FLAGS,
];

/** `docker: <message>` + the usage hint, as `docker run` reports failures (exit 125 unless said). */
function runError(ctx: CommandContext, message: string): void {
  ctx.err(`docker: ${message}\n\nRun '${ctx.path} --help' for more information\n`);
}

/** Exit code for a daemon error at start: 127 command not found, 126 not executable, else 125. */
function startFailureCode(message: string): number {
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied/.test(message)) return 126;
  return 125;
}

/**
 * Create the container; when the image is missing, pull it (to stderr, the
 * way `docker run` does) and create again.
 */
function* createContainer(
  ctx: CommandContext,
  o: RunOptions,
  asCreate: boolean,
  policy: PullPolicy = 'missing',
): Task<{ id?: string; code: number }> {
  // `docker run` wraps these errors (`docker: …` + usage hint, 125); `docker create` returns
  // them as they are, so they print plain with exit 1.
  const fail = (message: string) => {
    if (asCreate) ctx.err(`${message}\n`);
    else runError(ctx, message);
    return { code: asCreate ? 1 : 125 };
  };
  const parsed = parseReference(o.image);
  if (!parsed.ok) return fail(parsed.error);
  const ref = withDefaultTag(parsed);
  // The CLI sends its terminal's size, [0, 0] when stdout is not a terminal.
  // Shared: most runs send a body the trace already holds (the name goes in the query).
  const body = shared(ctx.io.tty ? createBody(o, 24, ctx.io.columns) : createBody(o, 0, 0));
  const query: Record<string, string> = o.name !== undefined ? { name: o.name } : {};
  // ── obs: --platform, parsed by the CLI first (platforms.Parse), sent as os/arch[/variant] ──
  const platformFlag = last(ctx.flags, 'platform');
  if (platformFlag) {
    const p = parsePlatform(platformFlag);
    if (!p.ok) return fail(`error parsing specified platform: ${p.error}`);
    query.platform = formatPlatform(p.platform);
  }
  const create = () =>
    ctx.api.request('POST', '/containers/create', {
      op: 'engine.containers.create',
      subjects: { image: o.image },
      query,
      body,
      summary: `the CLI asks dockerd to create a container from ${o.image}`,
      negotiate: true,
    });
  let r: Reply;
  // ── obs: --pull always pulls (to stderr) before the first create ──
  if (policy === 'always') {
    const pulled = yield* pullImage(ctx, ref, 'stderr', platformFlag || undefined);
    if (pulled.error)
      return fail(pulled.fromDaemon ? `Error response from daemon: ${pulled.error}` : pulled.error);
  }
  try {
    r = yield* create();
  } catch (e) {
    // No daemon reached: run wraps this error too (docker: …, 125), create prints it plain.
    if (e instanceof CliFailure) return fail(e.text);
    throw e;
  }
  // (obs: the platform's 404, errPlatformNotFound, makes the CLI pull that platform too)
  if (
    r.status === 404 &&
    /^No such image|was found but does not provide/.test(messageOf(r)) &&
    policy === 'missing'
  ) {
    ctx.err(`Unable to find image '${familiarString(ref)}' locally\n`);
    const pulled = yield* pullImage(ctx, ref, 'stderr', platformFlag || undefined);
    if (pulled.error)
      return fail(pulled.fromDaemon ? `Error response from daemon: ${pulled.error}` : pulled.error);
    r = yield* create();
  }
  if (r.status !== 201) return fail(`Error response from daemon: ${messageOf(r)}`);
  // docker/cli prints the daemon's warnings (`--network host -p …`) before anything else.
  for (const w of (r.body as { Warnings?: string[] | null }).Warnings ?? [])
    ctx.err(`WARNING: ${w}\n`);
  return { id: (r.body as { Id: string }).Id, code: 0 };
}

function* run(ctx: CommandContext, create: boolean): Task<number> {
  // ── obs: validatePullOpt, before the other options are read ──
  const pull = pullPolicy(ctx);
  if ('error' in pull) {
    runError(ctx, pull.error);
    return 125;
  }
  const o = runOptions(ctx.flags, ctx.args, create, ctx.io.env, (path) => {
    // os.ReadFile on the learner's machine: a file's text, or Go's error for what is not one.
    const abs = ctx.machine.resolve(path);
    const text = ctx.machine.files.get(abs);
    if (text !== undefined) return { text };
    const dir = abs === '/' ? '/' : `${abs}/`;
    for (const f of ctx.machine.files.keys())
      if (f.startsWith(dir)) return { error: `read ${path}: is a directory` };
    return { error: `open ${path}: no such file or directory` };
  });
  if ('error' in o) {
    // A bad flag value (--mount) is pflag's error: no `docker:`, the usage line instead.
    if (o.flag) {
      const usage = (HELP[ctx.spec.help] ?? '')
        .split('\n')[0]!
        .replace(/^Usage:\s+docker(?: [a-z]+)+/, ctx.path);
      ctx.err(`${o.error}\n\nUsage:  ${usage}\n\nRun '${ctx.path} --help' for more information\n`);
    } else runError(ctx, o.error);
    return 125;
  }
  // docker/cli In().CheckTty: -it needs stdin to be a terminal (not so in a pipe or a script).
  if (!create && o.interactive && o.tty && !o.detach && !ctx.io.tty) {
    ctx.err('the input device is not a TTY\n');
    return 1;
  }
  const made = yield* createContainer(ctx, o, create, pull.policy);
  if (!made.id) return made.code;
  const id = made.id;
  if (create) {
    ctx.out(`${id}\n`);
    return 0;
  }

  // docker/cli prints a detached container's ID as soon as it exists, before starting it:
  // a start that fails (port already allocated) still leaves the ID on stdout.
  if (o.detach) ctx.out(`${id}\n`);
  let attach: Reply | undefined;
  if (!o.detach) {
    const query: Record<string, string> = { stderr: '1', stdout: '1', stream: '1' };
    if (o.interactive) query.stdin = '1';
    attach = yield* ctx.api.request('POST', `/containers/${id}/attach`, {
      op: 'engine.containers.attach',
      subjects: aboutContainer(id),
      query,
      headers: { Connection: 'Upgrade', Upgrade: 'tcp', 'Content-Type': 'text/plain' },
      summary: 'the CLI attaches to the container output before starting it, so no line is missed',
    });
  }
  const wait = yield* ctx.api.request('POST', `/containers/${id}/wait`, {
    op: 'engine.containers.wait',
    subjects: aboutContainer(id),
    query: { condition: o.autoRemove ? 'removed' : 'next-exit' },
    summary: o.autoRemove
      ? 'the CLI asks to be told when the container is removed (--rm)'
      : 'the CLI asks to be told when the container exits',
  });
  const start = yield* ctx.api.request('POST', `/containers/${id}/start`, {
    op: 'engine.containers.start',
    subjects: aboutContainer(id),
    summary: 'the CLI asks dockerd to start the container',
  });
  if (start.status !== 204 && start.status !== 304) {
    // docker/cli: with --rm it waits for the removal before reporting the failure.
    if (o.autoRemove && wait.stream) yield* readChunk(wait.stream);
    const message = messageOf(start);
    runError(ctx, `Error response from daemon: ${message}`);
    return startFailureCode(message);
  }
  if (o.detach) {
    // CLI 28 sends `wait` even with -d but exits after `start` without reading
    // it: the connection closes, and dockerd has nobody to tell about the exit.
    wait.stream?.close();
    return 0;
  }
  if (o.tty && ctx.io.tty) {
    yield* ctx.api.request('POST', `/containers/${id}/resize`, {
      op: 'engine.containers.resize',
      subjects: aboutContainer(id),
      query: { h: '24', w: String(ctx.io.columns) },
      summary: 'the CLI tells dockerd the size of its terminal',
    });
  }
  // Foreground Ctrl-C. With -i and -t the CLI puts its terminal in raw mode (docker/cli
  // hijack.go setupInput), so Ctrl-C is no signal to the CLI but byte 0x03 on the attach
  // stream; the container's pty turns it into SIGINT. Otherwise the terminal sends the
  // CLI SIGINT and sig-proxy forwards it with POST /kill.
  const rawTerminal = o.interactive && o.tty && ctx.io.tty;
  ctx.io.onInterrupt = rawTerminal
    ? () => {
        ctx.api.stdin(
          { containerId: id, text: '\x03' },
          "Ctrl-C: the terminal is raw, so the CLI sends byte 0x03 to the container's terminal; no signal, no /kill",
          aboutContainer(id),
        );
      }
    : () => {
        ctx.host.scheduler.spawn(
          (function* () {
            yield* ctx.api.request('POST', `/containers/${id}/kill`, {
              op: 'engine.containers.kill',
              subjects: aboutContainer(id),
              query: { signal: 'INT' },
              summary: 'Ctrl-C: the CLI forwards SIGINT to the container (sig-proxy)',
            });
          })(),
        );
      };
  let detached = false;
  if (o.interactive) {
    ctx.io.onStdinEnd = () => {
      ctx.api.stdin(
        { containerId: id, eof: true },
        'Ctrl-D: the CLI closes its side of the connection; dockerd closes the container stdin',
        aboutContainer(id),
      );
    };
    // With -it on a terminal the CLI watches its input for the detach keys (Ctrl-P Ctrl-Q).
    const proxy = rawTerminal ? new EscapeProxy(escapeKeys('')) : undefined;
    ctx.io.onStdin = (text) => {
      const got = proxy ? proxy.feed(text) : { pass: text, escaped: false };
      if (got.pass)
        ctx.api.stdin(
          { containerId: id, text: got.pass },
          'typed input travels over the attached connection to the container',
          aboutContainer(id),
        );
      if (got.escaped) {
        detached = true;
        attach?.stream?.close();
      }
    };
  }
  const stream = attach?.stream;
  if (stream) {
    for (;;) {
      const chunk = yield* readChunk(stream);
      if (!chunk) break;
      const frame = chunk.data as { stream: 'stdout' | 'stderr'; text: string };
      ctx.io.write(o.tty ? 'stdout' : frame.stream, frame.text);
    }
  }
  if (detached) {
    // docker/cli runContainer: the detach keys end `docker run` quietly, exit 0; the
    // container runs on.
    wait.stream?.close();
    return 0;
  }
  let code = 0;
  if (wait.stream) {
    const result = yield* readChunk(wait.stream);
    code = (result?.data as { StatusCode?: number } | undefined)?.StatusCode ?? 0;
  }
  return code;
}

export const runCommand: CommandSpec = {
  help: 'run',
  forms: ['container run', 'run'],
  args: { kind: 'min', n: 1 },
  stopAtFirstArg: true,
  pingBeforeFlags: true,
  precheck: (flags) => pullPrecheck(flags, 'run'),
  simulated: RUN_FLAGS,
  execute: (ctx) => run(ctx, false),
};

export const createCommand: CommandSpec = {
  help: 'container create',
  forms: ['container create', 'create'],
  args: { kind: 'min', n: 1 },
  stopAtFirstArg: true,
  pingBeforeFlags: true,
  precheck: (flags) => pullPrecheck(flags, 'create'),
  simulated: RUN_FLAGS.filter((f) => f !== 'detach' && f !== 'rm').concat('rm'),
  execute: (ctx) => run(ctx, true),
};
