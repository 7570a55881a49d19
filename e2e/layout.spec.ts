import { test, expect } from './fixtures';

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
