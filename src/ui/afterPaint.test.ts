import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from './afterPaint';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('afterNextPaint', () => {
  it('runs at once where nothing is painted (Node, the unit tests)', () => {
    const fn = vi.fn();
    afterNextPaint(fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('on a page, waits for the frame after the next one, and runs once', () => {
    vi.useFakeTimers();
    const frames: Array<() => void> = [];
    vi.stubGlobal('document', {});
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    const fn = vi.fn();
    afterNextPaint(fn);
    expect(fn).not.toHaveBeenCalled();
    frames.splice(0).forEach((f) => f());
    expect(fn).not.toHaveBeenCalled();
    frames.splice(0).forEach((f) => f());
    expect(fn).toHaveBeenCalledTimes(1);
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('in a hidden page (no frames), runs after a while anyway', () => {
    vi.useFakeTimers();
    vi.stubGlobal('document', {});
    vi.stubGlobal('requestAnimationFrame', () => 0);
    const fn = vi.fn();
    afterNextPaint(fn);
    vi.advanceTimersByTime(100);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
