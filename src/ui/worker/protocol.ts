import type {
  CommandResult,
  EngineOptions,
  HostChange,
  OutputChunk,
  SessionInput,
} from '../../sim/engine';
import type { PackedMessages } from '../../sim/core/traceStore';
import type { DaemonSetup } from '../../sim/host';
import type { ComponentId } from '../../sim/core/types';

/**
 * What crosses the boundary between the page and the engine's Web Worker. Every
 * value here is plain data (structured-clone friendly): no classes, no functions.
 * New trace messages cross packed, as the engine keeps them (traceStore.ts): their
 * numeric columns in typed arrays whose buffers are transferred, not copied, and the
 * page's mirror keeps them so, making a `Message` only when one is read.
 *
 * The page sends requests; the worker answers each one with one `EngineUpdate`,
 * in the order they were sent. The engine is deterministic, so the page's mirror
 * built from the updates is the same as the engine's own trace and history.
 */
export type EngineRequest =
  /** A new engine with these options that has had `inputs` done to it (first command, reload, lesson, reset). */
  | {
      type: 'start';
      options: Pick<EngineOptions, 'seed' | 'tty' | 'columns'>;
      inputs: SessionInput[];
    }
  /** One entry of the input log: a command line, Ctrl-C, typed stdin, Ctrl-D, time passing. */
  | { type: 'input'; input: SessionInput }
  /** Tab completion of the line before the cursor (needs the command table, which only the worker loads). */
  | { type: 'complete'; line: string };

/**
 * A command whose result changed: its fixed fields as they are now, and only the output
 * chunks the page has not had yet (an attached container's output grows for a long time).
 */
export interface ResultDelta {
  id: number;
  command: string;
  exitCode: number | null;
  firstSeq: number;
  lastSeq: number;
  /** Index in the command's output of the first chunk in `output`. */
  from: number;
  output: OutputChunk[];
}

/** One dockerd: the machine it runs on and its component id there. */
export interface DaemonRef {
  machine: string;
  id: ComponentId;
}

/** The answer to one request: everything that changed because of it. */
export interface EngineUpdate {
  /** Set on the answer to a `start`: the mirror starts over (the messages are then the whole trace). */
  fresh?: boolean;
  /** New trace messages, in seq order, after the ones sent before (absent: none). */
  messages?: PackedMessages;
  /**
   * On the answer to a `start`: every dockerd of the world, each machine's first first (a
   * machine may run a second one, `dockerd-bootstrap` on `local`).
   */
  daemons?: DaemonRef[];
  /** New changes to each dockerd's objects (by its address, `dockerd`, `node-2/dockerd`), in order. */
  changes: Record<string, HostChange[]>;
  /** The engine's simulated clock (ms): the time of `view()`. */
  now: number;
  /** Commands still attached to a container. */
  attached: number[];
  results: ResultDelta[];
  /** The answer to a `complete`. */
  completions?: string[];
  /** The engine refused or failed the request (the mirror still gets what did change). */
  error?: string;
}

/** The worker's first message: its engine code has loaded. */
export interface EngineHello {
  type: 'hello';
  /** The world's Docker Engine machines, the learner's own first: the diagram draws them before any command. */
  hosts: DaemonSetup[];
}

/**
 * The worker could not send an answer (it could not be cloned): the page's mirror would
 * miss part of the trace, so the engine is given up rather than shown wrong.
 */
export interface EngineFailed {
  type: 'failed';
  reason: string;
}

/** Everything the worker posts. */
export type WorkerMessage = EngineHello | EngineFailed | ({ type: 'update' } & EngineUpdate);

export type { CommandResult };
