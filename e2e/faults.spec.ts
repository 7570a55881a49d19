import { expect } from '@playwright/test';
import { test } from './fixtures';

/**
 * Issue 14: a fault injected from the faults panel is an input of the session,
 * and the terminal shows what follows when the learner runs a command.
 */
test('a registry rate limit from the faults panel: the pull fails with Docker Hub’s 429 text, and a reload keeps the fault', async ({
  app,
  page,
}) => {
  await app.open({ speed: 4 });
  await page.getByTestId('faults-button').click();
  const panel = page.getByTestId('faults-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('fault-registry-429').click();
  await expect(panel.getByTestId('fault-registry-429')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('faults-count')).toHaveText('1');
  await panel.getByRole('button', { name: 'Close' }).click();

  await app.run('docker pull alpine');
  await app.expectTerminal(
    /toomanyrequests: You have reached your unauthenticated pull rate limit/,
    {
      flat: true,
    },
  );
  await app.expectTerminal(/429 Too Many Requests/, { flat: true });

  // The fault is an input of the session: a reload replays it, and the panel still shows it.
  await app.waitForIdle();
  await page.reload();
  await expect(app.terminal.locator('.xterm-rows')).toContainText('toomanyrequests');
  await expect(page.getByTestId('faults-count')).toHaveText('1');

  // Lifted from the panel, the same pull goes through.
  await page.getByTestId('faults-button').click();
  await panel.getByTestId('fault-registry-429').click();
  await expect(page.getByTestId('faults-count')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Close' }).click();
  await app.run('docker pull alpine');
  await app.expectTerminal(/Status: Downloaded newer image for alpine:latest/, { flat: true });
});
