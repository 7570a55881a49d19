/**
 * The question bank, and how to replay a question's proof: run its setup
 * silently, then its commands, and find the message it points at.
 */
import type { Message } from '../sim/core/types';
import { Engine } from '../sim/engine';
import { API_QUESTIONS } from './content/questionsApi';
import { RUNTIME_QUESTIONS } from './content/questionsRuntime';
import { componentMatches, messageMatches } from './goals';
import { THINK_TIME_MS } from './headless';
import type { Question, QuestionShow } from './types';

export const QUESTIONS: readonly Question[] = [...API_QUESTIONS, ...RUNTIME_QUESTIONS];

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

export interface QuestionReplay {
  engine: Engine;
  /** First seq of the replayed commands (the setup's messages come before). */
  firstSeq: number;
  lastSeq: number;
  /** The message that proves the answer, if found. */
  focusSeq: number | undefined;
}

/** Replay a question's `show` on a fresh engine, as the page does before animating it. */
export function replayQuestion(question: Question, seed = 1): QuestionReplay {
  const engine = new Engine({ seed });
  for (const line of question.show.setup) {
    engine.run(line);
    engine.advance(THINK_TIME_MS);
  }
  const firstSeq = engine.trace.length + 1;
  for (const [i, line] of question.show.commands.entries()) {
    if (i > 0) engine.advance(THINK_TIME_MS);
    engine.run(line);
  }
  engine.advance(THINK_TIME_MS);
  return {
    engine,
    firstSeq,
    lastSeq: engine.trace.length,
    focusSeq: findFocus(engine.trace, firstSeq, question.show.focus),
  };
}
