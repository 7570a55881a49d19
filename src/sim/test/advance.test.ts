/**
 * `advance` is an input like any other: it goes into the input log, so a
 * duration the log cannot replay must be refused before anything happens.
 * `advance(NaN)` used to run every pending timer (the scheduler's `runUntil`
 * compares with NaN) and log nothing, so a replay diverged.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

function busyEngine(): Engine {
  const engine = new Engine({ seed: 3 });
  engine.run('docker run -d --name sleeper alpine sleep 60');
  engine.advance(1000);
  return engine;
}

describe('Engine.advance refuses durations a replay cannot reproduce', () => {
  for (const ms of [Number.NaN, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`advance(${ms}) throws and changes nothing`, () => {
      const engine = busyEngine();
      const now = engine.now;
      const trace = engine.trace.length;
      const inputs = JSON.stringify(engine.inputs);
      const view = JSON.stringify(engine.view());
      expect(() => engine.advance(ms)).toThrow(RangeError);
      expect(engine.now).toBe(now);
      expect(engine.trace.length).toBe(trace);
      expect(JSON.stringify(engine.inputs)).toBe(inputs);
      expect(JSON.stringify(engine.view())).toBe(view);
      // The container still has its 59 s of sleep left; then it exits, as in a replay.
      engine.advance(60_000);
      const replayed = Engine.replay(engine.inputs, { seed: 3 });
      expect(replayed.trace.map((m) => [m.seq, m.from, m.to, m.operation])).toEqual(
        engine.trace.map((m) => [m.seq, m.from, m.to, m.operation]),
      );
      expect(replayed.now).toBe(engine.now);
      expect(engine.run('docker ps -a').stdout).toContain('Exited (0)');
    });
  }

  it('advance(0) is allowed, does nothing and logs nothing', () => {
    const engine = busyEngine();
    const inputs = JSON.stringify(engine.inputs);
    engine.advance(0);
    expect(JSON.stringify(engine.inputs)).toBe(inputs);
  });
});
