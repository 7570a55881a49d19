import { describe, expect, it } from 'vitest';
import { Kept } from './useDiagram';

describe('Kept (the diagram hands React Flow the same objects for what did not change)', () => {
  const node = (id: string, state: string) => ({ id, data: { state } });

  it('keeps the objects of unchanged items and takes the changed ones', () => {
    const kept = new Kept<ReturnType<typeof node>>();
    const first = kept.take([node('a', 'created'), node('b', 'running')]);
    const second = kept.take([node('a', 'running'), node('b', 'running'), node('c', 'created')]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]!.data.state).toBe('running');
    expect(second[1]).toBe(first[1]);
    expect(second.map((n) => n.id)).toEqual(['a', 'b', 'c']);
  });

  it('gives the same list back when nothing changed', () => {
    const kept = new Kept<ReturnType<typeof node>>();
    const first = kept.take([node('a', 'created'), node('b', 'running')]);
    expect(kept.take([node('a', 'created'), node('b', 'running')])).toBe(first);
    // An item gone is a change.
    expect(kept.take([node('a', 'created')])).toEqual([first[0]]);
  });
});
