import type { Task } from '../core/scheduler';
import { ShellExit, specialBuiltin } from './specialBuiltins';
import type { AndOr, Part, Pipeline, Redirect, Script, SimpleCommand, Word } from './syntax';

export type Stream = 'stdout' | 'stderr';

/** Where a command's two output streams go. */
export interface Output {
  write(stream: Stream, text: string): void;
}

/** What one command is run with, after the shell has done its expansions and redirections. */
export interface CommandStreams {
  out: Output;
  /** Text on stdin from a pipe or `<`; undefined: the shell's own stdin. */
  stdin?: string;
  /** The environment the program gets: exported variables plus `NAME=value` prefixes. */
  env: Map<string, string>;
  /**
   * The shell execs this program in its own place instead of forking: the
   * last command of `sh -c` in BusyBox ash (evalstring passes EV_EXIT once
   * the parser is at the end of the string).
   */
  exec?: boolean;
}

/** Which shell is speaking: its error wording and `export -p` format differ. */
export type Dialect = 'bash' | 'ash' | 'dash';

/**
 * What a particular shell provides around the common language: its programs
 * (docker on the learner's machine; BusyBox or coreutils in a container) and
 * its files (the learner's machine, or the container's root filesystem).
 */
export interface ShellHost {
  readonly dialect: Dialect;
  /** `$0` and the prefix of the shell's own error lines (`bash`, `sh`). */
  readonly name: string;
  /** Run a program or a host builtin; `argv[0]` is never empty. */
  exec(argv: string[], streams: CommandStreams): Task<number>;
  /** Open a file for `>` (truncate) or `>>`: an error line to print, or undefined. */
  openOutput(path: string, append: boolean): string | undefined;
  /** Append to a file opened with `openOutput`. */
  appendFile(path: string, text: string): void;
  /** Read a file for `<`. */
  readFile(path: string): { text: string } | { error: string };
  /** Checked before each command: a line stopped with Ctrl-C runs nothing more. */
  cancelled?(): boolean;
  /**
   * `cd`: make `path` the working directory (an error line and status when it
   * cannot). A host without it has no `cd` builtin.
   */
  changeDirectory?(path: string): { error: string; status: number } | undefined;
  /** `test -e/-f/-d/-s PATH`: what the host's files say. */
  fileKind(path: string): 'file' | 'empty' | 'directory' | undefined;
}

/** A shell's variables and the status of the last command (`$?`). */
export class ShellState {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  status = 0;
  /** The working directory, for shells that have `cd`. */
  cwd = '/';
  constructor(
    /** `$$`. */
    readonly pid: number,
    env: readonly string[] = [],
  ) {
    for (const e of env) {
      const eq = e.indexOf('=');
      if (eq <= 0) continue;
      this.vars.set(e.slice(0, eq), e.slice(eq + 1));
      this.exported.add(e.slice(0, eq));
    }
  }

  /** The exported variables, as a program's environment. */
  environment(): Map<string, string> {
    const env = new Map<string, string>();
    for (const name of this.exported) {
      const v = this.vars.get(name);
      if (v !== undefined) env.set(name, v);
    }
    return env;
  }
}

/**
 * The exit status DockScope uses when a valid command is something it does not
 * simulate (a background job, an `if`): 1, a plain failure. Not 127, which
 * would say the command does not exist, nor 2, which says the input was wrong.
 */
export const NOT_SIMULATED_STATUS = 1;

/**
 * Runs a parsed script: lists, `&&`/`||`, pipelines (each command's output
 * collected, then given to the next as its input: enough for programs that
 * end), assignments, `export`, redirections and word expansion. Programs are
 * the host's; this knows only the language.
 *
 * @example
 * const sh = new Interpreter(new ShellState(1), host);
 * yield* sh.run(parseScript('X=1; echo $X').script, out); // host.exec(['echo','1'], …)
 */
export class Interpreter {
  constructor(
    readonly state: ShellState,
    readonly host: ShellHost,
  ) {}

