import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/**
 * How much of the architecture the learner sees. `overview`: the client,
 * dockerd, the registry and the host's objects, with internal calls collapsed
 * into one step each. `full` ("under the hood"): every message down to the
 * syscalls. Switching keeps the playback position; nothing here is persisted
 * (the persistence work decides what survives a reload).
 */
export type DetailLevel = 'overview' | 'full';

export const DETAIL_LEVELS: readonly DetailLevel[] = ['overview', 'full'];

export interface DetailSlice {
  detailLevel: DetailLevel;
  setDetailLevel: (level: DetailLevel) => void;
}

export const createDetailSlice: StateCreator<AppState, [], [], DetailSlice> = (set) => ({
  // A newcomer starts with the overview: a first `docker run` tells its story
  // in about 10 s (issue 12); "Under the hood" shows every message, at the
  // speed the learner picks.
  detailLevel: 'overview',
  setDetailLevel: (level) => {
    // Anything else (a stale saved value, a bad URL) leaves the level as it is.
    if (DETAIL_LEVELS.includes(level)) set({ detailLevel: level });
  },
});
