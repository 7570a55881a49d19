/**
 * Regenerate docs/screenshot.png for the README: builds the app, serves it,
 * runs two commands in headless Chromium and captures a frame mid-replay.
 *
 *   npx tsx scripts/screenshot.ts
 */
import { execSync, spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

const PORT = 4190;
execSync('npx vite build', { stdio: 'ignore' });
const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
  stdio: 'ignore',
  detached: true,
});
try {
  await new Promise((r) => setTimeout(r, 2500));
  const browser = await chromium.launch(await chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(`http://localhost:${PORT}/`);
  await page.locator('[data-testid=terminal]').click();
  await page.keyboard.type('docker run hello-world\n');
  await page.waitForTimeout(800);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(800);
  await page.keyboard.type('docker run -d -p 8080:80 --name web nginx\n');
  await page.waitForTimeout(500);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  await page.keyboard.type('docker stop web\n');
  await page.waitForTimeout(3200);
  await page.screenshot({ path: 'docs/screenshot.png' });
  await browser.close();
  console.log('docs/screenshot.png written');
} finally {
  if (server.pid) process.kill(-server.pid);
}
