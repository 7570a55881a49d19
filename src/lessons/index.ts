/**
 * Lessons, drills and the question bank: content as data plus the small
 * logic that checks it against the engine. The UI imports from here only.
 */
export type * from './types';
