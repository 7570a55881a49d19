import type { StateCreator } from 'zustand';
import type { AppState } from './index';
import type { HopQuestion } from '../../lessons';
import type { SharedScenario } from '../share/link';
import type { LearnMode, LessonPlace } from '../persist/schema';

export type { LearnMode, LessonPlace } from '../persist/schema';

/** A message for the learner at the top of the page (storage reset, a refused link, …). */
export interface Notice {
  /** Bumped on every notice, so the same text shown twice is announced twice. */
  id: number;
  tone: 'error' | 'info';
  text: string;
  /** A button beside the text (Undo after a link replaced the session). */
  action?: { label: string; run: () => void };
}

/** One answered drill question. */
export interface DrillAnswer {
  seq: number;
  picked: string;
  correct: boolean;
}

/**
 * A drill in progress. `phase`: `watching` while messages before the next
 * question are animated, `asking` when playback waits for the learner's pick,
 * `done` once every question is answered (the rest of the trace plays on).
 */
export interface DrillRun {
  id: string;
  questions: HopQuestion[];
  index: number;
  answers: DrillAnswer[];
  phase: 'preparing' | 'watching' | 'asking' | 'done';
}

/** A drill is under way and still has questions: the terminal and exports must not show what comes next. */
export function drillActive(s: { drill: DrillRun | null }): boolean {
  return s.drill !== null && s.drill.phase !== 'done';
}

/**
 * The last message whose effects (terminal output) may be shown: during a
 * drill, the one before the question waiting for an answer, whatever moved
 * the cursor (Esc, the Skip button, a scrub). Infinity outside a drill.
 */
export function drillCeiling(s: { drill: DrillRun | null }): number {
  const run = s.drill;
  if (!run || run.phase === 'done') return Infinity;
  if (run.phase === 'preparing') return Infinity;
  const question = run.questions[run.index];
  return question ? question.seq - 1 : Infinity;
}

/**
 * Lessons, drills, questions and the page's learning chrome (UI state only:
 * the host lives in the bridge). The diagram reports clicks on a component
 * here, so a drill can ask "who receives the next message?" without the
 * diagram knowing about drills.
 */
export interface LearnSlice {
  /** The last component the learner clicked in the diagram, and a counter so repeats register. */
  picked: { id: string; n: number } | null;
  pickComponent: (id: string) => void;

  learnMode: LearnMode;
  setLearnMode: (mode: LearnMode) => void;
  /** The learning panel beside the terminal is open (it can be folded away). */
  learnPanelOpen: boolean;
  setLearnPanelOpen: (open: boolean) => void;

  /** The lesson being followed, and where in it. */
  lesson: LessonPlace | null;
  setLesson: (lesson: LessonPlace | null) => void;
  /** Lesson id → ids of the steps completed (kept across lessons and reloads). */
  completed: Record<string, string[]>;
  setCompleted: (completed: Record<string, string[]>) => void;
  markStepDone: (lessonId: string, stepId: string) => void;

  drill: DrillRun | null;
  setDrill: (drill: DrillRun | null) => void;

  /** Component ids the diagram draws attention to ("Show me" of a question). */
  highlight: string[];
  setHighlight: (ids: string[]) => void;

  presenter: boolean;
  togglePresenter: () => void;

  notice: Notice | null;
  showNotice: (text: string, tone?: Notice['tone'], action?: Notice['action']) => void;
  /** A valid shared link waiting for the learner's yes: opening it would replace their work. */
  linkPrompt: SharedScenario | null;
  setLinkPrompt: (scenario: SharedScenario | null) => void;
  dismissNotice: () => void;
}

export const createLearnSlice: StateCreator<AppState, [], [], LearnSlice> = (set, get) => ({
  picked: null,
  pickComponent: (id) => set({ picked: { id, n: (get().picked?.n ?? 0) + 1 } }),

  learnMode: 'sandbox',
  setLearnMode: (learnMode) => set({ learnMode, learnPanelOpen: learnMode !== 'sandbox' }),
  learnPanelOpen: false,
  setLearnPanelOpen: (learnPanelOpen) => set({ learnPanelOpen }),

  lesson: null,
  setLesson: (lesson) => set({ lesson }),
  completed: {},
  setCompleted: (completed) => set({ completed }),
  markStepDone: (lessonId, stepId) => {
    const done = get().completed[lessonId] ?? [];
    if (done.includes(stepId)) return;
    set({ completed: { ...get().completed, [lessonId]: [...done, stepId] } });
  },

  drill: null,
  setDrill: (drill) => set({ drill }),

  highlight: [],
  setHighlight: (highlight) => set({ highlight }),

  presenter: false,
  togglePresenter: () => set({ presenter: !get().presenter }),

  notice: null,
  showNotice: (text, tone = 'error', action) =>
    set({ notice: { id: (get().notice?.id ?? 0) + 1, tone, text, action } }),
  linkPrompt: null,
  setLinkPrompt: (linkPrompt) => set({ linkPrompt }),
  dismissNotice: () => set({ notice: null }),
});
