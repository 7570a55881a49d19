/**
 * Lessons, drills and the question bank: content as data plus the small
 * logic that checks it against the engine. The UI imports from here only.
 */
export type * from './types';
export {
  checkGoal,
  describeGoal,
  normalizeImageRef,
  componentMatches,
  messageMatches,
} from './goals';
export {
  runLessonHeadless,
  tryStep,
  goalContext,
  resultsSince,
  commandsBefore,
  commandProblem,
  THINK_TIME_MS,
} from './headless';
export { LESSONS, lessonById } from './lessons';
export { DRILLS, HOP_WHY } from './content/drills';
export { hopQuiz, scoreDrill, isCorrectHop, roleOf, ROLES, drillById } from './drills';
export { QUESTIONS, questionById, findFocus, highlights } from './questions';
export { replayQuestion, prepareDrill, type QuestionReplay, type PreparedDrill } from './replay';
