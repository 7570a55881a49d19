import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export interface LayoutSlice {
  /** Share of the main area given to the terminal (width side by side, height stacked). */
  terminalShare: number;
  setTerminalShare: (share: number) => void;
}

export const MIN_SHARE = 0.2;
export const MAX_SHARE = 0.8;
const STORAGE_KEY = 'dockscope.terminalShare';
// 0.4, not more: at 1280px wide the diagram then scales to readable node text.
const DEFAULT_SHARE = 0.4;

const clamp = (n: number) => Math.min(MAX_SHARE, Math.max(MIN_SHARE, n));

function initialShare(): number {
  if (typeof window === 'undefined') return DEFAULT_SHARE;
  const saved = Number(window.localStorage.getItem(STORAGE_KEY));
  return saved > 0 ? clamp(saved) : DEFAULT_SHARE;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set) => ({
  terminalShare: initialShare(),
  setTerminalShare: (share) => {
    const terminalShare = clamp(share);
    window.localStorage.setItem(STORAGE_KEY, String(terminalShare));
    set({ terminalShare });
  },
});
