import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import type { ClientState } from './clientMachine';
import { runTypedLine, type LearnerMachine } from '../shell/learnerShell';
import type { Output } from '../shell/interpreter';
import { ApiClient, CLIENT_VERSION } from './api';
import type { ArgRule, CommandIo, CommandSpec } from './command';
import { isOn, parseFlags } from './flags';
import { MANAGEMENT, REAL_COMMANDS, lookupCommand } from './commandTable';
import { HELP, flagsOf } from './help';

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
      (args, out, toTerminal, env) => dockerProcess(host, args, io, out, toTerminal, env),
      {
        // Ctrl-C that ended the line (no container to forward it to) stops what follows.
        cancelled: () => contextOf<ClientState>(host.client).commands[io.id]?.status === 'exited',
        passTime,
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
  args: string[],
  io: CommandIo,
  out: Output,
  toTerminal: boolean,
  env: ReadonlyMap<string, string>,
): Task<number> {
  const proc: CommandIo = {
    id: io.id,
    tty: io.tty && toTerminal,
    columns: io.columns,
    env,
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
    return yield* dispatch(host, args, proc);
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
function* dispatch(host: Host, args: string[], io: CommandIo): Task<number> {
  const out = (t: string) => io.write('stdout', t);
  const err = (t: string) => io.write('stderr', t);
  const api = new ApiClient(host, io.id);
  const words = ['docker', ...args];

  const root = parseFlags(words.slice(1), flagsOf(''), false);
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
  const unsupportedGlobal = [
    'host',
    'context',
    'tls',
    'tlsverify',
    'tlscacert',
    'tlscert',
    'tlskey',
    'config',
  ].find((f) => root.flags[f]);
  if (unsupportedGlobal) {
    err(
      `DockScope: the global flag --${unsupportedGlobal} is real, but DockScope simulates one local daemon and does not model it yet.\n`,
    );
    return 1;
  }

  // The CLI reads these from its environment as it reads the global flags.
  const unsupportedEnv = [
    'DOCKER_HOST',
    'DOCKER_CONTEXT',
    'DOCKER_TLS_VERIFY',
    'DOCKER_CERT_PATH',
    'DOCKER_CONFIG',
  ].find((v) => io.env?.get(v));
  if (unsupportedEnv) {
    err(
      `DockScope: the environment variable ${unsupportedEnv} is real, but DockScope simulates one local daemon and does not model it yet.\n`,
    );
    return 1;
  }

  const found = lookupCommand(rest);
  if (!found) {
    const head = rest[0]!;
    const pair = rest.slice(0, 2).join(' ');
    const onlyHelp = rest.slice(1).every((a) => a === '--help' || a === '-h');
    if (MANAGEMENT.includes(head) && onlyHelp && HELP[head]) {
      yield* api.ping();
      out(HELP[head]!);
      return 0;
    }
    // A group whose help DockScope holds (container, image) has all its real subcommands in
    // the table, so another word there is an unknown command, as the real CLI says.
    const knownGroup = MANAGEMENT.includes(head) && !!HELP[head];
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
  // run and create connect before they check ports and the image reference.
  if (spec.pingBeforeFlags) yield* api.ping();
  return yield* spec.execute({
    host,
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

/** Keep control characters from reaching the terminal raw in an error message. */
function printable(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, (c) => `^${String.fromCharCode(c.charCodeAt(0) + 64)}`)
      .slice(0, 200)
  );
}
