import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import {
  clampSeq,
  lastCommandStart,
  messageSteps,
  nextStop,
  previousStop,
  type Step,
  type Steps,
} from './steps';

/** Steps of fixed ranges: [1..3], [4..4], [5..9]. */
const grouped: Steps = {
  at(seq) {
    const ranges: Array<[number, number]> = [
      [1, 3],
      [4, 4],
      [5, 9],
    ];
    const r = ranges.find(([a, b]) => seq >= a && seq <= b);
    return r ? ({ first: r[0], last: r[1], from: 'a', to: 'b' } satisfies Step) : undefined;
  },
};

describe('stepping', () => {
  it('moves one message at a time under the hood, never outside the trace', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker ps');
    const steps = messageSteps(engine.trace);
    const n = engine.trace.length;
    expect(nextStop(0, steps, n)).toBe(1);
    expect(nextStop(n - 1, steps, n)).toBe(n);
    expect(nextStop(n, steps, n)).toBe(n);
    expect(previousStop(3, steps, n)).toBe(2);
    expect(previousStop(0, steps, n)).toBe(0);
  });

  it('moves a whole step at the overview level, and from inside a step to its ends', () => {
    expect(nextStop(0, grouped, 9)).toBe(3);
    expect(nextStop(3, grouped, 9)).toBe(4);
    expect(nextStop(4, grouped, 9)).toBe(9);
    // After a level switch the cursor can sit inside a step.
    expect(nextStop(6, grouped, 9)).toBe(9);
    expect(previousStop(9, grouped, 9)).toBe(4);
    expect(previousStop(4, grouped, 9)).toBe(3);
    expect(previousStop(3, grouped, 9)).toBe(0);
    expect(previousStop(6, grouped, 9)).toBe(4);
  });

  it('keeps seek targets inside the trace whatever it is given', () => {
    expect(clampSeq(-5, 10)).toBe(0);
    expect(clampSeq(10.7, 10)).toBe(10);
    expect(clampSeq(Number.NaN, 10)).toBe(0);
    expect(clampSeq(Number.POSITIVE_INFINITY, 10)).toBe(0);
    expect(clampSeq(4.2, 10)).toBe(4);
  });

  it('replays the newest command from just before its first message', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker version');
    const second = engine.run('docker ps');
    expect(lastCommandStart(engine.trace, (id) => engine.result(id)?.firstSeq)).toBe(
      second.firstSeq - 1,
    );
    expect(lastCommandStart([], () => undefined)).toBeNull();
  });
});
