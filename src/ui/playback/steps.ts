import type { Message } from '../../sim/engine';
import { nodeIdOf } from '../diagram/nodeIds';

/**
 * One thing the learner steps over: a single message under the hood, or a
 * run of messages the overview level shows as one hop (`from` → `to`).
 * Steps cover the trace without gaps: each starts right after the previous
 * one ends. `from` and `to` are diagram nodes (nodeIdOf: `node-2/dockerd`).
 */
export interface Step {
  first: number;
  last: number;
  from: string;
  to: string;
}

/** How the trace is cut into steps at the current detail level. */
export interface Steps {
  /** The step holding message `seq` (1 ≤ seq ≤ trace length), or undefined. */
  at(seq: number): Step | undefined;
}

/** Under the hood: every message is its own step. */
export function messageSteps(trace: readonly Message[]): Steps {
  return {
    at(seq) {
      const m = trace[seq - 1];
      return m
        ? {
            first: seq,
            last: seq,
            from: nodeIdOf(m.fromHost, m.from),
            to: nodeIdOf(m.toHost, m.to),
          }
        : undefined;
    },
  };
}

/**
 * Where "step forward" goes from `cursor`: the end of the next step (the
 * cursor may sit inside a step after a level switch: then to that step's end).
 */
export function nextStop(cursor: number, steps: Steps, length: number): number {
  if (cursor >= length) return length;
  const step = steps.at(Math.max(1, cursor + 1));
  return step ? Math.min(length, Math.max(cursor + 1, step.last)) : cursor + 1;
}

/** Where "step back" goes from `cursor`: the end of the step before the one it is in. */
export function previousStop(cursor: number, steps: Steps, length: number): number {
  const at = Math.min(cursor, length);
  if (at <= 0) return 0;
  const step = steps.at(at);
  return step ? Math.max(0, Math.min(at - 1, step.first - 1)) : at - 1;
}

/** Keep a seek target inside the trace (anything not a number lands at the start). */
export function clampSeq(seq: number, length: number): number {
  if (!Number.isFinite(seq)) return 0;
  return Math.max(0, Math.min(length, Math.floor(seq)));
}

/**
 * Where "replay the last command" starts: just before the first message of
 * the newest command that sent any, or null when none has.
 */
export function lastCommandStart(
  trace: readonly Message[],
  firstSeqOf: (commandId: number) => number | undefined,
): number | null {
  // Ids grow with each command, so the newest command is the highest id in the trace
  // (an older attached command may have sent the very last messages).
  let newest = -1;
  let first = 0;
  for (const m of trace) {
    if (m.commandId === undefined || m.commandId < newest) continue;
    if (m.commandId > newest) first = m.seq;
    newest = m.commandId;
  }
  if (newest < 0) return null;
  return Math.max(0, (firstSeqOf(newest) || first) - 1);
}
