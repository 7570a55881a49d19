import type { Question } from '../../lessons';
import { findFocus, questionById } from './content';
import { bridge } from '../bridge';
import { commandCount, rebuildHost, setupInputs } from '../persist/host';
import { player } from '../playback/player';
import { appStore } from '../store';
import { activeShell } from '../terminal/shellSession';

/** A "Show me" waiting for its commands to be replayed before the proof is focused. */
let pending: { question: Question; first: number; untilCommand: number } | null = null;

/**
 * Answer a question by pointing at the simulation: a fresh host with the
 * question's setup done, its commands typed and animated, the components
 * that matter highlighted, and once all is shown, the message that proves
 * the answer selected.
 */
export async function showQuestion(id: string): Promise<void> {
  const question = questionById(id);
  if (!question) return;
  const s = appStore.getState();
  pending = null;
  s.setHighlight([]);
  await rebuildHost(setupInputs(question.show.setup), {
    note: `Question: ${question.question}\nReplaying the scenario that answers it.`,
  });
  s.setHighlight(question.show.highlight);
  const first = bridge.trace.length + 1;
  // ── fault: the question's faults come first in what is shown (sim/core/faults.ts) ──
  for (const fault of question.show.faults ?? []) await bridge.fault({ op: 'fault', set: fault });
  const before = commandCount();
  const shell = activeShell();
  for (const command of question.show.commands) {
    if (!shell || shell.type(command) === 'attached') break;
  }
  pending = { question, first, untilCommand: before + question.show.commands.length };
  settle();
}

/** Once the scenario has played, select the message the question points at. */
function settle(): void {
  if (!pending) return;
  const s = appStore.getState();
  if (s.mode === 'running' || !player.idle || commandCount() < pending.untilCommand) return;
  const { question, first } = pending;
  pending = null;
  const seq = findFocus(bridge.trace, first, question.show.focus);
  if (seq !== undefined) player.select(seq);
}

export function startQuestionWatch(): () => void {
  return appStore.subscribe((s, prev) => {
    if (pending && (s.mode !== prev.mode || s.animatedSeq !== prev.animatedSeq)) settle();
    // Leaving the questions, the highlight goes too.
    if (s.learnMode !== prev.learnMode && s.learnMode !== 'questions') {
      pending = null;
      if (s.highlight.length > 0) s.setHighlight([]);
    }
  });
}
