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
  /** At the overview level: the first message of the step this hop stands for (else `seq`). */
  firstSeq?: number;
}

/** Multipliers on the reading pace; `instant` shows every message as landed at once. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 'instant'] as const;
export type Speed = (typeof SPEEDS)[number];

/** Parse a speed from a control's value; anything unknown keeps the reading pace. */
export function parseSpeed(value: string): Speed {
  if (value === 'instant') return 'instant';
  const n = Number(value);
  return (SPEEDS as readonly unknown[]).includes(n) ? (n as Speed) : 1;
}

/** Which messages the timeline lists: null means "any". */
export interface TimelineFilter {
  /** A component id, or a family: `shim` matches every `shim-<id>`. */
  component: string | null;
  protocol: Protocol | null;
}

export interface PlaybackSlice {
  /** Multiplier on the base pace. */
  speed: Speed;
  /**
   * True: the player moves on by itself as messages are recorded (the normal
   * state). False: paused, the cursor stays where the learner put it.
   */
  playing: boolean;
  /** The cursor: every message up to this seq has been animated (its output may be shown). */
  animatedSeq: number;
  inFlight: InFlight | null;
  /** Messages recorded but not yet animated (including the one in flight). */
  backlog: number;
  /** A message the learner picked in the timeline; null: follow the cursor. */
  selectedSeq: number | null;
  /** Drills hide what comes next: the timeline then lists nothing after the cursor. */
  hideFuture: boolean;
  timelineFilter: TimelineFilter;
  /** The keyboard shortcuts panel is open. */
  shortcutsOpen: boolean;
  /** The OS asks for reduced motion: packets do not move, edges light up instead. */
  reducedMotion: boolean;
  setSpeed: (speed: Speed) => void;
  setReducedMotion: (reduced: boolean) => void;
  setSelectedSeq: (seq: number | null) => void;
  setHideFuture: (hide: boolean) => void;
  setTimelineFilter: (patch: Partial<TimelineFilter>) => void;
}

export const createPlaybackSlice: StateCreator<AppState, [], [], PlaybackSlice> = (set, get) => ({
  speed: 1,
  playing: true,
  animatedSeq: 0,
  inFlight: null,
  backlog: 0,
  selectedSeq: null,
  hideFuture: false,
  timelineFilter: { component: null, protocol: null },
  shortcutsOpen: false,
  reducedMotion:
    typeof window !== 'undefined' &&
    (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false),
  setSpeed: (speed) => set({ speed }),
  setReducedMotion: (reducedMotion) => set({ reducedMotion }),
  setSelectedSeq: (selectedSeq) => set({ selectedSeq }),
  setHideFuture: (hideFuture) => set({ hideFuture }),
  setTimelineFilter: (patch) => set({ timelineFilter: { ...get().timelineFilter, ...patch } }),
});
