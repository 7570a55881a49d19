import type { CommandContext, CommandSpec } from '../command';
import type { Reply } from '../../core/network';
import type { Task } from '../../core/scheduler';
import { CliFailure, messageOf, readChunk } from '../api';
import { isOn, last } from '../flags';
import { aboutContainer } from '../../trace/operations';
import { escapeKeys, EscapeProxy } from './escapeKeys';

interface Inspected {
  Id: string;
  State: { Running: boolean; Paused: boolean; Restarting: boolean };
  Config: { Tty: boolean; OpenStdin: boolean };
}

/** docker/cli inspectContainerAndCheckState: the errors the CLI itself makes, after the inspect. */
function stateError(c: Inspected): string | undefined {
  if (!c.State.Running) return 'You cannot attach to a stopped container, start it first';
  if (c.State.Paused) return 'You cannot attach to a paused container, unpause it first';
  if (c.State.Restarting)
    return 'You cannot attach to a restarting container, wait until it is running';
  return undefined;
}

/**
 * `docker attach` as docker/cli 28.2.2 runs it (cli/command/container/attach.go): ask to be
 * told of the exit (`wait`, sent from a goroutine before anything else), inspect and check the
 * state, attach on a hijacked connection, inspect again (the container may have stopped
 * meanwhile), resize with a TTY, then stream until the container exits (its exit code) or the
 * detach keys are typed ("read escape sequence", exit 1, the container runs on).
 */
function* attach(ctx: CommandContext): Task<number> {
  const target = ctx.args[0] ?? '';
  const noStdin = isOn(ctx.flags, 'no-stdin');
  // --sig-proxy defaults to true.
  const sigProxy = ctx.flags['sig-proxy'] === undefined || isOn(ctx.flags, 'sig-proxy');
  const detachKeys = last(ctx.flags, 'detach-keys') ?? '';
  const fail = (r: Reply) => {
    ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
    return 1;
  };
  const about = aboutContainer(target);
  let wait: Reply;
  try {
    wait = yield* ctx.api.request('POST', `/containers/${target}/wait`, {
      op: 'engine.containers.wait',
      subjects: about,
      summary: 'the CLI asks to be told when the container exits, to exit with its code',
    });
  } catch (e) {
    if (e instanceof CliFailure) {
      ctx.err(`${e.text}\n`);
      return e.code;
    }
    throw e;
  }
  const inspect = () =>
    ctx.api.request('GET', `/containers/${target}/json`, {
      op: 'engine.containers.inspect',
      subjects: about,
      summary: 'the CLI reads the container: is it running, has it a TTY, is its stdin open?',
    });
  const first = yield* inspect();
  if (first.status !== 200) {
    wait.stream?.close();
    return fail(first);
  }
  const c = first.body as Inspected;
  const refused = stateError(c);
  if (refused) {
    wait.stream?.close();
    ctx.err(`${refused}\n`);
    return 1;
  }
  const tty = c.Config.Tty;
  // In().CheckTty: attaching stdin to a TTY container needs a terminal.
  if (tty && !noStdin && !ctx.io.tty) {
    wait.stream?.close();
    ctx.err('the input device is not a TTY\n');
    return 1;
  }
  const stdin = !noStdin && c.Config.OpenStdin;
  const query: Record<string, string> = { stream: '1', stdout: '1', stderr: '1' };
  if (stdin) query.stdin = '1';
  if (detachKeys) query.detachKeys = detachKeys;
  const attached = yield* ctx.api.request('POST', `/containers/${target}/attach`, {
    op: 'engine.containers.attach',
    subjects: about,
    query,
    headers: { Connection: 'Upgrade', Upgrade: 'tcp', 'Content-Type': 'text/plain' },
    summary: 'the CLI attaches to the running container: its output from now on, and its stdin',
  });
  if (attached.status !== 101 && attached.status !== 200) {
    wait.stream?.close();
    return fail(attached);
  }
  const stream = attached.stream;
  const again = yield* inspect();
  const gone = again.status === 200 ? stateError(again.body as Inspected) : messageOf(again);
  if (gone) {
    stream?.close();
    wait.stream?.close();
    ctx.err(`${gone}\n`);
    return 1;
  }
  if (tty && ctx.io.tty) {
    yield* ctx.api.request('POST', `/containers/${target}/resize`, {
      op: 'engine.containers.resize',
      subjects: about,
      query: { h: '24', w: String(ctx.io.columns) },
      summary: 'the CLI tells dockerd the size of its terminal',
    });
  }
  const id = c.Id;
  let detached = false;
  // With a TTY and stdin the terminal is raw: Ctrl-C is a byte, and the CLI watches for the
  // detach keys itself (hijackedIOStreamer.setupInput).
  const raw = tty && stdin && ctx.io.tty;
  if (stdin) {
    const proxy = raw ? new EscapeProxy(escapeKeys(detachKeys)) : undefined;
    const send = (text: string) =>
      ctx.api.stdin(
        { containerId: id, text },
        'typed input travels over the attached connection to the container',
        aboutContainer(id),
      );
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
        { containerId: id, eof: true },
        'Ctrl-D: the CLI closes its side of the connection',
        aboutContainer(id),
      );
  }
  if (raw) ctx.io.onInterrupt = () => ctx.io.onStdin?.('\x03');
  else if (sigProxy && !tty)
    // --sig-proxy (the default without a TTY): the CLI passes the signal it caught on.
    ctx.io.onInterrupt = () => {
      ctx.host.scheduler.spawn(
        (function* () {
          // ForwardAllSignals names the container as it was typed.
          yield* ctx.api.request('POST', `/containers/${target}/kill`, {
            op: 'engine.containers.kill',
            subjects: about,
            query: { signal: 'INT' },
            summary: 'Ctrl-C: the CLI forwards SIGINT to the container (sig-proxy)',
          });
        })(),
      );
    };
  if (stream) {
    for (;;) {
      const chunk = yield* readChunk(stream);
      if (!chunk) break;
      const frame = chunk.data as { stream: 'stdout' | 'stderr'; text: string };
      ctx.io.write(tty ? 'stdout' : frame.stream, frame.text);
    }
  }
  if (detached) {
    wait.stream?.close();
    ctx.err('read escape sequence\n');
    return 1;
  }
  if (!wait.stream) return 0;
  const result = yield* readChunk(wait.stream);
  return (result?.data as { StatusCode?: number } | undefined)?.StatusCode ?? 0;
}

export const attachCommand: CommandSpec = {
  help: 'attach',
  forms: ['container attach', 'attach'],
  args: { kind: 'exact', n: 1 },
  simulated: ['detach-keys', 'no-stdin', 'sig-proxy'],
  execute: attach,
};
