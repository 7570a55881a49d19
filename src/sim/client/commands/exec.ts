import type { CommandContext, CommandSpec } from '../command';
import type { Reply } from '../../core/network';
import type { Task } from '../../core/scheduler';
import { CliFailure, messageOf, readChunk } from '../api';
import { isOn, last } from '../flags';
import { aboutContainer } from '../../trace/operations';
import { escapeKeys, EscapeProxy } from './escapeKeys';

/**
 * `docker exec` as docker/cli 28.2.2 runs it (cli/command/container/exec.go): inspect the
 * container (so "No such container" comes first), check the terminal, create the exec
 * instance, then either start it detached or start it on a hijacked connection, stream it,
 * and exit with the exec's own exit code from `GET /exec/{id}/json`.
 */
function* exec(ctx: CommandContext): Task<number> {
  const [target = '', ...command] = ctx.args;
  const f = ctx.flags;
  const detach = isOn(f, 'detach');
  const interactive = isOn(f, 'interactive');
  const tty = isOn(f, 'tty');
  // opts.ValidateEnv: `-e NAME` takes NAME's value from the CLI's environment, or goes as
  // it is (a bare name, which makes dockerd drop that variable).
  const env = (f.env ?? []).map((e) => {
    if (e.includes('=')) return e;
    const value = ctx.io.env?.get(e);
    return value === undefined ? e : `${e}=${value}`;
  });
  const detachKeys = last(f, 'detach-keys') ?? '';
  const fail = (r: Reply) => {
    ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
    return 1;
  };
  const request = (...a: Parameters<CommandContext['api']['request']>) => ctx.api.request(...a);
  let inspect: Reply;
  try {
    inspect = yield* request('GET', `/containers/${target}/json`, {
      op: 'engine.containers.inspect',
      subjects: aboutContainer(target),
      summary: 'the CLI checks the container exists before it creates the exec',
    });
  } catch (e) {
    if (e instanceof CliFailure) {
      ctx.err(`${e.text}\n`);
      return e.code;
    }
    throw e;
  }
  if (inspect.status !== 200) return fail(inspect);
  // In().CheckTty: -it needs the CLI's stdin to be a terminal.
  if (!detach && interactive && tty && !ctx.io.tty) {
    ctx.err('the input device is not a TTY\n');
    return 1;
  }
  // fillConsoleSize: with -t, the size of the CLI's terminal ([0, 0] when stdout is none).
  const consoleSize = ctx.io.tty ? [24, ctx.io.columns] : [0, 0];
  const body = {
    User: last(f, 'user') ?? '',
    Privileged: false,
    Tty: tty,
    ...(tty ? { ConsoleSize: consoleSize } : {}),
    AttachStdin: !detach && interactive,
    AttachStderr: !detach,
    AttachStdout: !detach,
    Detach: detach,
    DetachKeys: detachKeys,
    Env: env.length > 0 ? env : null,
    WorkingDir: last(f, 'workdir') ?? '',
    Cmd: command,
  };
  const created = yield* request('POST', `/containers/${target}/exec`, {
    op: 'engine.exec.create',
    subjects: aboutContainer(target),
    body,
    summary: `the CLI asks dockerd to set up ${command.join(' ')} to run in ${target}`,
  });
  if (created.status !== 201) return fail(created);
  const execId = (created.body as { Id: string }).Id;
  const about = { exec: execId };
  const startBody = { Detach: detach, Tty: tty, ...(tty ? { ConsoleSize: consoleSize } : {}) };
  if (detach) {
    const started = yield* request('POST', `/exec/${execId}/start`, {
      op: 'engine.exec.start',
      subjects: about,
      body: startBody,
      summary: 'the CLI asks dockerd to start the exec in the background (-d): no stream',
    });
    return started.status === 200 ? 0 : fail(started);
  }
  const attach = yield* request('POST', `/exec/${execId}/start`, {
    op: 'engine.exec.start',
    subjects: about,
    body: startBody,
    headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
    summary: 'the CLI starts the exec on a hijacked connection: its output comes back on it',
  });
  if (attach.status !== 101 && attach.status !== 200) return fail(attach);
  const stream = attach.stream;
  // The real CLI resizes once the stream runs (MonitorTtySize), when its stdin is a terminal.
  if (tty && ctx.io.tty) {
    yield* request('POST', `/exec/${execId}/resize`, {
      op: 'engine.exec.resize',
      subjects: about,
      query: { h: '24', w: String(ctx.io.columns) },
      summary: 'the CLI tells dockerd the size of its terminal for the exec’s pty',
    });
  }
  const containerId = (inspect.body as { Id?: string } | undefined)?.Id ?? target;
  let detached = false;
  const rawTerminal = interactive && tty && ctx.io.tty;
  if (interactive) {
    const send = (text: string) =>
      ctx.api.stdin(
        { containerId, execId, text },
        'typed input travels over the exec connection to the exec’d process',
        { container: containerId, exec: execId },
        'engine.exec.stdin',
      );
    // With a terminal the CLI watches its input for the detach keys (term.EscapeProxy).
    const proxy = rawTerminal ? new EscapeProxy(escapeKeys(detachKeys)) : undefined;
    ctx.io.onStdin = (text) => {
      const got = proxy ? proxy.feed(text) : { pass: text, escaped: false };
      if (got.pass) send(got.pass);
      if (got.escaped) {
        detached = true;
        stream?.close();
      }
    };
    ctx.io.onStdinEnd = () =>
      ctx.api.stdin(
        { containerId, execId, eof: true },
        'Ctrl-D: the CLI closes its side of the exec connection; dockerd closes the exec’s stdin',
        { container: containerId, exec: execId },
        'engine.exec.stdin',
      );
    if (rawTerminal)
      // Raw terminal: Ctrl-C is byte 0x03 for the exec's pty, no signal to the CLI.
      ctx.io.onInterrupt = () => send('\x03');
  }
  if (stream) {
    for (;;) {
      const chunk = yield* readChunk(stream);
      if (!chunk) break;
      const frame = chunk.data as { stream: 'stdout' | 'stderr'; text: string };
      ctx.io.write(tty ? 'stdout' : frame.stream, frame.text);
    }
  }
  if (detached) {
    // The stream returns term.EscapeError, which the CLI prints and exits 1 on.
    ctx.err('read escape sequence\n');
    return 1;
  }
  const inspected = yield* request('GET', `/exec/${execId}/json`, {
    op: 'engine.exec.inspect',
    subjects: about,
    summary: 'the stream ended: the CLI reads the exec’s exit code',
  });
  if (inspected.status !== 200) return fail(inspected);
  return (inspected.body as { ExitCode?: number | null }).ExitCode ?? 0;
}

export const execCommand: CommandSpec = {
  help: 'exec',
  forms: ['container exec', 'exec'],
  args: { kind: 'min', n: 2 },
  stopAtFirstArg: true,
  // --privileged and --env-file are real flags DockScope does not carry out: refused clearly.
  simulated: ['detach', 'detach-keys', 'interactive', 'tty', 'user', 'env', 'workdir'],
  execute: exec,
};
