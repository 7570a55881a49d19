import { bridge } from '../bridge';
import { appStore } from '../store';
import { activeShell } from '../terminal/shellSession';
import { checkSession, LIMITS, parseJson, SESSION_VERSION, type SavedSession } from './schema';

/** One key for the whole session; the format version lives inside the value. */
export const STORAGE_KEY = 'dockscope.session';
/** Quiet time before a change is written (typing a few commands in a row writes once). */
const SAVE_DELAY_MS = 400;

/** The session as it is now: the host's inputs, the terminal's history, the learner's place. */
export function currentSession(): SavedSession {
  const s = appStore.getState();
  const { columns, inputs } = bridge.session;
  return {
    version: SESSION_VERSION,
    columns,
    inputs: inputs.map((i) => ({ ...i })),
    mode: s.learnMode,
    history: [...(activeShell()?.historyEntries ?? [])].slice(-LIMITS.maxHistory),
    lesson: s.lesson,
    completed: s.completed,
  };
}

export type StoredRead =
  { kind: 'empty' } | { kind: 'ok'; session: SavedSession } | { kind: 'bad'; reason: string };

/** Read and check the stored session; storage itself may be unavailable (private mode, blocked). */
export function readStored(knownLesson: (id: string) => number | undefined): StoredRead {
  let text: string | null;
  try {
    text = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return { kind: 'bad', reason: 'the browser does not let this page read its storage' };
  }
  if (text === null) return { kind: 'empty' };
  const parsed = parseJson(text);
  if (!parsed.ok) return { kind: 'bad', reason: parsed.reason };
  const checked = checkSession(parsed.value, knownLesson);
  return checked.ok
    ? { kind: 'ok', session: checked.value }
    : { kind: 'bad', reason: checked.reason };
}

export function clearStored(): void {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored, or storage blocked: either way nothing to clear
  }
}

/** Write the session; false when it is too large to be read back or storage refuses it. */
export function writeStored(session: SavedSession): boolean {
  if (session.inputs.length > LIMITS.maxInputs) return false;
  const text = JSON.stringify(session);
  if (text.length > LIMITS.maxJsonChars) return false;
  try {
    window.localStorage.setItem(STORAGE_KEY, text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Save after every change, once things are quiet for a moment, and at once
 * when the page goes away. The host changes through the bridge; the lesson
 * place, mode and history through the store (the terminal's mode changes
 * whenever a command is typed, which is when the history grows).
 */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let warned = false;
  const save = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!writeStored(currentSession()) && !warned) {
      warned = true;
      appStore
        .getState()
        .showNotice(
          'This session has grown too large to keep across a reload; export it to keep it.',
          'info',
        );
    }
  };
  const schedule = () => {
    if (timer === null) timer = setTimeout(save, SAVE_DELAY_MS);
  };
  const offBridge = bridge.subscribe(schedule);
  const offStore = appStore.subscribe((s, prev) => {
    if (
      s.learnMode !== prev.learnMode ||
      s.lesson !== prev.lesson ||
      s.completed !== prev.completed ||
      s.mode !== prev.mode
    )
      schedule();
  });
  const flush = () => {
    if (timer !== null) save();
  };
  window.addEventListener('pagehide', flush);
  return () => {
    flush();
    offBridge();
    offStore();
    window.removeEventListener('pagehide', flush);
  };
}
