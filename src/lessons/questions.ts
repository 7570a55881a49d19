/**
 * The question bank, and how to find the message that proves an answer.
 * No engine here, so the page can load it at once; replays are in replay.ts.
 */
import type { Message } from '../sim/core/types';
import { API_QUESTIONS } from './content/questionsApi';
import { RUNTIME_QUESTIONS } from './content/questionsRuntime';
import { VOLUME_QUESTIONS } from './content/volumes';
import { NETWORK_QUESTIONS } from './content/networks';
import { EXEC_QUESTIONS } from './content/questionsExec';
// ── host ──
import { HOST_QUESTIONS } from './content/hostView';
import { FAULT_QUESTIONS } from './content/questionsFaults';
import { LIFECYCLE_QUESTIONS } from './content/lifecycle';
// ── obs ──
import { OBSERVE_QUESTIONS } from './content/questionsObserve';
// ── sec ──
import { SECURITY_QUESTIONS } from './content/privileged';
import { LIMIT_QUESTIONS } from './content/limits';
import { RESTART_QUESTIONS } from './content/restarts';
import { STORAGE_QUESTIONS } from './content/storage';
import { PUSH_QUESTIONS } from './content/push';
import { componentMatches, messageMatches } from './goals';
import type { Question, QuestionShow } from './types';

export const QUESTIONS: readonly Question[] = [
  ...API_QUESTIONS,
  ...RUNTIME_QUESTIONS,
  ...VOLUME_QUESTIONS,
  ...NETWORK_QUESTIONS,
  ...EXEC_QUESTIONS,
  // ── host ──
  ...HOST_QUESTIONS,
  // ── fault: failures and where they happen ──
  ...FAULT_QUESTIONS,
  // ── life ──
  ...LIFECYCLE_QUESTIONS,
  ...OBSERVE_QUESTIONS,
  // ── sec ──
  ...SECURITY_QUESTIONS,
  // ── res ──
  ...LIMIT_QUESTIONS,
  ...RESTART_QUESTIONS,
  // ── storage ──
  ...STORAGE_QUESTIONS,
  ...PUSH_QUESTIONS,
];

export function questionById(id: string): Question | undefined {
  return QUESTIONS.find((q) => q.id === id);
}

/** The seq of the first message from `firstSeq` on that `focus` points at, or undefined. */
export function findFocus(
  trace: readonly Message[],
  firstSeq: number,
  focus: QuestionShow['focus'],
): number | undefined {
  if (!focus) return undefined;
  for (let i = Math.max(0, firstSeq - 1); i < trace.length; i++) {
    if (messageMatches(trace[i]!, focus)) return trace[i]!.seq;
  }
  return undefined;
}

/** Whether component id `id` stands for highlight entry `want` (`shim` covers every shim). */
export const highlights = (want: string, id: string): boolean => componentMatches(want, id);
