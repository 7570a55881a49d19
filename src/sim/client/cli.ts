import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import type { ClientState } from './clientMachine';
import { runTypedLine, type LearnerMachine } from '../shell/learnerShell';
import type { Output } from '../shell/interpreter';
import { ApiClient, CLIENT_VERSION, CliFailure } from './api';
import { DockerCli } from './dockerCli';
import { sshUrlError, targetOf, type Target } from './target';
import type { ArgRule, CommandIo, CommandSpec } from './command';
import { isOn, parseFlags, type ParseResult } from './flags';
import { MANAGEMENT, REAL_COMMANDS, lookupCommand } from './commandTable';
import { HELP, flagsOf } from './help';
import { curlOnHost } from '../kernel/hostCurl';
import { hostServiceTool } from '../shell/systemctl';

const ROOT_USAGE = 'docker [OPTIONS] COMMAND [ARG...]';
/** Commands whose `--help` makes the real CLI ping the daemon first (observed with CLI 28.2.2). */
const HELP_PINGS = new Set([
  'image pull',
  'image ls',
  'run',
  'start',
  'image rm',
  'logs',
  'container create',
  'image inspect',
  'container prune',
  'image prune',
  'system df',
  // exec's -e, --env-file and -w carry API-version annotations: cobra's help checks them.
  'exec',
  // ── res: update's --cpus and --pids-limit carry API-version annotations too ──
  'update',
]);

/** `Usage:  docker ps [OPTIONS]` → the part after `docker ps`, to reprint under the typed path. */
function usageLine(spec: CommandSpec, typed: string): string {
  const first = (HELP[spec.help] ?? '').split('\n')[0] ?? '';
  const canonical = (first.replace(/^Usage:\s+/, '').match(/^docker(?: [a-z-]+)*/) ?? [
    'docker',
  ])[0];
  return first.replace(/^Usage:\s+/, '').replace(canonical, typed);
}

function helpText(spec: CommandSpec, typedForm: string): string {
  const own = HELP[typedForm];
  if (own) return own;
  const text = HELP[spec.help] ?? '';
  // A top-level shortcut (`docker create`) is its own cobra command: the same help, but the
  // usage line names it; an alias (`container list`) keeps the canonical name.
  if (!typedForm.includes(' ') && spec.help.includes(' '))
    return text.replace(`Usage:  docker ${spec.help} `, `Usage:  docker ${typedForm} `);
  return text;
}

function argError(rule: ArgRule, count: number, path: string): string | undefined {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  switch (rule.kind) {
    case 'none':
      return count > 0 ? `docker: '${path}' accepts no arguments|Run` : undefined;
    case 'min':
      return count < rule.n
        ? `docker: '${path}' requires at least ${plural(rule.n)}|See`
        : undefined;
    case 'max':
      return count > rule.n
        ? `docker: '${path}' requires at most ${plural(rule.n)}|SRun`
        : undefined;
    case 'exact':
      return count !== rule.n ? `docker: '${path}' requires ${plural(rule.n)}|Run` : undefined;
    case 'range':
      return count < rule.min || count > rule.max
        ? `docker: '${path}' requires at least ${rule.min} and at most ${plural(rule.max)}|Run`
        : undefined;
    case 'any':
      return undefined;
  }
}

/**
 * One line typed into the page's terminal: the learner's bash parses and runs
 * it (`;`, `&&`, `$(…)`, redirections), and each `docker` in it is one docker
 * CLI process. The client actor tracks the typed line as one command: its
 * messages, its attachment to a container and its final status.
 */
export function* runClientCommand(
  host: Host,
  line: string,
  io: CommandIo,
  machine: LearnerMachine,
  passTime?: (ms: number) => void,
): Task<void> {
  commit(host.client, { type: 'command.started', id: io.id, line });
  let code = 1;
  try {
    code = yield* runTypedLine(
      machine,
      line,
      { write: (stream, text) => io.write(stream, text) },
      (args, out, toTerminal, env, stdin) =>
        dockerProcess(host, machine, args, io, out, toTerminal, env, stdin),
      {
        // Ctrl-C that ended the line (no container to forward it to) stops what follows.
        cancelled: () => contextOf<ClientState>(host.client).commands[io.id]?.status === 'exited',
        passTime,
        curl: (args, out, toTerminal) => curlOnHost(host, args, out, toTerminal),
        // ── host: the learner's bash reads the host's own state through the kernel ──
        hostCall: (spec) => host.net.call('bash', spec, io.id),
        epoch: host.epoch,
        // ── daemon: systemctl, journalctl, sudo, tee ──
        serviceTools: (argv, streams, root) =>
          hostServiceTool(host, io.id, machine, argv, streams, root),
      },
    );
  } finally {
    endProcess(host, io, code);
  }
}

