import { test, expect } from './fixtures';

test('docker run hello-world prints the greeting', async ({ app }) => {
  await app.open({ speed: 4 });
  await app.run('docker run hello-world');
  await app.expectTerminal('Hello from Docker!', { timeout: 90_000 });
  await app.waitForIdle();
  await app.expectTerminal(/\n\$\s*$/);
});

test('Escape skips the running animation to its end', async ({ app, page }) => {
  await app.open();
  await app.run('docker run hello-world');
  await expect(page.getByTestId('packet').first()).toBeAttached();
  await expect(app.status).toHaveAttribute('data-mode', 'running');
  const text = await app.terminalText();
  expect(text).not.toContain('Hello from Docker!');

  await app.skip();
  // At 1x the replay takes about a minute; skipped, it is over at once.
  await app.waitForIdle(3_000);
  await expect(page.getByTestId('packet')).toHaveCount(0);
  await app.expectTerminal('Hello from Docker!', { timeout: 3_000 });
});

test('the skip button does the same as Escape', async ({ app, page }) => {
  await app.open();
  await app.run('docker run hello-world');
  await expect(page.getByTestId('skip')).toBeEnabled();
  await page.getByTestId('skip').click();
  await app.waitForIdle(3_000);
  await app.expectTerminal('Hello from Docker!', { timeout: 3_000 });
});

test('reduced motion: packets light up in place instead of travelling', async ({ app, page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open();
  await app.run('docker ps');
  const packet = page.getByTestId('packet').first();
  await expect(packet).toBeAttached();
  await expect(packet.locator('animateMotion')).toHaveCount(0);
  await expect(app.node('client')).toHaveAttribute('class', /react-flow__node/);
  await expect(page.locator('.diagram-node[data-active]')).not.toHaveCount(0);
});
