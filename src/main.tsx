/**
 * The page's entry: as small as it can be. The first paint is index.html's own shell (frame,
 * prompt, type-ahead; src/boot/shell.css), drawn before this runs; the app comes as a chunk of
 * its own, asked for right after that paint (fetching it earlier held the paint: see
 * vite.config.ts), so the shell is on screen however the app's code arrives. This entry, that
 * chunk and what it imports are the page's initial JavaScript (scripts/benchWeb.ts).
 */
const afterFirstPaint = new Promise<void>((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  // A tab opened in the background gets no animation frames: do not wait for one.
  setTimeout(resolve, 100);
});

void afterFirstPaint.then(() => import('./ui/mount'));
