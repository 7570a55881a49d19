import { useCallback } from 'react';
import { useDrag } from './useDrag';
import { useAppStore } from '../store';
import { MAX_SHARE, MIN_SHARE } from '../store/layoutSlice';

interface SplitterProps {
  /** `vertical`: panels side by side (drag left/right); `horizontal`: stacked (drag up/down). */
  orientation: 'vertical' | 'horizontal';
  /** The element whose size the share is measured against. */
  container: React.RefObject<HTMLElement | null>;
}

const STEP = 0.02;

/** The draggable bar between the terminal and the diagram; arrow keys move it too. */
export function Splitter({ orientation, container }: SplitterProps) {
  const share = useAppStore((s) => s.terminalShare);
  const setShare = useAppStore((s) => s.setTerminalShare);

  const shareAt = useCallback(
    (e: React.PointerEvent) => {
      const box = container.current?.getBoundingClientRect();
      if (!box) return null;
      return orientation === 'vertical'
        ? (e.clientX - box.left) / box.width
        : (e.clientY - box.top) / box.height;
    },
    [container, orientation],
  );

  const drag = useDrag(
    useCallback(
      (e: React.PointerEvent) => {
        const next = shareAt(e);
        if (next !== null) setShare(next);
      },
      [setShare, shareAt],
    ),
  );
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      const less = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
      const more = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
      if (e.key === less) setShare(share - STEP);
      else if (e.key === more) setShare(share + STEP);
      else if (e.key === 'Home') setShare(MIN_SHARE);
      else if (e.key === 'End') setShare(MAX_SHARE);
      else return;
      e.preventDefault();
    },
    [orientation, setShare, share],
  );

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label="Resize terminal and diagram"
      aria-orientation={orientation}
      aria-valuemin={MIN_SHARE * 100}
      aria-valuemax={MAX_SHARE * 100}
      aria-valuenow={Math.round(share * 100)}
      className="splitter"
      data-orientation={orientation}
      data-testid="splitter"
      {...drag}
      onKeyDown={onKeyDown}
    >
      <span className="splitter__grip" aria-hidden="true" />
    </div>
  );
}
