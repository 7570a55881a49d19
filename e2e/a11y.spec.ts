import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations (${theme} theme)`, async ({ app, page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await app.open();
    await app.run('docker run hello-world');
    await app.skip();
    await app.waitForIdle(5_000);
    const violations = await seriousViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });
}

test('controls have accessible names and a visible focus ring', async ({ page, app }) => {
  await app.open();
  await expect(page.getByRole('button', { name: /Switch to (dark|light) theme/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Animation speed' })).toBeVisible();
  await expect(page.getByRole('separator', { name: 'Resize terminal and diagram' })).toBeVisible();
  const toggle = page.getByRole('button', { name: /theme/ });
  await toggle.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  const outline = await toggle.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});

test('axe: the Reset question and the shared-link question are accessible', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('docker ps');
  await app.skip();
  await app.waitForIdle();
  await page.getByTestId('reset').click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  let violations = await seriousViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await page.keyboard.press('Escape');

  // A link opened over a session with work asks first.
  const payload = Buffer.from(JSON.stringify({ v: 1, setup: [], commands: ['docker images'] }))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  await page.goto(`/#s=${payload}`);
  await expect(page.getByRole('alertdialog', { name: 'Open the shared link?' })).toBeVisible();
  violations = await seriousViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});
