import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import type { ApiClient } from './api';
import type { FlagValues } from './flags';
import type { DockerCli } from './dockerCli';
import type { LearnerMachine } from '../shell/learnerShell';

/** The terminal side of one running `docker` process. */
export interface CommandIo {
  id: number;
  tty: boolean;
  columns: number;
  /** The docker process's environment: the shell's exported variables and `NAME=value` prefixes. */
  env?: ReadonlyMap<string, string>;
  write(stream: 'stdout' | 'stderr', text: string): void;
  exited(code: number): void;
  /** What the shell connected to the process's stdin (a pipe or `<`); absent: the terminal. */
  stdinText?: string;
  /** Set by a command that wants Ctrl-C (an attached `docker run`). */
  onInterrupt?: () => void;
  /** Set by a command that reads the terminal (`docker run -i`). */
  onStdin?: (text: string) => void;
  /** Ctrl-D: end of input for such a command. */
  onStdinEnd?: () => void;
}

export interface CommandContext {
  host: Host;
  /** The learner's machine: the files the CLI reads and writes (config.json, contexts, certificates). */
  machine: LearnerMachine;
  /** The context and endpoint this docker process works out from its flags, environment and config. */
  cli: DockerCli;
  io: CommandIo;
  api: ApiClient;
  flags: FlagValues;
  args: string[];
  /** As typed: `docker container ls`, `docker ps`. */
  path: string;
  spec: CommandSpec;
  out(text: string): void;
  err(text: string): void;
}

export type ArgRule =
  | { kind: 'none' }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number }
  | { kind: 'exact'; n: number }
  /** cli.RequiresRangeArgs (obs: `docker port`). */
  | { kind: 'range'; min: number; max: number }
  | { kind: 'any' };

/**
 * One docker CLI command, Learn-Git-Branching style: its forms, the help
 * text it prints (data captured from the real CLI), its argument rule, the
 * flags DockScope simulates, and what it does.
 */
export interface CommandSpec {
  /** Key of its help text in data/help.json, e.g. `container ls`. */
  help: string;
  /** Every way to type it: `container ls`, `container list`, `container ps`, `ps`. */
  forms: string[];
  args: ArgRule;
  /** Flags stop at the first argument (run, create: the rest is the container's command). */
  stopAtFirstArg?: boolean;
  /** The real CLI pings before it reports a bad flag of this command (run, create). */
  pingBeforeFlags?: boolean;
  /**
   * The real CLI pings before anything else, help and argument errors too (observed with
   * CLI 28.2.2 for `docker network …`: the group's commands carry version annotations).
   */
  pingsFirst?: boolean;
  /** The CLI answers it from its own files: no daemon, no request (`docker context …`). */
  daemonless?: boolean;
  /**
   * (obs) A check the real CLI makes before it connects (run/create's validatePullOpt):
   * the text it prints and its exit code, or undefined to go on.
   */
  precheck?(flags: FlagValues, path: string): { text: string; code: number } | undefined;
  /** Flags DockScope carries out; other real flags get a clear "not simulated" line. */
  simulated: string[];
  execute(ctx: CommandContext): Task<number>;
}
