import { useEffect } from 'react';
import { appStore } from '../store';
import { pageHasStarted } from '../../boot/typeAhead';

/**
 * On first load, start what `startup.ts` does (restore the saved session, open a shared link,
 * follow lessons and drills). Its code and the lessons' content are a chunk of their own,
 * loaded after the first paint (issue 12).
 */
export function useLearnBoot(): void {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    void import('./startup').then(
      (m) => {
        if (live) stop = m.startLearning();
      },
      (error: unknown) => {
        appStore
          .getState()
          .showNotice(`Lessons and saved sessions could not be loaded: ${String(error)}.`);
        pageHasStarted();
      },
    );
    return () => {
      live = false;
      stop?.();
    };
  }, []);
}

/** `p` toggles presenter mode, unless the learner is typing (terminal, a field). */
export function usePresenterKey(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'p' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable], .xterm')) return;
      e.preventDefault();
      appStore.getState().togglePresenter();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
