import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

/** The cursor as the transport bar prints it: `seq/length`. */
async function position(page: Page): Promise<{ seq: number; length: number }> {
  const [seq, length] = (await page.getByTestId('position').innerText()).split('/').map(Number);
  return { seq: seq!, length: length! };
}

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

test('pause, then step back three messages: the diagram and the inspector go back with the cursor', async ({
  app,
  page,
}) => {
  await app.open({ speed: 4 });
  await app.run('docker run -d --name web nginx');
  await app.skip();
  await app.waitForIdle(10_000);
  await page.getByTestId('pause').click();
  // nginx keeps writing its start-up log as simulated time passes, so more
  // messages may have arrived since the skip: End jumps to the newest one.
  await expect
    .poll(async () => {
      await page.keyboard.press('End');
      const p = await position(page);
      return p.seq === p.length;
    })
    .toBe(true);
  const { seq: end } = await position(page);

  // Paused, the message at the cursor is held at its destination.
  const held = page.locator('[data-testid=packet][data-held=true]');
  await expect(held).toHaveAttribute('data-seq', String(end));
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText(`#${end}`);
  const before = await inspector.innerText();

  for (let i = 0; i < 3; i++) await page.getByTestId('step-back').click();
  expect((await position(page)).seq).toBe(end - 3);
  await expect(held).toHaveAttribute('data-seq', String(end - 3));
  await expect(inspector).toContainText(`#${end - 3}`);
  expect(await inspector.innerText()).not.toBe(before);

  // Step forward shows that one message travelling, then holds again.
  await page.getByTestId('step-forward').click();
  await expect(held).toHaveAttribute('data-seq', String(end - 2));
  expect((await position(page)).seq).toBe(end - 2);
});

test('rewinding past the creation removes the container; the terminal keeps its output', async ({
  app,
  page,
}) => {
  await app.open({ speed: 4 });
  await app.run('docker run -d --name web nginx');
  await app.skip();
  await app.waitForIdle(10_000);
  const container = app.nodesStartingWith('container-');
  await expect(container).toContainText('running');
  await app.narration.click();
  await page.keyboard.press('Home');
  await expect(container).toHaveCount(0);
  await expect(app.nodesStartingWith('shim-')).toHaveCount(0);
  await app.expectTerminal(/^[0-9a-f]{64}\s*$/m, { timeout: 2_000 });
});

test('keyboard: Space pauses and plays, arrows step, outside the terminal only', async ({
  app,
  page,
}) => {
  await app.open({ speed: 4 });
  await app.run('docker ps');
  await app.skip();
  await app.waitForIdle(10_000);
  const { length } = await position(page);

  // In the terminal, Space is typed, not a playback key.
  await app.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('pause')).toBeVisible();

  await app.narration.click();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect((await position(page)).seq).toBe(length - 2);
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await position(page)).seq).toBe(length - 1);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('pause')).toBeVisible();
  await expect.poll(async () => (await position(page)).seq).toBe(length);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Space');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});

test('speed: instant shows a command at once; a command typed while rewound plays from the present', async ({
  app,
  page,
}) => {
  await app.open();
  const speed = page.getByTestId('speed');
  await speed.selectOption('0.25');
  await expect(speed).toHaveValue('0.25');
  await speed.selectOption('instant');
  await app.run('docker run hello-world');
  await app.waitForIdle(5_000);
  await app.expectTerminal('Hello from Docker!', { timeout: 2_000 });
  const { length } = await position(page);

  await page.getByTestId('scrubber').fill('3');
  await expect(page.getByTestId('play')).toBeVisible();
  await app.run('docker ps -a');
  await app.waitForIdle(5_000);
  await app.expectTerminal('CONTAINER ID', { timeout: 2_000 });
  const after = await position(page);
  expect(after.length).toBeGreaterThan(length);
  expect(after.seq).toBe(after.length);
});

test('replay the last command rewinds to its first message and plays it again', async ({
  app,
  page,
}) => {
  await app.open({ speed: 4 });
  await app.run('docker version');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.run('docker ps');
  await app.skip();
  await app.waitForIdle(10_000);
  const { length } = await position(page);
  await page.getByTestId('replay-last').click();
  const packet = page.locator('[data-testid=packet]:not([data-held])');
  await expect(packet).toBeAttached();
  const first = Number(await packet.first().getAttribute('data-seq'));
  expect(first).toBeLessThan(length);
  await expect(
    page.getByTestId('timeline-item').filter({ hasText: 'HEAD /_ping' }).last(),
  ).toBeVisible();
  await expect.poll(async () => (await position(page)).seq, { timeout: 30_000 }).toBe(length);
});

test('five quick step-forward clicks move five messages: a hop in flight lands at once', async ({
  app,
  page,
}) => {
  await app.open({ speed: 0.5 });
  await app.run('docker run hello-world');
  await app.skip();
  await app.waitForIdle(10_000);
  await page.getByTestId('pause').click();
  await app.narration.click();
  await page.keyboard.press('Home');
  expect((await position(page)).seq).toBe(0);
  // At half speed every hop takes far longer than the gap between these clicks.
  const forward = page.getByTestId('step-forward');
  for (let i = 0; i < 5; i++) await forward.click({ delay: 0 });
  expect((await position(page)).seq).toBe(5);
  await expect(page.locator('[data-testid=packet][data-held=true]')).toHaveAttribute(
    'data-seq',
    '5',
  );
});

test('keyboard: F6 and Shift+F6 cycle the page’s parts, from the terminal too; a skip link leads past it', async ({
  app,
  page,
}) => {
  await app.open({ speed: 4 });
  await app.run('docker run hello-world');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.focus();
  const focusedIn = () =>
    page.evaluate(() => {
      const a = document.activeElement;
      if (!a) return 'none';
      if (a.closest('[data-testid=terminal]')) return 'terminal';
      if (a.closest('#playback-controls')) return 'transport';
      if (a.closest('[data-testid=timeline]')) return 'timeline';
      if (a.closest('[data-testid=inspector-region]')) return 'inspector';
      if (a.closest('[data-testid=diagram]')) return 'diagram';
      return a.tagName;
    });
  expect(await focusedIn()).toBe('terminal');
  for (const region of ['transport', 'timeline', 'inspector', 'diagram', 'terminal']) {
    await page.keyboard.press('F6');
    expect(await focusedIn()).toBe(region);
  }
  // F6 in the terminal typed nothing there.
  expect(await app.terminalText()).not.toMatch(/\[17~/);
  await page.keyboard.press('Shift+F6');
  expect(await focusedIn()).toBe('diagram');
  // In the timeline, the row at the cursor takes the focus and the arrows still step.
  await page.keyboard.press('Shift+F6');
  await page.keyboard.press('Shift+F6');
  expect(await focusedIn()).toBe('timeline');
  await expect(page.locator(':focus')).toHaveAttribute('data-current', 'true');

  // The shortcuts help lists the keys.
  await page.getByTestId('shortcuts').click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Shift+F6');
  await page.keyboard.press('Escape');

  // The skip link (first in the workspace, before the terminal) shows when focused.
  const skip = page.getByTestId('skip-to-playback');
  await skip.focus();
  await expect(skip).toBeInViewport();
  const hash = await page.evaluate(() => location.hash);
  await page.keyboard.press('Enter');
  expect(await focusedIn()).toBe('transport');
  expect(await page.evaluate(() => location.hash)).toBe(hash);
});
