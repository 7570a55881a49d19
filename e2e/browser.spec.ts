import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';

// The browser under test is the one `npm install` brought (e2e/chromium.ts):
// CI and a new user's first `npm test` run the same Chromium with the same fonts.
const packaged =
  process.platform === 'linux' && process.arch === 'x64' && !process.env.DOCKSCOPE_CHROMIUM;

test('on Linux x64 the tests run the Chromium of the @sparticuz/chromium package', ({
  browser,
}) => {
  test.skip(!packaged, 'Playwright’s own browser, or DOCKSCOPE_CHROMIUM, is used here');
  const require = createRequire(import.meta.url);
  const pkg = require
    .resolve('@sparticuz/chromium')
    .replace(/build[/\\]index\.js$/, 'package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  // The package's major version is Chromium's.
  expect(browser.version().split('.')[0]).toBe(version.split('.')[0]);
});

test('monospace text is set in a monospace face, as the terminal needs', async ({ page }) => {
  test.skip(!packaged, 'the fonts are the machine’s own here');
  await page.setContent(
    `<span id="narrow" style="font: 16px monospace">iiiiiiiiii</span>
     <span id="wide" style="font: 16px monospace">WWWWWWWWWW</span>
     <span id="page" style="font: 16px 'DejaVu Sans Mono', monospace">iiiiiiiiii</span>`,
  );
  const width = (id: string) =>
    page.locator(`#${id}`).evaluate((el) => el.getBoundingClientRect().width);
  const narrow = await width('narrow');
  expect(narrow).toBeGreaterThan(50);
  expect(await width('wide')).toBe(narrow);
  // The face the page names first among those a Linux machine has.
  expect(await width('page')).toBe(narrow);
});
