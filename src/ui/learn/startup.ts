/**
 * What the page restores and watches for learning (the saved session, a shared link, lesson
 * checks, drill holds): loaded after the first paint, with the lessons' content, by boot.ts.
 */
import { appStore } from '../store';
import { readStored, clearStored, startAutosave } from '../persist/storage';
import { applySession, hasWork } from '../persist/session';
import { decodeScenario, hasScenario } from '../share/link';
import { openScenario } from '../share/actions';
import { lessonSteps, startStepChecks } from './lessonControl';
import { startDrillWatch } from './drillControl';
import { startQuestionWatch } from './questionControl';
import { pageHasStarted } from '../../boot/typeAhead';

/** The hash is read once: a reload must not replay a link again, and a refused one must not linger. */
function clearHash(): void {
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}`);
}

/** Open a `#s=` link if the page has one; a bad one is refused with a notice and changes nothing. */
async function openLinkInHash(): Promise<void> {
  const hash = window.location.hash;
  if (!hasScenario(hash)) return;
  clearHash();
  const decoded = decodeScenario(hash, lessonSteps);
  if (!decoded.ok) {
    appStore
      .getState()
      .showNotice(`This link could not be opened: ${decoded.reason}. Nothing was changed.`);
    return;
  }
  const s = appStore.getState();
  // A refusal shown for an earlier link is stale now that this one is valid.
  s.dismissNotice();
  if (hasWork()) {
    // The current host has the learner's commands: ask first (NoticeBar shows the question).
    s.setLinkPrompt(decoded.value);
    return;
  }
  s.setLinkPrompt(null);
  await openScenario(decoded.value);
}

/** The stored session, if any; unreadable storage is cleared and the learner told. */
async function restoreStored(): Promise<void> {
  const stored = readStored(lessonSteps);
  if (stored.kind === 'ok') {
    try {
      await applySession(stored.session);
      return;
    } catch (error) {
      // Checked data the engine still cannot replay: start clean rather than half-restored.
      clearStored();
      await applySession({ ...stored.session, inputs: [], lesson: null });
      appStore
        .getState()
        .showNotice(
          `Your saved session could not be replayed (${String(error)}); the host was reset.`,
        );
      return;
    }
  }
  if (stored.kind === 'bad') {
    clearStored();
    appStore
      .getState()
      .showNotice(
        `Your saved session could not be restored: ${stored.reason}. DockScope started with an empty host.`,
      );
  }
}

let booting: Promise<void> | null = null;

/**
 * On first load: the saved session comes back, then a shared link (if any)
 * is opened on top; from then on every change is saved. Lesson checks, drill
 * holds and question focus follow the store while the page is open. Returns
 * how to stop all that.
 */
export function startLearning(): () => void {
  const stops = [startStepChecks(), startDrillWatch(), startQuestionWatch()];
  let stopSave: (() => void) | null = null;
  let live = true;
  booting ??= restoreStored().then(openLinkInHash);
  // Lines typed into the first paint's shell run after this, on the host that stays.
  void booting.then(pageHasStarted, pageHasStarted);
  void booting.then(() => {
    if (live) stopSave = startAutosave();
  });
  const onHash = () => void openLinkInHash();
  window.addEventListener('hashchange', onHash);
  return () => {
    live = false;
    stops.forEach((stop) => stop());
    stopSave?.();
    window.removeEventListener('hashchange', onHash);
  };
}
