import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridge } from '../bridge';
import { appStore } from '../store';
import { overviewIndex } from '../narration/overviewSteps';
import { player } from './player';

/**
 * Issue 12's pace for a first-time learner, at the default level (Overview)
 * and speed (1×), on a fresh host: the player's own clock, with no diagram
 * attached (the page adds a frame or two per hop; the e2e pacing spec
 * measures that).
 */
let stop: () => void = () => {};

beforeEach(async () => {
  vi.useFakeTimers();
  await bridge.reset();
  appStore.setState({ speed: 1, detailLevel: appStore.getInitialState().detailLevel });
  stop = player.start();
  player.skip();
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

const TICK = 10;

/** Type `command` and play it to the end: how long it took, which steps were shown, when a container first showed. */
function play(command: string) {
  const start = bridge.trace.length;
  bridge.run(command);
  bridge.advance(1000);
  const shown: number[] = [];
  let ms = 0;
  let containerAt: number | null = null;
  while (!player.idle && ms < 120_000) {
    const flight = appStore.getState().inFlight;
    if (flight && shown.at(-1) !== flight.seq) shown.push(flight.seq);
    const landed = bridge.hostAt(appStore.getState().animatedSeq, 'local');
    if (containerAt === null && (landed?.containers.length ?? 0) > 0) containerAt = ms;
    vi.advanceTimersByTime(TICK);
    ms += TICK;
  }
  const steps = overviewIndex().steps.filter((s) => s.first > start);
  return { ms, containerAt, shown, steps: steps.map((s) => s.last) };
}

describe('the default pace for a first-time learner', () => {
  it('starts at the Overview level', () => {
    expect(appStore.getState().detailLevel).toBe('overview');
  });

  it('tells the whole story of a first docker run hello-world in at most 15 s, every step shown', () => {
    const run = play('docker run hello-world');
    expect(run.steps.length).toBeGreaterThan(40);
    // Every step travels as its own hop, so each has its sentence in the narration.
    expect(run.shown).toEqual(run.steps);
    expect(run.ms).toBeLessThanOrEqual(12_000); // 3 s left for the page's frames
  });

  it('shows the container of a first docker run -d nginx (with its pull) within 20 s', () => {
    const run = play('docker run -d nginx');
    expect(run.shown).toEqual(run.steps);
    expect(run.containerAt).not.toBeNull();
    expect(run.containerAt!).toBeLessThanOrEqual(15_000);
  });

  it('answers docker ps in under a second', () => {
    const run = play('docker ps');
    expect(run.shown).toHaveLength(4);
    expect(run.ms).toBeLessThanOrEqual(800);
  });

  it('goes at the speed the learner chooses under the hood, every message its own hop', () => {
    appStore.setState({ detailLevel: 'full', speed: 4 });
    const run = play('docker ps');
    expect(run.shown).toEqual([1, 2, 3, 4]);
    appStore.setState({ speed: 0.5 });
    expect(play('docker ps').ms).toBeGreaterThan(run.ms * 4);
  });
});