  /** Run a script; returns its status (also left in `$?`), or the code given to `exit`. */
  *run(script: Script, out: Output): Task<number> {
    try {
      return yield* this.list(script, out);
    } catch (e) {
      if (e instanceof ShellExit) {
        this.state.status = e.code;
        return e.code;
      }
      throw e;
    }
  }

  /** Whether the last `run` ended with `exit` (set by the `exit` builtin). */
  exited = false;

  /** The command run by exec rather than fork (see `lastCommand`), if any. */
  private execTarget: SimpleCommand | undefined;

  /**
   * Run `sh -c`'s script as BusyBox ash does: its last command, when that is
   * one plain program (not `&`, not a pipeline, not negated, the last of an
   * && / || chain), replaces the shell instead of running as its child.
   */
  *runExecLast(script: Script, out: Output): Task<number> {
    const last = script.at(-1);
    const pipe = last && !last.background ? (last.rest.at(-1)?.pipeline ?? last.first) : undefined;
    this.execTarget =
      pipe && !pipe.negated && pipe.commands.length === 1 ? pipe.commands[0] : undefined;
    return yield* this.run(script, out);
  }

  private *list(script: Script, out: Output): Task<number> {
    for (const item of script) yield* this.andOr(item, out);
    return this.state.status;
  }

  private *andOr(item: AndOr, out: Output): Task<void> {
    if (item.background) {
      out.write(
        'stderr',
        'DockScope: this shell does not simulate background jobs (`&`) yet; run the command without it\n',
      );
      this.state.status = NOT_SIMULATED_STATUS;
      return;
    }
    let status = yield* this.pipeline(item.first, out);
    for (const { op, pipeline } of item.rest) {
      if ((op === '&&') !== (status === 0)) continue;
      status = yield* this.pipeline(pipeline, out);
    }
    this.state.status = status;
  }

  private *pipeline(p: Pipeline, out: Output): Task<number> {
    let input: string | undefined;
    let status = 0;
    for (const [i, cmd] of p.commands.entries()) {
      const last = i === p.commands.length - 1;
      let captured = '';
      const target: Output = last
        ? out
        : {
            write: (stream, text) =>
              stream === 'stdout' ? (captured += text) : out.write(stream, text),
          };
      status = yield* this.simple(cmd, target, input);
      input = captured;
    }
    if (p.negated) status = status === 0 ? 1 : 0;
    this.state.status = status;
    return status;
  }

  private *simple(cmd: SimpleCommand, out: Output, stdin: string | undefined): Task<number> {
    if (this.host.cancelled?.()) return 130;
    this.forward = (stream, text) => out.write(stream, text);
    const argv: string[] = [];
    for (const w of cmd.words) argv.push(...(yield* this.fields(w)));
    const prefix = new Map<string, string>();
    for (const a of cmd.assigns) prefix.set(a.name, yield* this.string(a.value));
    const redirected = yield* this.redirect(cmd.redirects, out, stdin);
    if ('status' in redirected) return redirected.status;
    if (argv.length === 0) {
      // `X=1` alone sets a shell variable; its status is that of the last `$(…)` in it.
      for (const [k, v] of prefix) this.state.vars.set(k, v);
      return cmd.assigns.length > 0 ? this.state.status : 0;
    }
    const builtin = specialBuiltin(argv, redirected.out, this);
    if (builtin !== undefined) return builtin;
    const env = this.state.environment();
    for (const [k, v] of prefix) env.set(k, v);
    return yield* this.host.exec(argv, {
      out: redirected.out,
      stdin: redirected.stdin,
      env,
      exec: cmd === this.execTarget,
    });
  }

  /**
   * The status of a command whose file could not be opened: dash's
   * redirectsafe returns setjmp()*2, BusyBox ash dropped the *2 (its comment:
   * the result "should be 1, not 2"), bash returns 1.
   */
  private redirectFailure(): number {
    return this.host.dialect === 'dash' ? 2 : 1;
  }

