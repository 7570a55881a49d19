import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * Issue 12: the first paint is index.html's own shell, with a prompt that takes typing before
 * any of the app's code has run, and what is typed there runs once the app has taken over.
 */

/** Hold back the app's chunk (the entry's dynamic import, preloaded by index.html). */
async function holdApp(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/assets\/mount-[^/]*\.js$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('the shell paints and takes typing before the app has loaded', async ({ page }) => {
  await holdApp(page);
  await page.goto('/');
  const shell = page.getByTestId('boot-shell');
  await expect(shell).toBeVisible();
  const input = shell.getByRole('textbox', { name: 'Command line' });
  await expect(input).toBeFocused();
  await page.keyboard.type('docker ps');
  await page.keyboard.press('Enter');
  await expect(shell).toContainText('$ docker ps');
  await expect(shell).toContainText('1 typed line will run when it is ready');
  await expect(input).toHaveValue('');
  // The app's terminal is not there yet, and the page behind the shell takes no input.
  await expect(page.getByTestId('terminal')).toHaveCount(0);
  await expect(page.locator('#root')).toHaveAttribute('inert', '');
});

test('lines typed before the app is ready run in its terminal, and the half-typed one waits at the prompt', async ({
  page,
  app,
}) => {
  const release = await holdApp(page);
  await page.goto('/');
  await expect(page.locator('#boot-input')).toBeFocused();
  await page.keyboard.type('docker pull alpine');
  await page.keyboard.press('Enter');
  await page.keyboard.type('docker images');
  release();
  // The shell gives way to the app, whose terminal runs the line and keeps the rest.
  await expect(page.getByTestId('boot-shell')).toHaveCount(0);
  await expect(page.locator('#root')).not.toHaveAttribute('inert');
  await app.expectTerminal('$ docker pull alpine');
  await app.skip();
  await app.expectTerminal('Status: Downloaded newer image for alpine:latest', { flat: true });
  await app.waitForIdle();
  await app.expectTerminal(/\$ docker images\s*$/);
  // The keyboard is the terminal's now: Enter runs the line that was half typed in the shell.
  await page.keyboard.press('Enter');
  await app.expectTerminal(/REPOSITORY\s+TAG/);
});

test('a line typed before the saved session is back runs on the restored host', async ({
  page,
  app,
}) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem(
      'dockscope.session',
      JSON.stringify({
        version: 1,
        columns: 80,
        inputs: [{ op: 'run', line: 'docker pull alpine' }],
        mode: 'sandbox',
        history: ['docker pull alpine'],
        lesson: null,
        completed: {},
      }),
    );
  });
  const release = await holdApp(page);
  await page.goto('/');
  await expect(page.locator('#boot-input')).toBeFocused();
  await page.keyboard.type('docker images');
  await page.keyboard.press('Enter');
  release();
  await expect(page.getByTestId('boot-shell')).toHaveCount(0);
  // The restored session is drawn first, then the typed line runs on that host.
  await app.expectTerminal(/\$ docker pull alpine[\s\S]*\$ docker images/);
  await app.skip();
  await app.expectTerminal(/REPOSITORY\s+TAG[\s\S]*alpine\s+latest/);
});
