/**
 * The teaching content the page needs at once, imported from the lesson
 * modules that are pure data and checks. Modules that create engines of
 * their own (the headless runner, drill and question replays) are left out:
 * importing them here would pull the engine into the first chunk, which the
 * page loads after first paint (see bridge.ready). Drills load their quiz
 * logic when one starts.
 */
import type { Message } from '../../sim/engine';
import type { HopQuestion, Question, QuestionShow } from '../../lessons';
import { messageMatches } from '../../lessons/goals';
import { API_QUESTIONS } from '../../lessons/content/questionsApi';
import { RUNTIME_QUESTIONS } from '../../lessons/content/questionsRuntime';

export { LESSONS, lessonById } from '../../lessons/lessons';
export { checkGoal, describeGoal } from '../../lessons/goals';
export { DRILLS } from '../../lessons/content/drills';

export const QUESTIONS: readonly Question[] = [...API_QUESTIONS, ...RUNTIME_QUESTIONS];

export function questionById(id: string): Question | undefined {
  return QUESTIONS.find((q) => q.id === id);
}

/** The seq of the first message from `firstSeq` on that a question's focus points at. */
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

/** `shim-88ad…` → `shim`; fixed ids stay (the drill's role names). */
export function roleOf(componentId: string): string {
  const m = /^(shim|container)-/.exec(componentId);
  return m ? m[1]! : componentId;
}

/** The drill logic (quiz from a trace, answer check), loaded when a drill starts. */
export type DrillLogic = {
  hopQuiz: (
    trace: readonly Message[],
    firstSeq: number,
    lastSeq: number,
    level: 'overview' | 'full',
  ) => HopQuestion[];
  isCorrectHop: (question: HopQuestion, picked: string) => boolean;
};

let drillLogic: DrillLogic | null = null;

export async function loadDrillLogic(): Promise<DrillLogic> {
  drillLogic ??= await import('../../lessons/drills');
  return drillLogic;
}

/** The loaded drill logic (a drill has started, so it is there). */
export function loadedDrillLogic(): DrillLogic | null {
  return drillLogic;
}
