import { describe, expect, it } from 'vitest';
import { corridorPath, motionFrames, pathPoints } from './geometry';

describe('motionFrames', () => {
  it('puts a keyframe at each corner, at the share of the length run so far', () => {
    expect(motionFrames('M 0 0 L 10 0 L 10 30', true)).toEqual([
      { transform: 'translate(0px, 0px)', offset: 0 },
      { transform: 'translate(10px, 0px)', offset: 0.25 },
      { transform: 'translate(10px, 30px)', offset: 1 },
    ]);
  });

  it('runs a reply from the end of the path back to its start', () => {
    expect(motionFrames('M 0 0 L 10 0 L 10 30', false)).toEqual([
      { transform: 'translate(10px, 30px)', offset: 0 },
      { transform: 'translate(10px, 0px)', offset: 0.75 },
      { transform: 'translate(0px, 0px)', offset: 1 },
    ]);
  });

  it('reads negative and fractional coordinates (the corridor runs above y = 0)', () => {
    const path = corridorPath(
      { x: 40, y: 100, w: 100, h: 50 },
      { x: 400, y: 300, w: 80, h: 40 },
    ).path;
    expect(pathPoints(path)).toEqual([
      { x: 40, y: 125 },
      { x: 10, y: 125 },
      { x: 10, y: -20 },
      { x: 440, y: -20 },
      { x: 440, y: 300 },
    ]);
    const frames = motionFrames('M -1.5 2.25 L 3.5 2.25', true);
    expect(frames[0]!.transform).toBe('translate(-1.5px, 2.25px)');
    expect(frames[1]!.offset).toBe(1);
  });

  it('keeps offsets rising from 0 to 1 for a path of no length', () => {
    expect(motionFrames('M 5 5 L 5 5', true).map((f) => f.offset)).toEqual([0, 1]);
  });
});
