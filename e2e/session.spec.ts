import type { Page } from '@playwright/test';
import { test, expect, type DockScope } from './fixtures';

const KEY = 'dockscope.session';

function link(payload: unknown): string {
  const json = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const b64 = Buffer.from(json, 'utf8')
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `/#s=${b64}`;
}

/** Fail the test if the page ever opens a dialog (an injected script calling alert). */
function forbidDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

async function waitSaved(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k) ?? '', KEY)).toContain(text);
}

async function startWebContainer(app: DockScope, page: Page): Promise<void> {
  await app.run('docker run -d --name keep nginx');
  await app.skip();
  await app.waitForIdle();
  await expect(app.nodesStartingWith('container-')).toHaveCount(1);
  await waitSaved(page, 'docker run -d --name keep nginx');
}

test('a reload mid-lesson keeps the host, the terminal, its history and the lesson place', async ({
  app,
  page,
}) => {
  await app.open();
  const panel = await app.openLesson('client-daemon');
  await app.run('docker version');
  await app.skip();
  await expect(panel.getByTestId('step-done')).toBeVisible();
  await panel.getByRole('button', { name: 'Next step' }).click();
  await app.run('docker run -d --name web nginx');
  await app.skip();
  await app.waitForIdle();
  await expect(app.nodesStartingWith('container-')).toHaveCount(1);
  await waitSaved(page, '"step":1');

  await page.reload();
  await expect(app.terminal.locator('.xterm-rows')).toContainText('$');
  await expect(app.nodesStartingWith('container-')).toHaveCount(1);
  await app.expectTerminal(/\$ docker run -d --name web nginx/);
  await app.expectTerminal('Status: Downloaded newer image for nginx:latest');
  // The end of `docker version` (its top may have scrolled out of a short terminal).
  await app.expectTerminal(/docker-init:\s+Version:\s+0\.19\.0/);
  await expect(panel.getByTestId('lesson-step')).toContainText('Step 2 of 4');
  await expect(panel.locator('.lesson__dot[data-state=done]')).toHaveCount(1);
  // Nothing is animated again.
  await expect(app.diagram).toHaveAttribute('data-animating', 'false');
  // ↑ brings back the last command.
  await app.focus();
  await page.keyboard.press('ArrowUp');
  await app.expectTerminal(/\$ docker run -d --name web nginx\s*$/);
});

test('corrupted storage is reset with a notice and the page works', async ({ app, page }) => {
  await page.addInitScript((k) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(k, '{"version":1,"columns":80,"inputs":[{"op":"run","line":');
      sessionStorage.setItem('seeded', '1');
    }
  }, KEY);
  await app.open();
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('could not be restored');
  await app.run('docker run hello-world');
  // Under the hood at 1× the whole story takes most of a minute; what is tested is that it runs.
  await app.skip();
  await app.expectTerminal('Hello from Docker!');
  await notice.getByRole('button', { name: /Dismiss/ }).click();
  await expect(notice).toHaveCount(0);
});

test('storage from another version or with hostile fields is refused', async ({ app, page }) => {
  await page.addInitScript((k) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(
        k,
        JSON.stringify({
          version: 1,
          columns: 80,
          inputs: [{ op: 'run', line: 'docker ps' }],
          mode: 'lessons',
          history: [],
          lesson: {
            id: '<script>alert(1)</script>',
            step: 0,
            sinceSeq: 0,
            sinceCommand: 0,
            hints: 0,
            solution: false,
          },
          completed: {},
        }),
      );
      sessionStorage.setItem('seeded', '1');
    }
  }, KEY);
  const dialogs = forbidDialogs(page);
  await app.open();
  await expect(page.getByTestId('notice')).toContainText('lesson id');
  await expect(page.getByTestId('mode-sandbox')).toHaveAttribute('aria-pressed', 'true');
  expect(dialogs).toEqual([]);
});

test('a shared link replays its scenario', async ({ app, page }) => {
  await page.goto(
    link({
      v: 1,
      setup: ['docker pull nginx'],
      commands: ['docker run -d -p 8080:80 --name web nginx', 'docker ps'],
    }),
  );
  await expect(app.terminal.locator('.xterm-rows')).toContainText('$');
  await app.expectTerminal('Shared scenario');
  await expect(app.nodesStartingWith('container-')).toHaveCount(1, { timeout: 60_000 });
  await app.expectTerminal(/\$ docker ps/, { timeout: 60_000 });
  await app.expectTerminal('0.0.0.0:8080->80/tcp', { flat: true, timeout: 60_000 });
  // The link is read once: the hash is gone, so a reload keeps the session instead of replaying.
  expect(new URL(page.url()).hash).toBe('');
});

test('a link keeps the time between commands: a short-lived container shows as exited', async ({
  app,
  page,
}) => {
  // Instant playback: the point is the simulated time between the commands, not the animation.
  await app.open();
  await page.getByTestId('speed').selectOption('instant');
  await page.goto(
    link({
      v: 1,
      setup: [],
      commands: ['docker run -d --name nap alpine sleep 2', 'docker ps -a'],
      waits: [0, 5000],
    }),
  );
  await app.expectTerminal(/\$ docker ps -a/, { timeout: 60_000 });
  await app.expectTerminal(/Exited \(0\)/, { flat: true, timeout: 60_000 });
});

