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
import { STARTER_PROJECTS } from './starterProjects';
import { HOST_DIRECTORIES as HOST_TREE_DIRS } from '../kernel/hostDirs';

/** The learner's home directory: where a relative path in the page's shell points. */
export const HOME = '/home/learner';

/**
 * The directories of the learner's machine that hold the learner's files: a
 * file or directory may be made anywhere below them (other directories of the
 * host belong to root or are not simulated).
 */
const WRITABLE_DIRS = new Set([HOME, '/tmp']);

/** Whether `abs` is ~ or /tmp, or below them: where the learner's files live. */
const inLearnerArea = (abs: string): boolean =>
  [...WRITABLE_DIRS].some((d) => abs === d || abs.startsWith(`${d}/`));

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
  ...STARTER_PROJECTS.map(([path, text]): [string, string] => [`${HOME}/${path}`, text]),
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
  /** Directories made under ~ and /tmp (`mkdir`, `docker cp` of a directory); those holding a file need none. */
  readonly dirs = new Set<string>();

  constructor() {
    // bash starts in $HOME and keeps PWD in step with `cd`.
    this.state.cwd = HOME;
    this.state.vars.set('PWD', HOME);
    this.state.exported.add('PWD');
  }

  /** Whether a path of this machine is a directory: ~, /tmp, /, one made here, or one holding a file. */
  isDirectory(abs: string): boolean {
    if (WRITABLE_DIRS.has(abs) || abs === '/' || this.dirs.has(abs)) return true;
    const prefix = `${abs}/`;
    for (const f of this.files.keys()) if (f.startsWith(prefix)) return true;
    return false;
  }

  /** An absolute path, from one relative to the shell's working directory (~ until `cd`). */
  resolve(path: string): string {
    return normalizePath(path, this.state.cwd);
  }

  /** The entries of a directory of the learner's area, sorted as `ls` prints them (C locale). */
  entries(dir: string): string[] {
    const names = new Set<string>();
    const prefix = dir === '/' ? '/' : `${dir}/`;
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (!p.startsWith(prefix)) continue;
      const name = p.slice(prefix.length).split('/')[0];
      if (name) names.add(name);
    }
    return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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
  for (const w of parsed.warnings) terminal.write('stderr', `bash: warning: ${w}\n`);
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
      if (machine.isDirectory(abs)) return `bash: ${path}: Is a directory\n`;
      const parent = parentDir(abs);
      if (!inLearnerArea(parent))
        return `DockScope: ${path}: the learner's machine here has only ${HOME} and /tmp to write files into\n`;
      if (!machine.isDirectory(parent))
        return machine.files.has(parent) ||
          [...machine.files.keys()].some((f) => parent.startsWith(`${f}/`))
          ? `bash: ${path}: Not a directory\n`
          : `bash: ${path}: No such file or directory\n`;
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
      const abs = machine.resolve(path);
      const text = machine.files.get(abs);
      if (text !== undefined) return { text };
      // bash opens a directory for reading; the command's read then fails (cat: -: Is a directory).
      return machine.isDirectory(abs)
        ? { error: `bash: ${path}: Is a directory\n` }
        : { error: `bash: ${path}: No such file or directory\n` };
    },
    changeDirectory: (path) => {
      const abs = machine.resolve(path);
      if (machine.files.has(abs))
        return { error: `bash: cd: ${path}: Not a directory\n`, status: 1 };
      if (!inLearnerArea(abs) && !HOST_TREE_DIRS.has(abs))
        return {
          error: `DockScope: cd: ${path}: the learner's machine here has ${HOME}, /tmp and the host's top-level directories (${[...HOST_TREE_DIRS].filter((d) => d !== '/' && !inLearnerArea(d)).join(', ')})\n`,
          status: NOT_SIMULATED_STATUS,
        };
      if (!machine.isDirectory(abs) && !HOST_TREE_DIRS.has(abs))
        return { error: `bash: cd: ${path}: No such file or directory\n`, status: 1 };
      machine.state.cwd = abs;
      machine.state.vars.set('OLDPWD', machine.state.vars.get('PWD') ?? HOME);
      machine.state.exported.add('OLDPWD');
      machine.state.vars.set('PWD', abs);
      return undefined;
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
      case 'mkdir':
        return mkdir(args, out);
      case 'rm':
        return rm(args, out);
      case 'ls':
        return ls(args, out);
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
          machine.isDirectory(abs)
            ? `cat: ${a}: Is a directory\n`
            : `cat: ${a}: No such file or directory\n`,
        );
        status = 1;
      }
    }
    return status;
  }

  /** A coreutils option error: `invalid option -- 'z'` and the hint to --help (status 1). */
  function badOption(tool: string, args: string[], allowed: RegExp, out: Output): boolean {
    for (const a of args) {
      if (a === '--' || !a.startsWith('-') || a === '-') continue;
      const bad = a.startsWith('--') ? undefined : [...a.slice(1)].find((c) => !allowed.test(c));
      if (a.startsWith('--') || bad) {
        out.write(
          'stderr',
          a.startsWith('--')
            ? `DockScope simulates ${tool}'s short options here, not '${a}'\n`
            : `${tool}: invalid option -- '${bad}'\nTry '${tool} --help' for more information.\n`,
        );
        return true;
      }
    }
    return false;
  }

  /** Whether some file of the learner's stands where `abs` or a directory above it would be. */
  function fileOnTheWay(abs: string): boolean {
    for (let p = abs; p !== '/'; p = parentDir(p)) if (machine.files.has(p)) return true;
    return false;
  }

  /** GNU mkdir [-p] [-v]: directories under ~ and /tmp; elsewhere the host's are root's. */
  function mkdir(args: string[], out: Output): number {
    if (badOption('mkdir', args, /[pv]/, out)) return 1;
    const flags = args.filter((a) => /^-[pv]+$/.test(a)).join('');
    const paths = args.filter((a) => !/^-[pv]+$/.test(a) && a !== '--');
    if (paths.length === 0) {
      out.write('stderr', "mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
      return 1;
    }
    let status = 0;
    const fail = (p: string, why: string) => {
      out.write('stderr', `mkdir: cannot create directory ‘${p}’: ${why}\n`);
      status = 1;
    };
    for (const typed of paths) {
      const abs = machine.resolve(typed);
      if (!inLearnerArea(abs) || WRITABLE_DIRS.has(abs)) {
        if (WRITABLE_DIRS.has(abs) || HOST_TREE_DIRS.has(abs)) {
          if (!flags.includes('p')) fail(typed, 'File exists');
        } else if (HOST_TREE_DIRS.has(parentDir(abs))) fail(typed, 'Permission denied');
        else {
          out.write(
            'stderr',
            `DockScope: mkdir: ${typed}: the learner's machine here makes directories under ${HOME} and /tmp only\n`,
          );
          status = NOT_SIMULATED_STATUS;
        }
        continue;
      }
      if (machine.files.has(abs) || machine.isDirectory(abs)) {
        if (!flags.includes('p') || machine.files.has(abs)) fail(typed, 'File exists');
        continue;
      }
      const parent = parentDir(abs);
      if (fileOnTheWay(parent)) {
        // mkdir -p stops at the first component that is a file; plain mkdir names the whole path.
        let at = parent;
        while (!machine.files.has(at)) at = parentDir(at);
        const shown = flags.includes('p')
          ? typed.slice(0, typed.length - (abs.length - at.length))
          : typed;
        fail(shown, 'Not a directory');
        continue;
      }
      if (!machine.isDirectory(parent) && !flags.includes('p')) {
        fail(typed, 'No such file or directory');
        continue;
      }
      const made: string[] = [];
      for (let p = abs; !machine.isDirectory(p); p = parentDir(p)) made.unshift(p);
      for (const d of made) {
        machine.dirs.add(d);
        if (flags.includes('v')) {
          const shown = typed.slice(0, typed.length - (abs.length - d.length));
          out.write('stdout', `mkdir: created directory '${shown}'\n`);
        }
      }
    }
    return status;
  }

  /** GNU rm [-r|-R] [-f] [-d]: the learner's files and directories. */
  function rm(args: string[], out: Output): number {
    if (badOption('rm', args, /[rRfdv]/, out)) return 1;
    const flags = args.filter((a) => /^-[rRfdv]+$/.test(a)).join('');
    const paths = args.filter((a) => !/^-[rRfdv]+$/.test(a) && a !== '--');
    const force = flags.includes('f');
    const recursive = /[rR]/.test(flags);
    if (paths.length === 0) {
      if (force) return 0;
      out.write('stderr', "rm: missing operand\nTry 'rm --help' for more information.\n");
      return 1;
    }
    let status = 0;
    const fail = (p: string, why: string) => {
      out.write('stderr', `rm: cannot remove '${p}': ${why}\n`);
      status = 1;
    };
    for (const typed of paths) {
      const abs = machine.resolve(typed);
      const base = typed.replace(/\/+$/, '').split('/').at(-1);
      if (recursive && (base === '.' || base === '..')) {
        out.write('stderr', `rm: refusing to remove '.' or '..' directory: skipping '${typed}'\n`);
        status = 1;
        continue;
      }
      if (machine.files.has(abs)) {
        machine.files.delete(abs);
        // Its directory stays, empty or not.
        if (inLearnerArea(parentDir(abs))) machine.dirs.add(parentDir(abs));
        if (flags.includes('v')) out.write('stdout', `removed '${typed}'\n`);
        continue;
      }
      if (!machine.isDirectory(abs)) {
        if (!inLearnerArea(abs) && !HOST_TREE_DIRS.has(abs)) {
          out.write(
            'stderr',
            `DockScope: rm: ${typed}: the learner's machine here keeps files under ${HOME} and /tmp only\n`,
          );
          status = NOT_SIMULATED_STATUS;
        } else if (!force) fail(typed, 'No such file or directory');
        continue;
      }
      const inside = machine.entries(abs);
      if (!recursive && !(flags.includes('d') && inside.length === 0)) {
        fail(typed, flags.includes('d') ? 'Directory not empty' : 'Is a directory');
        continue;
      }
      const prefix = `${abs}/`;
      for (const f of [...machine.files.keys()]) if (f.startsWith(prefix)) machine.files.delete(f);
      for (const d of [...machine.dirs]) if (d.startsWith(prefix)) machine.dirs.delete(d);
      // ~, /tmp and the host's own directories are in directories owned by root.
      if (WRITABLE_DIRS.has(abs) || !inLearnerArea(abs)) {
        fail(typed, 'Permission denied');
        continue;
      }
      machine.dirs.delete(abs);
      if (flags.includes('v')) out.write('stdout', `removed directory '${typed}'\n`);
    }
    return status;
  }

  /** ls [-a] [-1] of the learner's files (the page without a host to ask); one name a line. */
  function ls(args: string[], out: Output): number {
    if (badOption('ls', args, /[a1]/, out)) return 2;
    const all = args.some((a) => /^-[1]*a/.test(a));
    const paths = args.filter((a) => !a.startsWith('-'));
    if (paths.length === 0) paths.push('.');
    let status = 0;
    for (const [i, typed] of paths.entries()) {
      const abs = machine.resolve(typed);
      if (machine.files.has(abs)) {
        out.write('stdout', `${typed}\n`);
        continue;
      }
      if (!machine.isDirectory(abs)) {
        out.write('stderr', `ls: cannot access '${typed}': No such file or directory\n`);
        status = 2;
        continue;
      }
      const names = machine.entries(abs).filter((n) => all || !n.startsWith('.'));
      if (all) names.unshift('.', '..');
      if (paths.length > 1) out.write('stdout', `${i > 0 ? '\n' : ''}${typed}:\n`);
      out.write('stdout', names.map((n) => `${n}\n`).join(''));
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
