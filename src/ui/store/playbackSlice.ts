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
  /** The timeline and inspector under the diagram are folded away (the transport bar stays). */
  dockCollapsed: boolean;
  /** Height in px the learner gave the timeline and inspector with the splitter; null: the default. */
  dockHeight: number | null;
  /** The inspector takes the whole dock width (the timeline is hidden) to read long messages. */
  inspectorWide: boolean;
  setDockCollapsed: (collapsed: boolean) => void;
  setDockHeight: (height: number | null) => void;
  setInspectorWide: (wide: boolean) => void;
  setSpeed: (speed: Speed) => void;
  setReducedMotion: (reduced: boolean) => void;
  setSelectedSeq: (seq: number | null) => void;
  setHideFuture: (hide: boolean) => void;
  setTimelineFilter: (patch: Partial<TimelineFilter>) => void;
}

/**
 * The dock's shape is remembered across reloads, like the terminal's width:
 * a learner on a small screen who folded it away should not have to do it
 * again every visit. Storage may be missing or full; the defaults then apply.
 */
const DOCK_KEY = 'dockscope.dock';

interface DockPrefs {
  dockCollapsed: boolean;
  dockHeight: number | null;
  inspectorWide: boolean;
}

function loadDock(): DockPrefs {
  const prefs: DockPrefs = { dockCollapsed: false, dockHeight: null, inspectorWide: false };
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(DOCK_KEY) ?? 'null');
    if (raw && typeof raw === 'object') {
      const r = raw as Record<string, unknown>;
      if (typeof r.dockCollapsed === 'boolean') prefs.dockCollapsed = r.dockCollapsed;
      if (typeof r.inspectorWide === 'boolean') prefs.inspectorWide = r.inspectorWide;
      if (typeof r.dockHeight === 'number' && Number.isFinite(r.dockHeight))
        prefs.dockHeight = clampDockHeight(r.dockHeight);
    }
  } catch {
    // No storage (or garbage in it): the defaults.
  }
  return prefs;
}

function saveDock(prefs: DockPrefs): void {
  try {
    window.localStorage.setItem(DOCK_KEY, JSON.stringify(prefs));
  } catch {
    // Not remembered; the page works the same.
  }
}

/** The dock is never dragged smaller than a few rows nor taller than most screens. */
export const DOCK_MIN = 72;
export const DOCK_MAX = 900;
export const clampDockHeight = (h: number) => Math.round(Math.min(DOCK_MAX, Math.max(DOCK_MIN, h)));

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
  ...(typeof window === 'undefined'
    ? { dockCollapsed: false, dockHeight: null, inspectorWide: false }
    : loadDock()),
  setSpeed: (speed) => set({ speed }),
  setReducedMotion: (reducedMotion) => set({ reducedMotion }),
  setSelectedSeq: (selectedSeq) => set({ selectedSeq }),
  setHideFuture: (hideFuture) => set({ hideFuture }),
  setDockCollapsed: (dockCollapsed) => {
    set({ dockCollapsed });
    saveDock({ ...pickDock(get()), dockCollapsed });
  },
  setDockHeight: (height) => {
    const dockHeight = height === null ? null : clampDockHeight(height);
    set({ dockHeight });
    saveDock({ ...pickDock(get()), dockHeight });
  },
  setInspectorWide: (inspectorWide) => {
    set({ inspectorWide });
    saveDock({ ...pickDock(get()), inspectorWide });
  },
  setTimelineFilter: (patch) => set({ timelineFilter: { ...get().timelineFilter, ...patch } }),
});

function pickDock(s: DockPrefs): DockPrefs {
  return {
    dockCollapsed: s.dockCollapsed,
    dockHeight: s.dockHeight,
    inspectorWide: s.inspectorWide,
  };
}