  /** Apply `>`, `>>`, `<`, `<<`, `>&2`, `2>&1` in order; a file that cannot be opened fails the command. */
  private *redirect(
    redirects: Redirect[],
    out: Output,
    stdin: string | undefined,
  ): Task<{ out: Output; stdin: string | undefined } | { status: number }> {
    if (redirects.length === 0) return { out, stdin };
    const sinks: Record<1 | 2, (text: string) => void> = {
      1: (t) => out.write('stdout', t),
      2: (t) => out.write('stderr', t),
    };
    for (const r of redirects) {
      if (r.op === '<<') {
        // A here-document: its text (already expanded, no tilde) is the command's stdin.
        let text = '';
        for (const part of r.target.parts) text += yield* this.partValue(part);
        stdin = text;
        continue;
      }
      const target = yield* this.string(r.target);
      if (r.op === '<') {
        const read = this.host.readFile(target);
        if ('error' in read) {
          out.write('stderr', read.error);
          return { status: this.redirectFailure() };
        }
        stdin = read.text;
        continue;
      }
      if (r.fd !== 1 && r.fd !== 2) continue; // other descriptors: nothing here writes to them
      if (r.op === '>&' || r.op === '<&') {
        if (target !== '1' && target !== '2') {
          out.write('stderr', `${this.host.name}: ${target}: Bad file descriptor\n`);
          return { status: 1 };
        }
        sinks[r.fd] = sinks[Number(target) as 1 | 2];
        continue;
      }
      const error = this.host.openOutput(target, r.op === '>>');
      if (error) {
        out.write('stderr', error);
        return { status: this.redirectFailure() };
      }
      sinks[r.fd] = (t) => this.host.appendFile(target, t);
    }
    const { 1: toOut, 2: toErr } = sinks;
    return {
      out: { write: (stream, text) => (stream === 'stdout' ? toOut : toErr)(text) },
      stdin,
    };
  }

  /** A word expanded into fields: unquoted expansions split on blanks. */
  private *fields(word: Word): Task<string[]> {
    const fields: string[] = [];
    let current = '';
    let has = false;
    for (const part of this.tilde(word)) {
      const value = yield* this.partValue(part);
      if (part.kind === 'text' || part.quoted) {
        current += value;
        has ||= part.quoted || value !== '';
        continue;
      }
      value.split(/[ \t\n]+/).forEach((piece, i) => {
        if (i > 0) {
          if (has) fields.push(current);
          current = '';
          has = false;
        }
        if (piece) {
          current += piece;
          has = true;
        }
      });
    }
    if (has) fields.push(current);
    return fields;
  }

  /** A word expanded to one string (assignments, redirection targets). */
  private *string(word: Word): Task<string> {
    let s = '';
    for (const part of this.tilde(word)) s += yield* this.partValue(part);
    return s;
  }

  /**
   * Tilde expansion: an unquoted `~` that starts a word, alone or before `/`,
   * becomes $HOME (`~/.docker/config.json`). `~user` is left as typed.
   */
  private tilde(word: Word): readonly Part[] {
    const first = word.parts[0];
    if (first?.kind !== 'text' || first.quoted || !/^~(\/|$)/.test(first.text)) return word.parts;
    const home = this.param('HOME');
    return [{ ...first, text: home + first.text.slice(1) }, ...word.parts.slice(1)];
  }

  private *partValue(part: Part): Task<string> {
    switch (part.kind) {
      case 'text':
        return part.text;
      case 'param':
        return this.param(part.name);
      case 'command': {
        let captured = '';
        const sub = new Interpreter(this.state, this.host);
        yield* sub.run(part.script, {
          write: (stream, text) =>
            stream === 'stdout' ? (captured += text) : this.forward(stream, text),
        });
        return captured.replace(/\n+$/, '');
      }
    }
  }

  /** Where `$(…)`'s stderr goes: the terminal of the command around it. */
  forward: (stream: Stream, text: string) => void = () => {};

  private param(name: string): string {
    switch (name) {
      case '?':
        return String(this.state.status);
      case '$':
        return String(this.state.pid);
      case '#':
        return '0';
      case '0':
        return this.host.name;
      case '!':
      case '@':
      case '*':
      case '-':
        return '';
      default:
        return this.state.vars.get(name) ?? '';
    }
  }
}
