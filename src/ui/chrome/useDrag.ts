import { useCallback, useMemo, useRef } from 'react';

/**
 * Pointer handlers for a drag handle (the splitters): the pointer is captured
 * while a button is down, and each move while dragging goes to `onMove`.
 */
export function useDrag(onMove: (e: React.PointerEvent) => void) {
  const dragging = useRef(false);
  const onPointerDown = useCallback((e: React.PointerEvent<HTMLElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  }, []);
  const onPointerMove = useCallback(
    (e: React.PointerEvent) => {
      if (dragging.current) onMove(e);
    },
    [onMove],
  );
  const onPointerUp = useCallback((e: React.PointerEvent<HTMLElement>) => {
    dragging.current = false;
    e.currentTarget.releasePointerCapture(e.pointerId);
  }, []);
  return useMemo(
    () => ({ onPointerDown, onPointerMove, onPointerUp }),
    [onPointerDown, onPointerMove, onPointerUp],
  );
}
