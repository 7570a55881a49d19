import type { SessionInput } from '../../sim/engine';
import { bridge } from '../bridge';
import { player } from '../playback/player';
import { startLesson } from '../learn/lessonControl';
import { rebuildHost, setupInputs } from '../persist/host';
import { checkSession, LIMITS, parseJson, type Checked } from '../persist/schema';
import { applySession } from '../persist/session';
import { currentSession } from '../persist/storage';
import { appStore } from '../store';
import { activeShell } from '../terminal/shellSession';
import { lessonSteps } from '../learn/lessonControl';
import { SHARE_LIMITS, shareUrl, type SharedScenario } from './link';

/**
 * Resolve once the terminal is back at its prompt with everything shown, or
 * with false when that can no longer happen for this host (it was replaced,
 * or a container holds the terminal).
 */
function promptBack(generation: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = () => {
      const s = appStore.getState();
      if (bridge.generation !== generation || s.mode === 'attached') return done(false);
      if (s.mode === 'editing' && s.typeAhead === '' && player.idle) return done(true);
    };
    const stop = appStore.subscribe(settle);
    const offBridge = bridge.subscribe(settle);
    function done(ok: boolean) {
      stop();
      offBridge();
      resolve(ok);
    }
    settle();
  });
}

/**
 * Open a checked scenario: a lesson step, or a fresh host with the setup
 * done at once and the commands typed one after another, each animated
 * (what the person who shared it wanted shown). With `waits`, the simulated
 * time its author let pass before each command passes again first (and what
 * it caused, a container exiting, is animated), so the same commands show
 * the same states.
 */
export async function openScenario(scenario: SharedScenario): Promise<void> {
  if ('lesson' in scenario) {
    await startLesson(scenario.lesson, scenario.step);
    return;
  }
  const s = appStore.getState();
  s.setLesson(null);
  await rebuildHost(setupInputs(scenario.setup), {
    note: `Shared scenario: ${scenario.commands.length} command${scenario.commands.length === 1 ? '' : 's'} to replay${scenario.setup.length > 0 ? ' after the setup below' : ''}.`,
  });
  const shell = activeShell();
  const waits = scenario.waits;
  if (!waits || waits.every((w) => w === 0)) {
    for (const command of scenario.commands) {
      if (!shell || shell.type(command) === 'attached') break;
    }
    return;
  }
  const generation = bridge.generation;
  for (const [i, command] of scenario.commands.entries()) {
    if (!(await promptBack(generation))) return;
    const wait = waits[i] ?? 0;
    if (wait > 0) {
      await bridge.advance(wait);
      if (!(await promptBack(generation))) return;
    }
    if (!shell || shell.type(command) === 'attached') return;
  }
}

/**
 * The commands of this session, each with the simulated time that passed
 * before it (the `advance` inputs between two commands). The first command's
 * wait is 0: before it the host is empty and time changes nothing.
 */
export function sessionCommands(inputs: readonly SessionInput[]): {
  commands: string[];
  waits: number[];
} {
  const commands: string[] = [];
  const waits: number[] = [];
  let gap = 0;
  let total = 0;
  for (const input of inputs) {
    if (input.op === 'advance') gap += input.ms;
    if (input.op !== 'run') continue;
    // Over the caps a link would be refused: the gap is cut to what a link may hold.
    const wait =
      commands.length === 0
        ? 0
        : Math.min(Math.round(gap), SHARE_LIMITS.maxWaitMs, SHARE_LIMITS.maxTotalWaitMs - total);
    commands.push(input.line);
    waits.push(wait);
    total += wait;
    gap = 0;
  }
  return { commands, waits };
}

/** The commands run on this host, as a link that replays them with the time between them. */
export function sessionLink(): Checked<string> {
  const { commands, waits } = sessionCommands(bridge.session.inputs);
  if (commands.length === 0)
    return {
      ok: false,
      reason: 'Run a command first: the link replays the commands of this session.',
    };
  if (commands.length > SHARE_LIMITS.maxCommands)
    return {
      ok: false,
      reason: `A link holds at most ${SHARE_LIMITS.maxCommands} commands; this session has ${commands.length}. Export it as a file instead.`,
    };
  return { ok: true, value: shareUrl({ v: 1, setup: [], commands, waits }, window.location) };
}

/** Where the session a link replaced waits, until the next link replaces it. */
export const BACKUP_KEY = 'dockscope.session.before-link';

/**
 * Open a link over work the learner agreed to replace: their session is put
 * aside first (storage, beside the autosaved one), and the notice offers to
 * bring it back. If storage refuses, the notice says the old session is gone
 * only after the learner was asked, never silently.
 */
export async function replaceWithScenario(scenario: SharedScenario): Promise<void> {
  const s = appStore.getState();
  let kept: boolean;
  try {
    window.localStorage.setItem(BACKUP_KEY, JSON.stringify(currentSession()));
    kept = true;
  } catch {
    kept = false;
  }
  s.setLinkPrompt(null);
  const opening = openScenario(scenario);
  if (kept)
    s.showNotice('The shared link replaced your session; yours was put aside.', 'info', {
      label: 'Undo: bring my session back',
      run: () => void restoreBackup(),
    });
  else s.showNotice('The shared link replaced your session (it could not be kept aside).', 'info');
  await opening;
}

/** Bring back the session a link replaced (it is checked like any stored session). */
export async function restoreBackup(): Promise<void> {
  const s = appStore.getState();
  let text: string | null;
  try {
    text = window.localStorage.getItem(BACKUP_KEY);
  } catch {
    text = null;
  }
  const parsed = text === null ? null : parseJson(text);
  const checked = parsed?.ok ? checkSession(parsed.value, lessonSteps) : null;
  if (!checked?.ok) {
    s.showNotice('Your earlier session could not be brought back: it is no longer stored.');
    return;
  }
  await applySession(checked.value, 'Your session from before the link is back.');
  try {
    window.localStorage.removeItem(BACKUP_KEY);
  } catch {
    // Nothing to clean if storage is unavailable.
  }
  s.showNotice('Your session is back.', 'info');
}

/** A link to the lesson step being followed, or null outside a lesson. */
export function lessonLink(): string | null {
  const place = appStore.getState().lesson;
  return place ? shareUrl({ v: 1, lesson: place.id, step: place.step }, window.location) : null;
}

/** Download the session as a JSON file (the same format as the page keeps across reloads). */
export function exportSession(): void {
  const blob = new Blob([JSON.stringify(currentSession(), null, 1)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'dockscope-session.json';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Read, check and open a session file; a bad one leaves everything as it is and says why. */
export async function importSessionFile(file: File): Promise<void> {
  const s = appStore.getState();
  const refuse = (reason: string) =>
    s.showNotice(
      `"${file.name.slice(0, 80)}" could not be imported: ${reason}. Nothing was changed.`,
    );
  if (file.size > LIMITS.maxJsonChars) return refuse(`it is too large (${file.size} bytes)`);
  let text: string;
  try {
    text = await file.text();
  } catch {
    return refuse('the file could not be read');
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return refuse(parsed.reason);
  const checked = checkSession(parsed.value, lessonSteps);
  if (!checked.ok) return refuse(checked.reason);
  await applySession(checked.value, `Imported ${file.name.slice(0, 80)}.`);
  s.showNotice(`Imported "${file.name.slice(0, 80)}".`, 'info');
}
