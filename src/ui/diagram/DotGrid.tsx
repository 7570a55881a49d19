import { memo } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';

/** Grid spacing and dot diameter at zoom 1, as `<Background gap={20} size={1} />` drew them. */
const GAP = 20;
const SIZE = 1;

const transformOf = (s: ReactFlowState) => s.transform;

/**
 * The diagram's dotted backdrop, following pan and zoom as React Flow's `<Background>` does,
 * painted as a CSS background instead of an SVG pattern. That SVG is sized in percent, and
 * Chromium lays it out and repaints it whole on every layout of the page, however small and
 * far away: a status line's text, a timeline row, a narration sentence each repainted the
 * entire diagram (about 740×400 pixels in software rasterisation), which cost Enter its
 * next frame and missed frames with 100 containers drawn (issue 12). A box's CSS background
 * is repainted only when the box itself changes: here, on pan and zoom.
 */
export const DotGrid = memo(function DotGrid() {
  const [x, y, zoom] = useStore(transformOf);
  const gap = GAP * zoom || 1;
  const radius = (SIZE * zoom) / 2;
  // The SVG pattern's cells start at (x mod gap) and are shifted back by half a cell, with the
  // dot at (radius, radius) in each: the dot's centre is at (x mod gap) − gap/2 + radius. The
  // gradient puts it in the middle of a cell, so the cell starts half a cell before that.
  const left = (x % gap) - gap + radius;
  const top = (y % gap) - gap + radius;
  return (
    <div
      className="diagram-dots"
      aria-hidden="true"
      style={{
        backgroundImage: `radial-gradient(circle, var(--xy-background-pattern-color) ${radius}px, transparent ${radius + 0.5}px)`,
        backgroundSize: `${gap}px ${gap}px`,
        backgroundPosition: `${left}px ${top}px`,
      }}
    />
  );
});
