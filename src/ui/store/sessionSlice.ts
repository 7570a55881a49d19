import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/**
 * What the terminal is doing: `editing` a line at the prompt, `running` a
 * command whose messages are still being animated, or `attached` to a
 * container that keeps running (Ctrl-C stops it).
 */
export type SessionMode = 'editing' | 'running' | 'attached';

export interface SessionSlice {
  mode: SessionMode;
  /** Keystrokes typed while busy, to be replayed at the next prompt (shown as a hint). */
  typeAhead: string;
  setSession: (patch: Partial<Pick<SessionSlice, 'mode' | 'typeAhead'>>) => void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  mode: 'editing',
  typeAhead: '',
  setSession: (patch) => set(patch),
});
