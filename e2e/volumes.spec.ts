import { expect } from '@playwright/test';
import { test } from './fixtures';

/**
 * Issue 13, "done means": data in a volume outlives its container. A file
 * written into a volume by one container (removed when it exits, --rm) is
 * read by the next container that mounts the volume; the container's own
 * writable layer goes with it.
 */
test('a file written in a volume outlives its container', async ({ app }) => {
  // What is tested is the terminal's output, not the animation: no packet travels.
  await app.open({ speed: 'instant' });
  await app.run("docker run --rm -v data:/data alpine sh -c 'echo kept > /data/f; echo lost > /f'");
  await app.waitForIdle();
  await app.run('docker volume ls');
  await app.expectTerminal(/DRIVER\s+VOLUME NAME\s*\nlocal\s+data/);
  await app.waitForIdle();
  await app.run('docker run --rm -v data:/data alpine cat /data/f /f');
  await app.expectTerminal(/\nkept\s*\n/);
  await app.expectTerminal("cat: can't open '/f': No such file or directory");
  await app.waitForIdle();
  await app.run('docker volume inspect data');
  await app.expectTerminal('"Mountpoint": "/var/lib/docker/volumes/data/_data"');
  await app.waitForIdle();
  const text = await app.terminalText();
  expect(text).not.toContain('not simulate');
});
