/**
 * Work that must not delay the frame answering a key (issue 12: Enter paints its feedback
 * within the next frame). `fn` runs as the frame after the next one begins: by then the next
 * frame (the one that shows the echo) has been drawn, rasterised included, so whatever `fn`
 * does (a React commit, a message to the engine's worker, that worker's computing on the
 * machine's other core) comes after the echo the learner is waiting to see. It costs a frame
 * or two, about 16–33 ms, before a command starts computing: not felt against its animation.
 *
 * Where nothing is painted (Node, the unit tests) there is nothing to wait for: `fn` runs at
 * once, so headless code keeps its order. A hidden page runs no animation frames; a timer
 * stands in for them there, so deferred work is never stuck.
 */
export function afterNextPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined') return fn();
  let ran = false;
  const run = () => {
    if (ran) return;
    ran = true;
    clearTimeout(fallback);
    fn();
  };
  const fallback = setTimeout(run, HIDDEN_PAGE_MS);
  requestAnimationFrame(() => requestAnimationFrame(run));
}

/** Longer than two frames of a visible page, short enough to go unnoticed in a hidden one. */
const HIDDEN_PAGE_MS = 250;
