/**
 * Replays on a fresh engine: a question's proof and a drill's command, as
 * the page plays them on its own engine. Kept apart from the pure modules
 * because it pulls in the whole simulation.
 */
import { Engine, type CommandResult } from '../sim/engine';
import { hopQuiz } from './drills';
import { THINK_TIME_MS } from './headless';
import { findFocus } from './questions';
import type { Drill, HopQuestion, Question } from './types';

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
  // ── fault: the question's faults come first in what is shown ──
  for (const fault of question.show.faults ?? []) engine.fault({ op: 'fault', set: fault });
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

/** A drill played on a fresh engine: its setup run silently, then its command. */
export interface PreparedDrill {
  engine: Engine;
  result: CommandResult;
  questions: HopQuestion[];
}

/**
 * Run `drill` headlessly and build its questions (the page does the same on
 * its own engine). A command that stays attached (`docker run nginx`) is
 * quizzed on what it caused up to now.
 */
export function prepareDrill(drill: Drill, seed = 1): PreparedDrill {
  const engine = new Engine({ seed });
  for (const line of drill.setup) {
    engine.run(line);
    engine.advance(THINK_TIME_MS);
  }
  const result = engine.run(drill.command);
  const questions = hopQuiz(engine.trace, result.firstSeq, result.lastSeq, drill.level);
  return { engine, result, questions };
}
