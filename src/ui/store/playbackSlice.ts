import type { StateCreator } from 'zustand';
import type { MessageKind, Protocol } from '../../sim/core/types';
import type { AppState } from './index';

/** The one message currently travelling across the diagram. */
export interface InFlight {
  seq: number;
  from: string;
  to: string;
  /** The edge it travels on (an unordered pair key). */
  edgeId: string;
  protocol: Protocol;
  kind: MessageKind;
  /** Real milliseconds the trip takes. */
  duration: number;
}

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

export interface PlaybackSlice {
  /** Multiplier on the base pace. */
  speed: Speed;
  /** Every message up to this seq has been animated (its output may be shown). */
  animatedSeq: number;
  inFlight: InFlight | null;
  /** Messages recorded but not yet animated (including the one in flight). */
  backlog: number;
  /** The OS asks for reduced motion: packets do not move, edges light up instead. */
  reducedMotion: boolean;
  setSpeed: (speed: Speed) => void;
  setReducedMotion: (reduced: boolean) => void;
}

export const createPlaybackSlice: StateCreator<AppState, [], [], PlaybackSlice> = (set) => ({
  speed: 1,
  animatedSeq: 0,
  inFlight: null,
  backlog: 0,
  reducedMotion:
    typeof window !== 'undefined' &&
    (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false),
  setSpeed: (speed) => set({ speed }),
  setReducedMotion: (reducedMotion) => set({ reducedMotion }),
});