/**
 * One `docker` process of the line: its output goes where the shell points it
 * (the terminal, a file, a `$(…)`); only when it is the terminal does the CLI
 * see a TTY. Ctrl-C and typed input reach the line's terminal hooks while it
 * runs, and are let go when it ends.
 */
function* dockerProcess(
  host: Host,
  machine: LearnerMachine,
  args: string[],
  io: CommandIo,
  out: Output,
  toTerminal: boolean,
  env: ReadonlyMap<string, string>,
  stdin: string | undefined,
): Task<number> {
  const proc: CommandIo = {
    id: io.id,
    tty: io.tty && toTerminal,
    columns: io.columns,
    env,
    ...(stdin !== undefined ? { stdinText: stdin } : {}),
    write: (stream, text) => out.write(stream, text),
    exited: () => {},
    get onInterrupt() {
      return io.onInterrupt;
    },
    set onInterrupt(f) {
      io.onInterrupt = f;
    },
    get onStdin() {
      return io.onStdin;
    },
    set onStdin(f) {
      io.onStdin = f;
    },
    get onStdinEnd() {
      return io.onStdinEnd;
    },
    set onStdinEnd(f) {
      io.onStdinEnd = f;
    },
  };
  try {
    return yield* dispatch(host, machine, args, proc);
  } finally {
    io.onInterrupt = io.onStdin = io.onStdinEnd = undefined;
  }
}

/**
 * The `docker` process ends, once: when its command returns, or earlier when
 * Ctrl-C kills a command that has no signal proxy (`docker logs -f`). The
 * second call (the abandoned command finishing later) does nothing.
 */
export function endProcess(host: Host, io: CommandIo, code: number): void {
  const c = contextOf<ClientState>(host.client).commands[io.id];
  if (!c || c.status === 'exited') return;
  commit(host.client, { type: 'command.exited', id: io.id, exitCode: code });
  io.exited(code);
}

/** The docker CLI with its arguments (the words after `docker`), as docker/cli parses them. */
function* dispatch(
  host: Host,
  machine: LearnerMachine,
  args: string[],
  io: CommandIo,
): Task<number> {
  const err = (t: string) => io.write('stderr', t);
  const words = ['docker', ...args];

  const root = parseFlags(words.slice(1), flagsOf(''), false);
  // What the global flags, the environment and config.json say about the daemon to use.
  const cli = new DockerCli(root.ok ? root.flags : {}, io.env, machine.files);
  const api = new ApiClient(host, io.id, () => targetFor(cli));
  try {
    return yield* dispatchCommand(host, machine, root, io, cli, api);
  } catch (e) {
    // A daemon the CLI could not reach: its message, and the CLI's exit.
    if (!(e instanceof CliFailure)) throw e;
    err(`${e.text}\n`);
    return e.code;
  }
}

/** The endpoint of this process's context, as a target for its requests. */
function targetFor(cli: DockerCli): Target {
  const ep = cli.endpoint();
  if (!ep.ok) return targetOf('fd://', undefined);
  const tls = ep.endpoint.tls;
  return targetOf(
    ep.endpoint.Host,
    tls ? { ...tls, verify: !ep.endpoint.SkipTLSVerify } : undefined,
  );
}

