import { memo, useCallback, useRef, type CSSProperties } from 'react';
import { useDrag } from './chrome/useDrag';
import { PlaybackControls } from './chrome/PlaybackControls';
import { Inspector, Timeline } from './lazy';
import { useAppStore } from './store';
import { DOCK_MAX, DOCK_MIN } from './store/playbackSlice';

const KEY_STEP = 24;

/**
 * The bar between the diagram and the dock: dragging it (or the arrow keys)
 * trades diagram height for timeline/inspector height. On a small screen the
 * learner decides what matters now: a readable diagram or a long message.
 */
function DockSplitter({ panes }: { panes: React.RefObject<HTMLDivElement | null> }) {
  const height = useAppStore((s) => s.dockHeight);
  const setHeight = useAppStore((s) => s.setDockHeight);
  const current = () => height ?? panes.current?.getBoundingClientRect().height ?? 200;
  const drag = useDrag(
    useCallback(
      (e: React.PointerEvent) => {
        const box = panes.current?.getBoundingClientRect();
        // The dock's bottom edge stays put: its height is how far the pointer is above it.
        if (box) setHeight(box.bottom - e.clientY);
      },
      [panes, setHeight],
    ),
  );
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowUp') setHeight(current() + KEY_STEP);
    else if (e.key === 'ArrowDown') setHeight(current() - KEY_STEP);
    else if (e.key === 'Home') setHeight(null);
    else return;
    e.preventDefault();
  };
  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label="Resize the diagram and the timeline (arrow keys; Home restores)"
      aria-orientation="horizontal"
      aria-valuemin={DOCK_MIN}
      aria-valuemax={DOCK_MAX}
      aria-valuenow={Math.round(current())}
      className="dock-splitter"
      data-testid="dock-splitter"
      {...drag}
      onKeyDown={onKeyDown}
      onDoubleClick={() => setHeight(null)}
    >
      <span className="splitter__grip" aria-hidden="true" />
    </div>
  );
}

/**
 * Under the diagram: the transport bar, then the timeline of every message
 * and the inspector of the one selected (or at the cursor), side by side.
 * The timeline and inspector can be folded away, resized, or the inspector
 * given the whole width (choices kept in the store and across reloads).
 */
export const TraceDock = memo(function TraceDock() {
  const collapsed = useAppStore((s) => s.dockCollapsed);
  const height = useAppStore((s) => s.dockHeight);
  const wide = useAppStore((s) => s.inspectorWide);
  const panes = useRef<HTMLDivElement>(null);
  const size = height === null ? undefined : ({ flexBasis: `${height}px` } as CSSProperties);
  return (
    <div
      className="trace-dock"
      data-testid="trace-dock"
      data-collapsed={collapsed}
      data-inspector-wide={wide}
      data-sized={height !== null}
    >
      {!collapsed && <DockSplitter panes={panes} />}
      <PlaybackControls />
      <div
        ref={panes}
        className="trace-dock__panes"
        style={size}
        hidden={collapsed}
        data-testid="trace-dock-panes"
      >
        <Timeline />
        <div
          className="trace-dock__inspector"
          data-testid="inspector-region"
          role="region"
          aria-label="Inspector"
          tabIndex={-1}
        >
          <Inspector />
        </div>
      </div>
    </div>
  );
});
