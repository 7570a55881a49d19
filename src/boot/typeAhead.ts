/**
 * The hand-over from the page's first paint to the app (issue 12). index.html shows a shell
 * with a prompt before any script runs, and keeps what is typed into it in
 * `window.dockscopeBoot` (a few lines of plain JavaScript there). The terminal takes those keys
 * once the page has started — the simulated host ready and a saved session or a shared link
 * restored — so a line typed before runs after the restore, never into a host about to be
 * replaced, and nothing typed is lost.
 */
declare global {
  interface Window {
    /** Set by index.html's inline script; gone once taken. */
    dockscopeBoot?: {
      /** The lines typed (each ended by CR, as xterm sends Enter) and the half-typed one; removes the shell. */
      take(): string;
    };
  }
}

let markStarted: () => void = () => {};

/** Resolves when the page has restored what it restores at start (learn/boot.ts says when). */
export const pageStarted = new Promise<void>((resolve) => {
  markStarted = resolve;
});

/** The page's start-up work is done (called once, whatever its outcome). */
export function pageHasStarted(): void {
  markStarted();
}

/**
 * The keys typed into the first paint's shell, once: the shell is removed and the app (inert
 * until now) takes the keyboard. Empty when there was no shell (a test page, a second call).
 */
export function takeTypeAhead(): string {
  const boot = typeof window === 'undefined' ? undefined : window.dockscopeBoot;
  if (!boot) return '';
  window.dockscopeBoot = undefined;
  return boot.take();
}
