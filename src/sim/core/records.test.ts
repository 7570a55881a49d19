import { describe, expect, it } from 'vitest';
import { dict, dictFrom, stateDict } from './records';

describe('dict', () => {
  it.each([
    ['dict', dict],
    ['stateDict', stateDict],
  ])(
    '%s holds only what was put in it (for stateDict: the index that keeps it a dictionary is gone)',
    (_, make) => {
      const d = make<number>();
      expect(Object.keys(d)).toEqual([]);
      expect(2 ** 30 in d).toBe(false);
      expect('toString' in d).toBe(false);
      d[1201] = 1;
      d[7] = 2;
      d.web = 3;
      // Integer keys still enumerate in ascending order, then names in insertion order.
      expect(Object.keys(d)).toEqual(['7', '1201', 'web']);
      expect(Object.keys(dictFrom([['b', 1]]))).toEqual(['b']);
    },
  );
});
