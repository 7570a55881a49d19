import { describe, expect, it } from 'vitest';
import { boundsOf, parseTranslate, pngFrame } from './pngFrame';

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
