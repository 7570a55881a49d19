import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridge } from '../bridge';
import { appStore } from '../store';
import { detailLevelOf, stepsAt } from './levels';
import { player } from './player';
import { nextStop } from './steps';

let stop: () => void = () => {};

beforeEach(async () => {
  vi.useFakeTimers();
  await bridge.reset();
  appStore.setState({ speed: 1, detailLevel: 'full' });
  stop = player.start();
  bridge.run('docker run hello-world');
  bridge.advance(1000);
  // Paused at the very start, as a learner reviewing the command would be.
  player.seek(0);
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

/** Where the cursor stands once the hop in flight (if any) has landed. */
const cursor = () => {
  const s = appStore.getState();
  return s.inFlight ? s.inFlight.seq : s.animatedSeq;
};

describe('stepping forward', () => {
  it('counts every press, even while a hop is still travelling', () => {
    const steps = stepsAt(detailLevelOf(appStore.getState()));
    const length = bridge.trace.length;
    expect(length).toBeGreaterThan(10);
    let expected = 0;
    for (let i = 0; i < 5; i++) {
      player.stepForward();
      expected = nextStop(expected, steps, length);
      // Far quicker than any hop's travel time.
      vi.advanceTimersByTime(20);
      expect(cursor()).toBe(expected);
    }
    expect(appStore.getState().inFlight).not.toBeNull();
    vi.runAllTimers();
    expect(appStore.getState().animatedSeq).toBe(expected);
    expect(appStore.getState().inFlight).toBeNull();
    expect(appStore.getState().playing).toBe(false);
  });

  it('a press during playback lands the hop and moves one step past it', () => {
    player.play();
    const first = appStore.getState().inFlight;
    expect(first).not.toBeNull();
    player.stepForward();
    const steps = stepsAt(detailLevelOf(appStore.getState()));
    expect(appStore.getState().inFlight?.seq).toBe(
      nextStop(first!.seq, steps, bridge.trace.length),
    );
    expect(appStore.getState().playing).toBe(false);
  });

  it('stops at the end of the trace', () => {
    player.seek(bridge.trace.length);
    player.stepForward();
    expect(appStore.getState().animatedSeq).toBe(bridge.trace.length);
    expect(appStore.getState().inFlight).toBeNull();
  });
});
