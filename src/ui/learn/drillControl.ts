import type { HopQuestion } from '../../lessons';
import { DRILLS, loadDrillLogic, loadedDrillLogic } from './content';
import { bridge } from '../bridge';
import { rebuildHost, setupInputs } from '../persist/host';
import { player } from '../playback/player';
import { appStore } from '../store';
import type { DrillRun } from '../store/learnSlice';
import { activeShell } from '../terminal/shellSession';

export function drillById(id: string) {
  return DRILLS.find((d) => d.id === id);
}

/** The question waiting for an answer (or about to be asked). */
export function currentQuestion(run: DrillRun | null): HopQuestion | null {
  if (!run || run.phase === 'done' || run.phase === 'preparing') return null;
  return run.questions[run.index] ?? null;
}

/** Whether a pick (a role name from the buttons or a component id from the diagram) is right. */
export function isRightPick(question: HopQuestion, picked: string): boolean {
  return loadedDrillLogic()?.isCorrectHop(question, picked) ?? false;
}

/**
 * Start a drill: a fresh host with the drill's setup done silently, then its
 * command typed into the terminal. Playback then stops before each quizzed
 * message until the learner has said who receives it; the timeline hides
 * what comes next meanwhile.
 */
export async function startDrill(id: string): Promise<void> {
  const drill = drillById(id);
  if (!drill) return;
  const s = appStore.getState();
  s.setLearnMode('drills');
  s.setDrill({ id, questions: [], index: 0, answers: [], phase: 'preparing' });
  const { hopQuiz } = await loadDrillLogic();
  await rebuildHost(setupInputs(drill.setup), {
    note: `Drill: ${drill.prompt}\nThe host is fresh${drill.setup.length > 0 ? ' and prepared with the commands below' : ''}; click who receives each message.`,
  });
  s.setDetailLevel(drill.level);
  s.setHideFuture(true);
  const first = bridge.trace.length + 1;
  const shell = activeShell();
  if (!shell || shell.type(drill.command) !== 'ran') {
    s.showNotice('The terminal is busy: the drill could not type its command. Try again.');
    stopDrill();
    return;
  }
  // The engine runs the command in its worker: its messages are in the trace once it answers.
  await bridge.whenAnswered();
  const now = appStore.getState().drill;
  if (now?.id !== id || now.phase !== 'preparing') return;
  const questions = hopQuiz(bridge.trace, first, bridge.trace.length, drill.level);
  s.setDrill({
    id,
    questions,
    index: 0,
    answers: [],
    phase: questions.length ? 'watching' : 'done',
  });
  if (questions.length === 0) s.setHideFuture(false);
  hold();
}

/** Leave the drill: playback and the timeline go back to normal. */
export function stopDrill(): void {
  const s = appStore.getState();
  if (!s.drill) return;
  s.setDrill(null);
  s.setHideFuture(false);
  if (!s.playing) player.play();
}

/** Answer the current question, then let its message travel. */
export function answerDrill(picked: string): void {
  const s = appStore.getState();
  const run = s.drill;
  const question = currentQuestion(run);
  if (!run || run.phase !== 'asking' || !question) return;
  const index = run.index + 1;
  const done = index >= run.questions.length;
  s.setDrill({
    ...run,
    index,
    answers: [
      ...run.answers,
      { seq: question.seq, picked, correct: isRightPick(question, picked) },
    ],
    phase: done ? 'done' : 'watching',
  });
  if (done) s.setHideFuture(false);
  player.play();
}

/**
 * Keep the cursor just before the question's message while it is unanswered.
 * The player moves on its own (and the learner may press play or skip), so
 * this runs on every change of the cursor: whatever moved it past the
 * message, it goes back to just before it.
 */
function hold(): void {
  const s = appStore.getState();
  const run = s.drill;
  const question = currentQuestion(run);
  if (!run || !question) return;
  const next = s.inFlight ? (s.inFlight.firstSeq ?? s.inFlight.seq) : s.animatedSeq + 1;
  if (next < question.seq) return;
  if (s.inFlight === null && s.animatedSeq === question.seq - 1 && !s.playing) {
    if (run.phase !== 'asking') s.setDrill({ ...run, phase: 'asking' });
    return;
  }
  if (run.phase !== 'asking') s.setDrill({ ...run, phase: 'asking' });
  player.seek(question.seq - 1);
}

/** Follow the player (holds) and the diagram (clicks on components answer). */
export function startDrillWatch(): () => void {
  return appStore.subscribe((s, prev) => {
    if (!s.drill) return;
    if (s.picked !== prev.picked && s.picked && s.drill.phase === 'asking') {
      answerDrill(s.picked.id);
      return;
    }
    if (
      s.animatedSeq !== prev.animatedSeq ||
      s.inFlight !== prev.inFlight ||
      s.playing !== prev.playing ||
      s.drill !== prev.drill
    )
      hold();
  });
}
