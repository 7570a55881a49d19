/**
 * The page's entry: as small as it can be. The first paint is index.html's own shell (frame,
 * prompt, type-ahead; src/boot/shell.css), drawn before this runs; the app comes as a chunk of
 * its own, fetched at once (index.html preloads it, see vite.config.ts) but run only after
 * that paint, so the shell is on screen however fast the app's code arrives.
 */
const afterFirstPaint = new Promise<void>((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  // A tab opened in the background gets no animation frames: do not wait for one.
  setTimeout(resolve, 100);
});

void afterFirstPaint.then(() => import('./ui/mount'));
