import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/**
 * Lessons and drills (UI state only). The diagram reports clicks on a
 * component here, so a drill can ask "who receives the next message?"
 * without the diagram knowing about drills.
 */
export interface LearnSlice {
  /** The last component the learner clicked in the diagram, and a counter so repeats register. */
  picked: { id: string; n: number } | null;
  pickComponent: (id: string) => void;
}

export const createLearnSlice: StateCreator<AppState, [], [], LearnSlice> = (set, get) => ({
  picked: null,
  pickComponent: (id) => set({ picked: { id, n: (get().picked?.n ?? 0) + 1 } }),
});
