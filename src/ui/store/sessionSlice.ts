import type { StateCreator } from 'zustand';
import type { AppState } from './index';
import type { CtrlCRoute } from '../terminal/attachedStatus';

/**
 * What the terminal is doing: `editing` a line at the prompt, `running` a
 * command whose messages are still being animated, or `attached` to a
 * command that keeps running (Ctrl-C goes to it; `ctrlC` says where it ends up).
 */
export type SessionMode = 'editing' | 'running' | 'attached';

export interface SessionSlice {
  mode: SessionMode;
  /** Keystrokes typed while busy, to be replayed at the next prompt (shown as a hint). */
  typeAhead: string;
  /** While attached: where Ctrl-C goes (the container's terminal, a forwarded SIGINT, the CLI). */
  ctrlC: CtrlCRoute;
  setSession: (patch: Partial<Pick<SessionSlice, 'mode' | 'typeAhead' | 'ctrlC'>>) => void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  mode: 'editing',
  typeAhead: '',
  ctrlC: 'cli',
  setSession: (patch) => set(patch),
});
