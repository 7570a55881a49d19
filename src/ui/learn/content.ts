/**
 * The teaching content the page needs at once, imported from the lesson
 * modules that are pure data and checks. Modules that create engines of
 * their own (the headless runner, drill and question replays) are left out:
 * importing them here would pull the engine into the first chunk, which the
 * page loads after first paint (see bridge.ready). Drills load their quiz
 * logic when one starts.
 */
import type { Message } from '../../sim/engine';
import type { HopQuestion } from '../../lessons';

export { LESSONS, lessonById } from '../../lessons/lessons';
export { checkGoal, describeGoal } from '../../lessons/goals';
export { DRILLS } from '../../lessons/content/drills';
export { QUESTIONS, questionById, findFocus } from '../../lessons/questions';

export { roleOf } from '../../lessons/roles';

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
