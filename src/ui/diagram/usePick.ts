import { useCallback, useMemo, type KeyboardEvent } from 'react';
import { appStore } from '../store';

/**
 * Makes a diagram node something to pick: a click, or Enter/Space when it has
 * focus, reports it to the store (drills ask "who receives the next
 * message?" and listen there; the diagram knows nothing of drills). The
 * node's own text is its accessible name.
 */
export function usePick(id: string) {
  const pick = useCallback(() => appStore.getState().pickComponent(id), [id]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      // Space here picks the node; it must not also reach the page's play/pause key.
      e.preventDefault();
      e.stopPropagation();
      pick();
    },
    [pick],
  );
  return useMemo(
    () => ({
      role: 'button' as const,
      tabIndex: 0,
      'data-pick': id,
      onClick: pick,
      onKeyDown,
    }),
    [id, pick, onKeyDown],
  );
}
