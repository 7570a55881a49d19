import { describe, expect, it } from 'vitest';
import { nextRegion } from './regions';

const all = [true, true, true, true, true];

describe('F6 region cycle', () => {
  it('starts at the first region going forward and the last going back', () => {
    expect(nextRegion(-1, 1, all)).toBe(0);
    expect(nextRegion(-1, -1, all)).toBe(4);
  });

  it('wraps around both ways', () => {
    expect(nextRegion(4, 1, all)).toBe(0);
    expect(nextRegion(0, -1, all)).toBe(4);
    expect(nextRegion(1, 1, all)).toBe(2);
  });

  it('passes over regions that cannot take focus (a folded dock)', () => {
    const folded = [true, true, false, false, true];
    expect(nextRegion(1, 1, folded)).toBe(4);
    expect(nextRegion(4, -1, folded)).toBe(1);
  });

  it('has nowhere to go when nothing else can take focus', () => {
    expect(nextRegion(0, 1, [true, false, false])).toBeNull();
    expect(nextRegion(-1, 1, [false, false])).toBeNull();
    expect(nextRegion(-1, 1, [])).toBeNull();
  });
});
