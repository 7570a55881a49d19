import { normalizePath, parentDir } from './paths';
import { sleep, type Task } from '../core/scheduler';
import { parseScript } from './syntax';
import { syntaxErrorText } from './syntaxErrors';
import {
  Interpreter,
  NOT_SIMULATED_STATUS,
  ShellState,
  type CommandStreams,
  type Output,
  type ShellHost,
} from './interpreter';
import { echoBuiltin, printfBuiltin } from './textBuiltins';
import type { CallSpec, Reply } from '../core/network';
import { HOST_COMMANDS } from './hostPrograms';
import { LEARNER_UID } from '../kernel/hostView';
import { INSTALLED_PROGRAMS } from './installedPrograms';

/** The learner's home directory: where a relative path in the page's shell points. */
export const HOME = '/home/learner';

/**
 * Directories of the learner's machine a file may be written into. A later
 * issue grows this into a working directory (`cd`, `ls`, an editor).
 */
const WRITABLE_DIRS = new Set([HOME, '/tmp']);

/**
 * A stand-in PEM file: a real one holds a base64 DER certificate or key.
 * DockScope does no cryptography; the handshake is one message.
 */
const pem = (kind: string, what: string): string =>
  `-----BEGIN ${kind}-----\nDockScope stand-in: ${what}. No real key material is simulated.\n-----END ${kind}-----\n`;

/**
 * Files the learner's machine starts with. A stated DockScope simplification:
 * the TLS client files `docker --tlsverify` reads by default are already in
 * ~/.docker, as if an administrator had made a CA, signed a certificate for
 * node-3's dockerd and one for the learner, and copied the learner's here.
 */
const PREINSTALLED: [string, string][] = [
  [
    `${HOME}/.docker/ca.pem`,
    pem('CERTIFICATE', "the CA that signed the daemons' and the learner's certificates"),
  ],
  [
    `${HOME}/.docker/cert.pem`,
    pem('CERTIFICATE', "the learner's client certificate, signed by that CA"),
  ],
  [`${HOME}/.docker/key.pem`, pem('PRIVATE KEY', "the learner's private key")],
];

/** The docker CLI, as the page's shell starts it: argv after `docker`, and its streams. */
export type DockerProcess = (
  args: string[],
  out: Output,
  toTerminal: boolean,
  env: ReadonlyMap<string, string>,
  /** What the shell connected to its stdin (a pipe or `<`); undefined: the terminal. */
  stdin?: string,
) => Task<number>;

/**
 * The learner's machine behind the page's terminal: bash's variables and `$?`,
 * and a few files written with `>` (deterministic, rebuilt by replaying the
 * typed lines like everything else).
 */
export class LearnerMachine {
  /** `$$`: a fixed PID for the simulated interactive bash. */
  readonly state = new ShellState(4242, [
    `HOME=${HOME}`,
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'USER=learner',
    'SHELL=/bin/bash',
  ]);
  readonly files = new Map<string, string>(PREINSTALLED);
  /** Directories made under ~ and /tmp (by `docker cp` of a directory); those holding a file need none. */
  readonly dirs = new Set<string>();

  /** Whether a path of this machine is a directory: ~, /tmp, /, one made here, or one holding a file. */
  isDirectory(abs: string): boolean {
    if (WRITABLE_DIRS.has(abs) || abs === '/' || this.dirs.has(abs)) return true;
    const prefix = `${abs}/`;
    for (const f of this.files.keys()) if (f.startsWith(prefix)) return true;
    return false;
  }

  /** An absolute path, from one relative to the home directory. */
  resolve(path: string): string {
    return normalizePath(path, HOME);
  }
}

/**
 * Run one line typed into the page's terminal as bash would: parse it whole
 * first (a syntax error runs nothing and changes nothing, status 2), then
 * run its commands. `docker` starts the CLI; bash's own builtins and a few
 * everyday programs work on the learner's machine; anything else is named.
 *
 * @example
 * yield* runTypedLine(machine, 'docker run -d --name a nginx && docker ps -q', out, docker)
 */
