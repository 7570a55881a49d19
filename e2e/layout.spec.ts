import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

test('side by side on a laptop screen', async ({ app, page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await app.open();
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-layout', 'side-by-side');
  const terminal = (await page.getByTestId('terminal-pane').boundingBox())!;
  const diagram = (await page.getByTestId('diagram-pane').boundingBox())!;
  expect(terminal.x + terminal.width).toBeLessThanOrEqual(diagram.x);
  expect(Math.abs(terminal.y - diagram.y)).toBeLessThan(2);
});

test('stacked on a narrow screen', async ({ app, page }, testInfo) => {
  await page.setViewportSize({ width: 600, height: 900 });
  await app.open();
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-layout', 'stacked');
  const terminal = (await page.getByTestId('terminal-pane').boundingBox())!;
  const diagram = (await page.getByTestId('diagram-pane').boundingBox())!;
  expect(terminal.y + terminal.height).toBeLessThanOrEqual(diagram.y);
  expect(terminal.width).toBeGreaterThan(500);
  expect(diagram.width).toBeGreaterThan(500);
  await app.run('docker ps');
  await app.expectTerminal('CONTAINER ID');
  await page.screenshot({ path: testInfo.outputPath('narrow.png') });
});

test('the splitter resizes the panels, by mouse and by keyboard', async ({ app, page }) => {
  await app.open();
  const before = (await page.getByTestId('terminal-pane').boundingBox())!;
  const grip = (await page.getByTestId('splitter').boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + 200, grip.y + grip.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = (await page.getByTestId('terminal-pane').boundingBox())!;
  expect(dragged.width).toBeGreaterThan(before.width + 150);

  await page.getByTestId('splitter').focus();
  await page.keyboard.press('Home');
  const smallest = (await page.getByTestId('terminal-pane').boundingBox())!;
  expect(smallest.width).toBeLessThan(dragged.width - 200);
});

test('the theme follows the system, and the toggle switches it', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  const bg = await page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).not.toBe('rgb(9, 12, 16)');
});

test('the legend names every protocol and the hint suggests a first command', async ({
  app,
  page,
}) => {
  await app.open();
  const legend = page.getByRole('list', { name: 'Protocols' });
  for (const p of ['HTTP', 'gRPC', 'ttrpc', 'exec', 'syscall', 'stream', 'event'])
    await expect(legend).toContainText(p);
  await expect(page.getByText('Try:').first()).toBeVisible();
  await expect(page.locator('.hint-line')).toContainText('docker run hello-world');
});

/** On-screen size in px of a diagram node's title: its font size times the view's zoom. */
async function nodeTextPx(page: Page): Promise<number> {
  return page.evaluate(() => {
    const title = document.querySelector('.diagram-node__title');
    const transform = (document.querySelector('.react-flow__viewport') as HTMLElement | null)?.style
      .transform;
    const scale = Number(/scale\(([\d.]+)/.exec(transform ?? '')?.[1] ?? 0);
    return title ? parseFloat(getComputedStyle(title).fontSize) * scale : 0;
  });
}

/** Node ids drawn (even partly) outside the diagram's visible area. */
async function nodesCutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const frame = document.querySelector('[data-testid=diagram]')!.getBoundingClientRect();
    return [...document.querySelectorAll('.react-flow__node')]
      .filter((n) => {
        const r = n.getBoundingClientRect();
        return (
          r.width > 0 &&
          (r.left < frame.left - 1 ||
            r.right > frame.right + 1 ||
            r.top < frame.top - 1 ||
            r.bottom > frame.bottom + 1)
        );
      })
      .map((n) => n.getAttribute('data-id') ?? '?');
  });
}

test('1280×720: the diagram stays readable; the dock folds away and gives it more room', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open({ speed: 4 });
  await app.run('docker run -d -p 8080:80 --name web nginx');
  await app.skip();
  await app.waitForIdle(10_000);
  await expect.poll(() => nodeTextPx(page)).toBeGreaterThanOrEqual(8.5);
  expect(await nodesCutOff(page)).toEqual([]);

  const diagram = page.getByTestId('diagram');
  const before = (await diagram.boundingBox())!.height;
  await page.getByTestId('dock-toggle').click();
  await expect(page.getByTestId('trace-dock-panes')).toBeHidden();
  await expect.poll(async () => (await diagram.boundingBox())!.height).toBeGreaterThan(before + 60);
  // The choice survives a reload.
  await page.reload();
  await expect(page.getByTestId('trace-dock-panes')).toBeHidden();
  await page.getByTestId('dock-toggle').click();
  await expect(page.getByTestId('trace-dock-panes')).toBeVisible();

  // The inspector can take the whole width of the dock.
  await page.getByTestId('inspector-wide').click();
  await expect(page.getByTestId('timeline')).toBeHidden();
  const inspector = (await page.getByTestId('inspector-region').boundingBox())!;
  expect(inspector.width).toBeGreaterThan(600);

  // The splitter above the dock trades diagram height for dock height.
  const panes = page.getByTestId('trace-dock-panes');
  const low = (await panes.boundingBox())!.height;
  await page.getByTestId('dock-splitter').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await panes.boundingBox())!.height).toBeGreaterThan(low + 60);
});

test('presenter mode: large type, and a level switch at 1920 keeps every component in view', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open({ speed: 4 });
  await app.run('docker run -d -p 8080:80 --name web nginx');
  await app.skip();
  await app.waitForIdle(10_000);
  const size = async (selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((e) => e.getBoundingClientRect().height);
  const summary = await size('.narration__summary');
  const row = await size('[data-testid=timeline-item]');
  await page.getByTestId('presenter-toggle').click();
  await expect.poll(() => size('.narration__summary')).toBeGreaterThan(summary * 1.4);
  await expect.poll(() => size('[data-testid=timeline-item]')).toBeGreaterThan(row * 1.4);
  await expect.poll(() => nodeTextPx(page)).toBeGreaterThanOrEqual(12);
  for (const level of ['Overview', 'Under the hood', 'Overview', 'Under the hood']) {
    await page.getByRole('button', { name: level, exact: true }).click();
    // The view glides to its new fit; wait for it to settle.
    await expect.poll(() => nodesCutOff(page), { timeout: 3_000 }).toEqual([]);
  }
  await expect(page.locator('.react-flow__node[data-id=runc]')).toBeVisible();
});
