import { appStore } from '../store';
import { player } from './player';

/** The page's keys, as the shortcuts panel lists them (data, shown as written). */
export const SHORTCUTS: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: 'Space', does: 'Play or pause' },
  { keys: '←', does: 'Step back one message (one step in the overview)' },
  { keys: '→', does: 'Step forward one message (one step in the overview)' },
  { keys: 'Home', does: 'Go to the first message' },
  { keys: 'End', does: 'Go to the last message' },
  { keys: 'Esc', does: 'Skip the animation to the present (also in the terminal)' },
  { keys: '?', does: 'Show or hide this list' },
  {
    keys: 'F6',
    does: 'Move focus to the next part: terminal, playback controls, timeline, inspector, diagram (also from the terminal)',
  },
  { keys: 'Shift+F6', does: 'Move focus to the previous part' },
];

/**
 * Keys the learner is typing somewhere else stay theirs: everything in the
 * terminal (xterm's hidden textarea), text fields, selects and the scrubber;
 * Space and Enter on a focused button or diagram node (they press it), while
 * the arrows there still step.
 */
export function ownsKey(target: EventTarget | null, key: string): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('[data-testid=terminal], .xterm, input, textarea, select, [contenteditable]'))
    return true;
  if (key !== ' ' && key !== 'Enter') return false;
  return target.closest('button, a[href], [role=button], summary') !== null;
}

/** Act on a playback key; returns true when the key was used. */
export function handlePlaybackKey(
  e: Pick<KeyboardEvent, 'key' | 'target' | 'altKey' | 'ctrlKey' | 'metaKey' | 'defaultPrevented'>,
): boolean {
  if (e.key === 'Escape') {
    if (e.defaultPrevented) return false;
    if (appStore.getState().shortcutsOpen) appStore.setState({ shortcutsOpen: false });
    else player.skip();
    return true;
  }
  if (e.altKey || e.ctrlKey || e.metaKey || ownsKey(e.target, e.key)) return false;
  switch (e.key) {
    case ' ':
      player.toggle();
      return true;
    case 'ArrowLeft':
      player.stepBack();
      return true;
    case 'ArrowRight':
      player.stepForward();
      return true;
    case 'Home':
      player.seek(0);
      return true;
    case 'End':
      player.seek(Number.MAX_SAFE_INTEGER);
      return true;
    case '?':
      appStore.setState((s) => ({ shortcutsOpen: !s.shortcutsOpen }));
      return true;
    default:
      return false;
  }
}