export function* runTypedLine(
  machine: LearnerMachine,
  line: string,
  terminal: Output,
  docker: DockerProcess,
  options: {
    cancelled?: () => boolean;
    passTime?: (ms: number) => void;
    /** `curl` on the learner's machine (the docker host), when the page has a host to reach. */
    curl?: HostProgram;
    // ── host: the host's own programs (ps, ip, ls, cat, lsns, sudo…) reach the kernel through this ──
    /** A request from the learner's bash to a component of this machine (the kernel). */
    hostCall?: (spec: CallSpec) => Task<Reply>;
    /** The host's boot time (ms since 1970), for ps's start times. */
    epoch?: number;
    /** ── daemon: systemctl, journalctl, sudo and tee on the docker host ── */
    serviceTools?: ServiceTools;
  } = {},
): Task<number> {
  const host = learnerHost(machine, terminal, docker, options);
  const parsed = parseScript(line);
  if (!parsed.ok) {
    terminal.write('stderr', syntaxErrorText(parsed.problem, host));
    const status = parsed.problem.kind === 'unsupported' ? NOT_SIMULATED_STATUS : 2;
    machine.state.status = status;
    return status;
  }
  const sh = new Interpreter(machine.state, host);
  const status = yield* sh.run(parsed.script, terminal);
  if (sh.exited) {
    terminal.write(
      'stderr',
      'DockScope: the terminal on this page stays open; `exit` only ends a shell inside a container.\n',
    );
  }
  return status;
}

/** A program of the learner's machine that the engine carries out (it reaches the simulated host). */
export type HostProgram = (args: string[], out: Output, toTerminal: boolean) => Task<number>;

/**
 * The host's service tools (daemon: systemctl, journalctl, tee): the program for
 * `argv`, or undefined when `argv` names another; `root` when the host's sudo runs it.
 */
export type ServiceTools = (
  argv: string[],
  streams: CommandStreams,
  root: boolean,
) => Task<number> | undefined;

