import { getViewportForBounds, type Rect } from '@xyflow/react';

/** Where each node is drawn, in flow coordinates. */
export type NodeRect = Rect;

/** The box around all nodes (empty diagram: a zero box at the origin). */
export function boundsOf(rects: readonly NodeRect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The image size and the transform that fits every node into it, the way
 * React Flow's "download image" example does: the viewport element is
 * rendered with a transform of our own, whatever the learner's zoom.
 */
export function pngFrame(rects: readonly NodeRect[], width = 1600, height = 1000) {
  const vp = getViewportForBounds(boundsOf(rects), width, height, 0.5, 2, 0.06);
  return {
    width,
    height,
    transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
  };
}

/** A node's position from its `transform: translate(Xpx, Ypx)` style. */
export function parseTranslate(transform: string): { x: number; y: number } | undefined {
  const m = /translate\(\s*(-?[\d.]+)px\s*,\s*(-?[\d.]+)px\s*\)/.exec(transform);
  return m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
}
