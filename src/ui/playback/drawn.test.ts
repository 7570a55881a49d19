import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridge } from '../bridge';
import { appStore } from '../store';
import { player } from './player';

/**
 * A stand-in for the diagram on a loaded machine: it draws a frame only every
 * `every` ms (far longer than a fast hop takes), and on each frame draws the
 * packet of the hop in flight, if any. What it drew is what the learner saw.
 * Like the diagram it tells the player a packet was drawn one frame later,
 * once the frame that showed it has been painted.
 */
function lateFrames(every: number) {
  const detach = player.attachCanvas();
  const drawn: number[] = [];
  let painted: number | null = null;
  const frame = () => {
    if (painted !== null) player.drawn(painted);
    painted = null;
    const flight = appStore.getState().inFlight;
    if (!flight) return;
    if (drawn.at(-1) !== flight.seq) drawn.push(flight.seq);
    painted = flight.seq;
  };
  const id = setInterval(frame, every);
  return {
    drawn,
    stop: () => {
      clearInterval(id);
      detach();
    },
  };
}

let stop: () => void = () => {};

beforeEach(async () => {
  vi.useFakeTimers();
  await bridge.reset();
  appStore.setState({ speed: 4, detailLevel: 'full' });
  stop = player.start();
  player.skip();
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('late frames', () => {
  it('every message of a command has its packet drawn, however late the frames come', () => {
    const frames = lateFrames(400);
    bridge.run('docker run hello-world');
    bridge.advance(1000);
    const length = bridge.trace.length;
    expect(length).toBeGreaterThan(10);
    for (let i = 0; i < 10_000 && !player.idle; i++) vi.advanceTimersByTime(100);
    frames.stop();
    expect(player.idle).toBe(true);
    expect(frames.drawn).toEqual(Array.from({ length }, (_, i) => i + 1));
  });

  it('a hop whose time is up stays in flight until its packet has been drawn', () => {
    const detach = player.attachCanvas();
    bridge.run('docker version');
    const first = appStore.getState().inFlight;
    expect(first).not.toBeNull();
    vi.advanceTimersByTime(first!.duration * 10);
    expect(appStore.getState().inFlight).toBe(first);
    // A report about another hop changes nothing.
    player.drawn(first!.seq + 1);
    expect(appStore.getState().inFlight).toBe(first);
    player.drawn(first!.seq);
    expect(appStore.getState().animatedSeq).toBe(first!.seq);
    expect(appStore.getState().inFlight?.seq).toBe(first!.seq + 1);
    detach();
  });

  it('drawn before its time is up, a hop still travels its whole time', () => {
    const detach = player.attachCanvas();
    bridge.run('docker version');
    const first = appStore.getState().inFlight!;
    player.drawn(first.seq);
    vi.advanceTimersByTime(first.duration - 1);
    expect(appStore.getState().inFlight).toBe(first);
    vi.advanceTimersByTime(1);
    expect(appStore.getState().animatedSeq).toBe(first.seq);
    detach();
  });

  it('the diagram going away lets a waiting hop land', () => {
    const detach = player.attachCanvas();
    bridge.run('docker version');
    const first = appStore.getState().inFlight!;
    vi.advanceTimersByTime(first.duration);
    expect(appStore.getState().inFlight).toBe(first);
    detach();
    expect(appStore.getState().animatedSeq).toBe(first.seq);
  });
});

describe('ways not to animate still work with the diagram on screen', () => {
  it('Escape while a hop waits to be drawn jumps to the present and keeps following it', () => {
    const detach = player.attachCanvas();
    bridge.run('docker run hello-world');
    bridge.advance(1000);
    vi.advanceTimersByTime(5000);
    expect(appStore.getState().inFlight?.seq).toBe(1);
    player.skip();
    expect(player.idle).toBe(true);
    expect(appStore.getState().animatedSeq).toBe(bridge.trace.length);
    // A late report for the abandoned hop does nothing.
    player.drawn(1);
    expect(appStore.getState().animatedSeq).toBe(bridge.trace.length);
    // The next command plays again.
    const before = bridge.trace.length;
    bridge.run('docker version');
    expect(appStore.getState().inFlight?.seq).toBe(before + 1);
    detach();
  });

  it('instant speed shows everything landed at once, with nothing to wait for', () => {
    const detach = player.attachCanvas();
    appStore.setState({ speed: 'instant' });
    bridge.run('docker run hello-world');
    bridge.advance(1000);
    expect(player.idle).toBe(true);
    expect(appStore.getState().animatedSeq).toBe(bridge.trace.length);
    detach();
  });

  it('pausing while a hop waits to be drawn holds the cursor on that hop', () => {
    const detach = player.attachCanvas();
    bridge.run('docker version');
    const first = appStore.getState().inFlight!;
    vi.advanceTimersByTime(first.duration);
    player.pause();
    expect(appStore.getState().inFlight).toBeNull();
    expect(appStore.getState().animatedSeq).toBe(first.seq);
    player.drawn(first.seq);
    expect(appStore.getState().animatedSeq).toBe(first.seq);
    expect(appStore.getState().inFlight).toBeNull();
    detach();
  });
});