function learnerHost(
  machine: LearnerMachine,
  terminal: Output,
  docker: DockerProcess,
  options: {
    cancelled?: () => boolean;
    passTime?: (ms: number) => void;
    /** `curl` on the learner's machine (the docker host), when the page has a host to reach. */
    curl?: HostProgram;
    // ── host: the host's own programs (ps, ip, ls, cat, lsns, sudo…) reach the kernel through this ──
    /** A request from the learner's bash to a component of this machine (the kernel). */
    hostCall?: (spec: CallSpec) => Task<Reply>;
    /** The host's boot time (ms since 1970), for ps's start times. */
    epoch?: number;
    serviceTools?: ServiceTools;
  },
): ShellHost {
  const host: ShellHost = {
    dialect: 'bash',
    name: 'bash',
    cancelled: options.cancelled,
    exec: (argv, streams) => program(argv, streams),
    openOutput: (path, append) => {
      const abs = machine.resolve(path);
      // ── daemon: /etc belongs to root; the learner's bash is not root (sudo tee is) ──
      if (abs.startsWith('/etc/')) return `bash: ${path}: Permission denied\n`;
      if (machine.isDirectory(abs) && !WRITABLE_DIRS.has(abs) && abs !== '/')
        return `bash: ${path}: Is a directory\n`;
      if (!WRITABLE_DIRS.has(parentDir(abs)) && !machine.dirs.has(parentDir(abs))) {
        return WRITABLE_DIRS.has(abs)
          ? `bash: ${path}: Is a directory\n`
          : `DockScope: ${path}: the learner's machine here has only ${HOME} and /tmp to write files into\n`;
      }
      if (!append || !machine.files.has(abs)) machine.files.set(abs, '');
      return undefined;
    },
    appendFile: (path, text) => {
      const abs = machine.resolve(path);
      machine.files.set(abs, (machine.files.get(abs) ?? '') + text);
    },
    fileKind: (path) => {
      const abs = machine.resolve(path);
      if (machine.isDirectory(abs)) return 'directory';
      const text = machine.files.get(abs);
      return text === undefined ? undefined : text === '' ? 'empty' : 'file';
    },
    readFile: (path) => {
      const text = machine.files.get(machine.resolve(path));
      return text === undefined
        ? { error: `bash: ${path}: No such file or directory\n` }
        : { text };
    },
  };

  function* program(
    argv: string[],
    streams: CommandStreams,
    uid: number = LEARNER_UID,
  ): Task<number> {
    const { out, stdin, env } = streams;
    const [name = '', ...args] = argv;
    // ── daemon: systemctl, journalctl, tee (as root under the host's sudo) ──
    const tool = options.serviceTools?.(argv, streams, uid === 0);
    if (tool) return yield* tool;
    // ── host: a program of the Docker host itself (hostPrograms.ts), when the page has a host ──
    const hostCommand = options.hostCall ? HOST_COMMANDS.get(name) : undefined;
    if (hostCommand && options.hostCall) {
      const call = options.hostCall;
      return yield* hostCommand({
        name,
        args,
        out,
        stdin,
        uid,
        files: machine.files,
        dirs: machine.dirs,
        resolve: (path) => machine.resolve(path),
        call: <B>(spec: CallSpec) => call(spec) as Task<Reply<B>>,
        run: (next, as) => program(next, { out, stdin, env }, as),
        epoch: options.epoch ?? 0,
      });
    }
    switch (name) {
      case 'docker':
        return yield* docker(args, out, out === terminal, env, stdin);
      case 'echo':
        return echoBuiltin(args, out);
      case 'printf':
        return printfBuiltin(args, out, 'bash');
      case 'cat':
        return cat(args, out, stdin);
      case 'pwd':
        out.write('stdout', `${HOME}\n`);
        return 0;
      case 'sleep':
        return yield* sleepFor(args, out);
      case 'clear':
        out.write('stdout', '\x1b[H\x1b[2J\x1b[3J');
        return 0;
      case 'curl':
        if (options.curl) return yield* options.curl(args, out, out === terminal);
    }
    if (INSTALLED_PROGRAMS.has(name)) {
      out.write(
        'stderr',
        `DockScope: '${name}' is a real program on a Linux machine, but this page's terminal does not simulate it; it runs docker, echo, printf, cat, sleep, export, the shell's operators${options.hostCall ? `, and on the host ${[...HOST_COMMANDS.keys()].join(', ')}` : ''}.\n`,
      );
      return NOT_SIMULATED_STATUS;
    }
    // Under sudo, sudo itself looks the program up.
    out.write(
      'stderr',
      uid === 0
        ? `sudo: ${printable(name)}: command not found\n`
        : `bash: ${printable(name)}: command not found\n`,
    );
    return uid === 0 ? 1 : 127;
  }

  function cat(args: string[], out: Output, stdin: string | undefined): number {
    if (args.length === 0) {
      out.write('stdout', stdin ?? '');
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const abs = machine.resolve(a);
      const text = machine.files.get(abs);
      if (text !== undefined) out.write('stdout', text);
      else {
        out.write(
          'stderr',
          WRITABLE_DIRS.has(abs)
            ? `cat: ${a}: Is a directory\n`
            : `cat: ${a}: No such file or directory\n`,
        );
        status = 1;
      }
    }
    return status;
  }

  /** GNU sleep: seconds with an optional s/m/h/d suffix; simulated time passes, the diagram keeps moving. */
  function* sleepFor(args: string[], out: Output): Task<number> {
    if (args.length === 0) {
      out.write('stderr', "sleep: missing operand\nTry 'sleep --help' for more information.\n");
      return 1;
    }
    if (args.some((a) => /^inf(inity)?$/i.test(a))) {
      out.write(
        'stderr',
        'DockScope: sleep infinity would hold this terminal for ever; the page does not simulate that\n',
      );
      return NOT_SIMULATED_STATUS;
    }
    let ms = 0;
    for (const a of args) {
      const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
      if (!m) {
        out.write(
          'stderr',
          `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`,
        );
        return 1;
      }
      const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
      ms += Number(m[1]) * unit * 1000;
    }
    options.passTime?.(ms);
    yield* sleep(ms);
    return 0;
  }

  return host;
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
