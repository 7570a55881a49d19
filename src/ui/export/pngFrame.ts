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

/** The stroke properties an edge gets from our stylesheet (diagram.css), not from its own style. */
const EDGE_STROKE = ['stroke', 'stroke-width', 'stroke-dasharray', 'fill'] as const;

interface Styled {
  style: Pick<CSSStyleDeclaration, 'getPropertyValue' | 'setProperty' | 'removeProperty'>;
}

/**
 * Writes each edge path's computed stroke into its own style attribute for
 * the time of the capture, and returns how to undo it. html-to-image lost
 * the strokes that come from a class (the idle connection lines) and kept
 * only the inline one of the edge in flight, so the PNG showed one line.
 * Properties already set inline are left alone (and kept on undo).
 */
export function inlineEdgeStrokes(
  paths: Iterable<Styled>,
  computed: (el: Styled) => Pick<CSSStyleDeclaration, 'getPropertyValue'>,
): () => void {
  const undo: Array<() => void> = [];
  for (const path of paths) {
    const style = computed(path);
    for (const name of EDGE_STROKE) {
      if (path.style.getPropertyValue(name)) continue;
      const value = style.getPropertyValue(name);
      if (!value) continue;
      path.style.setProperty(name, value);
      undo.push(() => path.style.removeProperty(name));
    }
  }
  return () => {
    for (const u of undo) u();
  };
}
