import { describe, expect, it } from 'vitest';
import { boundsOf, inlineEdgeStrokes, parseTranslate, pngFrame } from './pngFrame';

describe('PNG frame', () => {
  it('fits all nodes into the image', () => {
    const rects = [
      { x: 0, y: 0, width: 100, height: 50 },
      { x: 700, y: 400, width: 100, height: 50 },
    ];
    expect(boundsOf(rects)).toEqual({ x: 0, y: 0, width: 800, height: 450 });
    const f = pngFrame(rects, 1600, 1000);
    const m = /translate\((.+)px, (.+)px\) scale\((.+)\)/.exec(f.transform)!;
    const [x, y, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // Both corners land inside the picture.
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(x + 800 * zoom).toBeLessThanOrEqual(1600);
    expect(y + 450 * zoom).toBeLessThanOrEqual(1000);
    expect(zoom).toBeGreaterThan(1);
  });

  it('reads node positions and survives an empty diagram', () => {
    expect(parseTranslate('translate(12.5px, -3px)')).toEqual({ x: 12.5, y: -3 });
    expect(parseTranslate('none')).toBeUndefined();
    expect(pngFrame([]).transform).toMatch(/^translate\(/);
  });
});

describe('edge strokes for the PNG', () => {
  /** A stand-in for an SVG path: its inline style, and what the stylesheet computes. */
  function fakePath(inline: Record<string, string>, sheet: Record<string, string>) {
    const own = new Map(Object.entries(inline));
    return {
      own,
      sheet,
      style: {
        getPropertyValue: (n: string) => own.get(n) ?? '',
        setProperty: (n: string, v: string | null) => void own.set(n, v ?? ''),
        removeProperty: (n: string) => {
          const v = own.get(n) ?? '';
          own.delete(n);
          return v;
        },
      },
    };
  }
  const computedOf = (p: ReturnType<typeof fakePath>) => ({
    getPropertyValue: (n: string) => p.sheet[n] ?? p.own.get(n) ?? '',
  });

  it('inlines the class strokes of idle edges, keeps the active edge’s own, and undoes it', () => {
    const idle = fakePath(
      {},
      { stroke: 'rgb(154, 164, 174)', 'stroke-width': '1.5px', fill: 'none' },
    );
    const active = fakePath({ stroke: '#0a7' }, { stroke: 'rgb(0, 0, 0)', 'stroke-width': '3px' });
    const undo = inlineEdgeStrokes([idle, active], (p) => computedOf(p as typeof idle));
    expect(idle.own.get('stroke')).toBe('rgb(154, 164, 174)');
    expect(idle.own.get('stroke-width')).toBe('1.5px');
    expect(active.own.get('stroke')).toBe('#0a7');
    expect(active.own.get('stroke-width')).toBe('3px');
    undo();
    expect([...idle.own.keys()]).toEqual([]);
    expect([...active.own.entries()]).toEqual([['stroke', '#0a7']]);
  });
});
