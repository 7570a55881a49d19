import { bridge } from '../bridge';
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
 * Open a checked scenario: a lesson step, or a fresh host with the setup
 * done at once and the commands typed one after another, each animated
 * (what the person who shared it wanted shown).
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
  for (const command of scenario.commands) {
    if (!shell || shell.type(command) === 'attached') break;
  }
}

/** The commands run on this host, as a link that replays them. */
export function sessionLink(): Checked<string> {
  const commands = bridge.session.inputs.flatMap((i) => (i.op === 'run' ? [i.line] : []));
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
  return { ok: true, value: shareUrl({ v: 1, setup: [], commands }, window.location) };
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
