import type { Lesson, LessonStep } from '../../lessons';
import { checkGoal, lessonById } from './content';
import { bridge } from '../bridge';
import { commandCount, rebuildHost, resultsSince, setupInputs } from '../persist/host';
import { player } from '../playback/player';
import { appStore } from '../store';
import type { LessonPlace } from '../store/learnSlice';

/** Number of steps of a lesson, or undefined when there is no such lesson (for the validators). */
export function lessonSteps(id: string): number | undefined {
  return lessonById(id)?.steps.length;
}

/** The command lines that bring a fresh host to the start of step `step`: setup, then earlier solutions. */
export function linesBefore(lesson: Lesson, step: number): string[] {
  return [...lesson.setup, ...lesson.steps.slice(0, step).flatMap((s) => s.solution)];
}

/** Where the next step's window starts: the next message and the next command belong to it. */
function here(): Pick<LessonPlace, 'sinceSeq' | 'sinceCommand'> {
  return { sinceSeq: bridge.trace.length + 1, sinceCommand: commandCount() + 1 };
}

export function currentStep(): { lesson: Lesson; step: LessonStep; place: LessonPlace } | null {
  const place = appStore.getState().lesson;
  if (!place) return null;
  const lesson = lessonById(place.id);
  const step = lesson?.steps[place.step];
  return lesson && step ? { lesson, step, place } : null;
}

export function isStepDone(lessonId: string, stepId: string): boolean {
  return appStore.getState().completed[lessonId]?.includes(stepId) ?? false;
}

/**
 * Start a lesson at a step on a fresh host: its setup (and, past the first
 * step, the solutions of the steps before) run at once, unanimated, and the
 * terminal says so.
 */
export async function startLesson(id: string, step = 0): Promise<void> {
  const lesson = lessonById(id);
  if (!lesson || step < 0 || step >= lesson.steps.length) return;
  const lines = linesBefore(lesson, step);
  const where = step > 0 ? `step ${step + 1} of "${lesson.title}"` : `"${lesson.title}"`;
  const note =
    lines.length > 0
      ? `Lesson ${where}: a fresh host, prepared with the commands below.`
      : `Lesson ${where}: a fresh host with nothing on it.`;
  const s = appStore.getState();
  // No step is checked against the new host before its window is set.
  s.setLesson(null);
  await rebuildHost(setupInputs(lines), { note });
  s.setLearnMode('lessons');
  s.setLesson({ id, step, ...here(), hints: 0, solution: false });
  checkStep();
}

/** Go to the next step (its window starts now), or the lesson's end. */
export function nextStep(): void {
  const cur = currentStep();
  if (!cur) return;
  const s = appStore.getState();
  if (cur.place.step + 1 >= cur.lesson.steps.length) return;
  s.setLesson({ ...cur.place, step: cur.place.step + 1, ...here(), hints: 0, solution: false });
  checkStep();
}

export function revealHint(): void {
  const cur = currentStep();
  if (!cur || cur.place.hints >= cur.step.hints.length) return;
  appStore.getState().setLesson({ ...cur.place, hints: cur.place.hints + 1 });
}

export function revealSolution(): void {
  const cur = currentStep();
  if (cur && !cur.place.solution) appStore.getState().setLesson({ ...cur.place, solution: true });
}

/**
 * Tick the current step when its goal holds on the host as it is now. The
 * engine has computed everything by the time a command returns, so the
 * answer does not depend on how fast the messages are animated; the panel
 * checks once the terminal is back at its prompt, when the learner has seen
 * what happened.
 */
export function checkStep(): boolean {
  const cur = currentStep();
  if (!cur) return false;
  if (isStepDone(cur.lesson.id, cur.step.id)) return true;
  const view = bridge.view();
  if (!view) return false;
  let holds: boolean;
  try {
    holds = checkGoal(cur.step.goal, {
      view,
      viewOf: (host) => bridge.view(host) ?? undefined,
      trace: bridge.trace,
      results: resultsSince(cur.place.sinceCommand),
      sinceSeq: cur.place.sinceSeq,
      sinceCommand: cur.place.sinceCommand,
    });
  } catch {
    // A goal that cannot be checked never completes a step (the author check reports it).
    holds = false;
  }
  if (holds) appStore.getState().markStepDone(cur.lesson.id, cur.step.id);
  return holds;
}

/**
 * Check the current step whenever the host changes while the terminal is
 * at rest, and whenever the player catches up with the trace. A goal may be
 * reached after its command has returned (a container that exits on its
 * own): those messages land in the bridge while the player is still busy
 * showing them, so the check that matters is the one when the player goes
 * idle, whatever the animation speed.
 */
export function startStepChecks(): () => void {
  const check = () => {
    const s = appStore.getState();
    // Not while a command's messages are still being shown: the tick comes with its output.
    if (s.learnMode === 'lessons' && s.lesson && s.mode !== 'running' && player.idle) checkStep();
  };
  const offBridge = bridge.subscribe(check);
  const offStore = appStore.subscribe((s, prev) => {
    if (
      s.mode !== prev.mode ||
      s.lesson !== prev.lesson ||
      s.learnMode !== prev.learnMode ||
      s.inFlight !== prev.inFlight ||
      s.animatedSeq !== prev.animatedSeq
    )
      check();
  });
  return () => {
    offBridge();
    offStore();
  };
}
