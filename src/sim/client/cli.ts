import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import type { ClientState } from './clientMachine';
import { splitWords } from '../shell/words';
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
 * The docker CLI process for one typed line: split it like a shell, parse
 * global flags, find the command, parse its flags and arguments exactly as
 * docker/cli does (same errors, same exit codes), then run it.
 */
export function* runClientCommand(host: Host, line: string, io: CommandIo): Task<void> {
  commit(host.client, { type: 'command.started', id: io.id, line });
  let code = 1;
  try {
    code = yield* dispatch(host, line, io);
  } finally {
    endProcess(host, io, code);
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

function* dispatch(host: Host, line: string, io: CommandIo): Task<number> {
  const out = (t: string) => io.write('stdout', t);
  const err = (t: string) => io.write('stderr', t);
  const api = new ApiClient(host, io.id);
  const split = splitWords(line);
  if (!split.ok) {
    err(`bash: ${split.error}\nbash: syntax error: unexpected end of file\n`);
    return 2;
  }
  const words = split.words;
  if (words.length === 0) return 0;
  if (words[0] !== 'docker') {
    err(
      `bash: ${printable(words[0]!)}: command not found\nDockScope runs docker commands here: try 'docker --help' or 'docker run hello-world'.\n`,
    );
    return 127;
  }

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