function* dispatchCommand(
  host: Host,
  machine: LearnerMachine,
  root: ParseResult,
  io: CommandIo,
  cli: DockerCli,
  api: ApiClient,
): Task<number> {
  const out = (t: string) => io.write('stdout', t);
  const err = (t: string) => io.write('stderr', t);
  if (!root.ok) {
    yield* api.ping();
    err(`${root.error}\n\nUsage:  ${ROOT_USAGE}\n\nRun 'docker --help' for more information\n`);
    return 125;
  }
  if (isOn(root.flags, 'version')) {
    out(`Docker version ${CLIENT_VERSION}, build e6534b4\n`);
    return 0;
  }
  const rest = root.args;
  if (root.help || rest.length === 0) {
    yield* api.ping();
    (root.help ? out : err)(HELP[''] ?? '');
    return 0;
  }
  const found = lookupCommand(rest);
  if (!found) {
    const head = rest[0]!;
    const pair = rest.slice(0, 2).join(' ');
    const onlyHelp = rest.slice(1).every((a) => a === '--help' || a === '-h');
    if (MANAGEMENT.includes(head) && onlyHelp && HELP[head]) {
      // `docker context` alone prints its help on stderr (cobra ShowHelp to Err); the CLI's
      // own store needs no daemon, so neither form pings.
      if (head === 'context') {
        (rest.length > 1 ? out : err)(HELP[head]!);
        return 0;
      }
      yield* api.ping();
      // `docker volume` alone prints its help on stderr too (observed with CLI 28.2.2); `--help` on stdout.
      (rest.length > 1 ? out : err)(HELP[head]!);
      return 0;
    }
    // A group whose help DockScope holds (container, image) has all its real subcommands in
    // the table, so another word there is an unknown command, as the real CLI says.
    const knownGroup = MANAGEMENT.includes(head) && !!HELP[head];
    // A real command DockScope does not carry out still has its real help.
    const realHelp =
      REAL_COMMANDS.has(pair) &&
      rest.length > 2 &&
      rest.slice(2).every((a) => a === '--help' || a === '-h')
        ? HELP[pair]
        : undefined;
    if (realHelp) {
      out(realHelp);
      return 0;
    }
    if (
      REAL_COMMANDS.has(pair) ||
      (!knownGroup && (REAL_COMMANDS.has(head) || MANAGEMENT.includes(head)))
    ) {
      const name = REAL_COMMANDS.has(pair) ? pair : head;
      err(
        `DockScope: 'docker ${name}' is a real docker command, but DockScope does not simulate it yet.\n`,
      );
      return 1;
    }
    const scope = knownGroup ? `docker ${head}` : 'docker';
    const unknown = scope === 'docker' ? head : pair;
    const usage = knownGroup ? `Usage:  ${scope}\n\n` : '';
    err(
      `docker: unknown command: docker ${printable(unknown)}\n\n${usage}Run '${scope} --help' for more information\n`,
    );
    return 1;
  }

  const { spec, used } = found;
  const typed = rest.slice(0, used).join(' ');
  const path = `docker ${typed}`;
  const parsed = parseFlags(rest.slice(used), flagsOf(spec.help), !spec.stopAtFirstArg);
  if (spec.pingsFirst) yield* api.ping();
  if (parsed.ok && parsed.help) {
    if (HELP_PINGS.has(spec.help)) yield* api.ping();
    out(helpText(spec, typed));
    return 0;
  }
  if (!parsed.ok) {
    // run and create ping before they report a bad flag (observed); others do not.
    if (spec.pingBeforeFlags) yield* api.ping();
    err(
      `${parsed.error}\n\nUsage:  ${usageLine(spec, path)}\n\nRun '${path} --help' for more information\n`,
    );
    return 125;
  }
  const notSimulated = Object.keys(parsed.flags).find((f) => !spec.simulated.includes(f));
  if (notSimulated) {
    err(
      `DockScope: --${notSimulated} is a real flag of '${path}', but DockScope does not simulate it yet.\n`,
    );
    return 125;
  }
  const bad = argError(spec.args, parsed.args.length, path);
  if (bad) {
    const [message, verb] = bad.split('|');
    err(
      `${message}\n\nUsage:  ${usageLine(spec, path)}\n\n${verb} '${path} --help' for more information\n`,
    );
    return 1;
  }
  const conflict = cli.conflict;
  if (conflict) {
    err(`${conflict}\n`);
    return 1;
  }
  if (!spec.daemonless) {
    const failed = endpointError(cli);
    if (failed) {
      err(`Failed to initialize: ${failed}\n`);
      return 1;
    }
  }
  // ── obs: what the CLI refuses before it connects (run's --pull value) ──
  const refused = spec.precheck?.(parsed.flags, path);
  if (refused) {
    err(refused.text);
    return refused.code;
  }
  // run and create connect before they check ports and the image reference.
  if (spec.pingBeforeFlags) yield* api.ping();
  return yield* spec.execute({
    host,
    machine,
    cli,
    io,
    api,
    flags: parsed.flags,
    args: parsed.args,
    path,
    spec,
    out,
    err,
  });
}

/** Why the CLI cannot make an API client for its endpoint, if it cannot. */
function endpointError(cli: DockerCli): string | undefined {
  const ep = cli.endpoint();
  if (!ep.ok) return `unable to resolve docker endpoint: ${ep.error}`;
  const ssh = sshUrlError(ep.endpoint.Host);
  if (ssh) return `ssh host connection is not valid: invalid SSH URL: ${ssh}`;
  // Then client.ParseHostURL: a scheme with no address (`fd://`) makes no client.
  if (/^[a-z]+:\/\/$/.test(ep.endpoint.Host))
    return `unable to parse docker host \`${ep.endpoint.Host}\``;
  return undefined;
}

/** Keep control characters from reaching the terminal raw in an error message. */
function printable(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, (c) => `^${String.fromCharCode(c.charCodeAt(0) + 64)}`)
      .slice(0, 200)
  );
}
