import { appStore } from '../store';
import { stopDrill } from '../learn/drillControl';
import { rebuildHost, commandCount } from './host';
import type { SavedSession } from './schema';

/**
 * Put a checked session on the page: the host rebuilt from its inputs, the
 * terminal redrawn with its ↑ history, and the learner's mode, lesson place
 * and progress. Drills are not kept (a drill restarts from its list).
 */
export async function applySession(session: SavedSession, note?: string): Promise<void> {
  stopDrill();
  const s = appStore.getState();
  // The old lesson place must not be checked against the new host.
  s.setLesson(null);
  await rebuildHost(session.inputs, { columns: session.columns, history: session.history, note });
  s.setCompleted({ ...session.completed });
  s.setLesson(session.lesson);
  s.setLearnMode(session.mode);
}

/** Whether resetting would lose anything the learner did on this host. */
export function hasWork(): boolean {
  return commandCount() > 0;
}

/** An empty host, as a fresh page has; lesson progress stays, the lesson being followed is left. */
export async function resetHost(): Promise<void> {
  stopDrill();
  const s = appStore.getState();
  s.setLesson(null);
  s.setHighlight([]);
  await rebuildHost([], { note: 'Reset: a fresh host with nothing on it.' });
}