test('a link over the learner’s work asks first, and Undo brings the work back', async ({
  app,
  page,
}) => {
  await app.open();
  await startWebContainer(app, page);
  // A refused link leaves an error notice; a valid one opened next clears it.
  await page.goto(link('{"v":1'));
  await expect(page.getByTestId('notice')).toContainText('the scenario is not valid JSON');
  const other = link({ v: 1, setup: [], commands: ['docker images'] });
  await page.goto(other);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  const ask = page.getByRole('alertdialog', { name: 'Open the shared link?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByTestId('link-confirm-open')).toBeFocused();
  await ask.getByRole('button', { name: 'Keep my session' }).click();
  await expect(ask).toHaveCount(0);
  await expect(app.nodesStartingWith('container-')).toHaveCount(1);

  await page.goto(link({ v: 1, setup: [], commands: ['docker ps'] }));
  await page.getByRole('alertdialog').getByRole('button', { name: 'Open the link' }).click();
  await app.expectTerminal('Shared scenario');
  await expect(app.nodesStartingWith('container-')).toHaveCount(0);
  await page.getByTestId('notice-action').click();
  await expect(app.nodesStartingWith('container-')).toHaveCount(1, { timeout: 60_000 });
  await app.expectTerminal(/\$ docker run -d --name keep nginx/);
});

test('a lesson link opens the lesson at its step', async ({ app, page }) => {
  await page.goto(link({ v: 1, lesson: 'client-daemon', step: 2 }));
  await expect(page.getByTestId('lesson-step')).toContainText('Step 3 of 4');
  await app.expectTerminal(/\$ docker ps/);
});

test('hostile links are refused with a notice and change nothing', async ({ app, page }) => {
  const dialogs = forbidDialogs(page);
  await app.open();
  await startWebContainer(app, page);
  const hostile = [
    ['script tags', link({ v: 1, lesson: '<script>alert(1)</script>' }), 'lesson id'],
    ['a 1 MB payload', `/#s=${'A'.repeat(1_000_000)}`, 'too large'],
    ['bad JSON', link('{"v":1,"commands":["docker rm -f keep"'), 'not valid JSON'],
    ['wrong types', link({ v: 1, commands: [{ toString: 1 }] }), 'not text'],
  ] as const;
  for (const [, url, reason] of hostile) {
    await page.goto(url);
    await expect(page.getByTestId('notice')).toContainText(reason);
    await expect(page.getByTestId('notice')).toContainText('Nothing was changed');
    await expect(app.nodesStartingWith('container-')).toHaveCount(1);
    await app.expectTerminal(/\$ docker run -d --name keep nginx/);
    await page
      .getByTestId('notice')
      .getByRole('button', { name: /Dismiss/ })
      .click();
  }
  expect(dialogs).toEqual([]);
});

test('HTML in a shared command is only text: the CLI rejects the name, no script runs', async ({
  app,
  page,
}) => {
  const dialogs = forbidDialogs(page);
  await page.goto(
    link({ v: 1, commands: ['docker run --name "<img src=x onerror=alert(1)>" nginx'] }),
  );
  await app.expectTerminal('Invalid container name', { flat: true, timeout: 60_000 });
  expect(await page.locator('img[src=x]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('a session exports to a file and imports back; a bad file changes nothing', async ({
  app,
  page,
}) => {
  await app.open();
  await startWebContainer(app, page);
  await page.getByTestId('share').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export').click(),
  ]);
  const file = await download.path();
  const exported = (await import('node:fs')).readFileSync(file, 'utf8');
  expect(JSON.parse(exported).inputs[0]).toEqual({
    op: 'run',
    line: 'docker run -d --name keep nginx',
  });

  // A hostile file (the menu is still open): refused, the host stays.
  await page.getByTestId('import-file').setInputFiles({
    name: 'evil.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        version: 1,
        columns: 80,
        inputs: [{ op: 'eval', line: 'x' }],
        mode: 'sandbox',
      }),
    ),
  });
  await expect(page.getByTestId('notice')).toContainText('could not be imported');
  await expect(app.nodesStartingWith('container-')).toHaveCount(1);

  // Reset (confirmed), then import the exported file: the container is back.
  await page.getByTestId('reset').click();
  await page.getByTestId('reset-confirm').click();
  await expect(app.nodesStartingWith('container-')).toHaveCount(0);
  await page.getByTestId('share').click();
  await page.getByTestId('import-file').setInputFiles({
    name: 'session.json',
    mimeType: 'application/json',
    buffer: Buffer.from(exported),
  });
  await expect(app.nodesStartingWith('container-')).toHaveCount(1);
  await app.expectTerminal(/\$ docker run -d --name keep nginx/);
});

test('the Reset question at 1280 px keeps every header control on screen', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open();
  await app.run('docker ps');
  await app.skip();
  await app.waitForIdle();
  await page.getByTestId('reset').click();
  const ask = page.getByRole('alertdialog', { name: 'Lose this host and its commands?' });
  await expect(ask).toBeVisible();
  await expect(page.getByTestId('reset-confirm')).toBeFocused();
  for (const control of [page.getByRole('button', { name: /Switch to .* theme/ }), ask]) {
    const box = (await control.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  }
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('terminal')).toContainText('docker ps');
});
