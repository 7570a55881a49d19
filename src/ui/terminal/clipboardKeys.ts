import type { Terminal } from '@xterm/xterm';

/**
 * Copy and paste the way terminals do in a browser: Ctrl/Cmd-C copies when
 * text is selected (otherwise it is Ctrl-C, the interrupt), Ctrl-Shift-C
 * always copies, and Ctrl/Cmd-V is left to the browser so its paste event
 * reaches xterm. Escape is left to the page (it skips the animation).
 * Returns false for keys xterm must not handle.
 */
export function clipboardKeyHandler(term: Terminal) {
  return (event: KeyboardEvent): boolean => {
    if (event.key === 'Escape') return false;
    if (event.type !== 'keydown') return true;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 'c' && (event.shiftKey || term.hasSelection())) {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => {});
      event.preventDefault();
      return false;
    }
    if (mod && key === 'v') return false;
    return true;
  };
}
