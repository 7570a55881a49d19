import { test, expect, type DockScope } from './fixtures';
import type { Page } from '@playwright/test';

/** The cursor as the transport bar prints it: `seq/length`. */
async function position(page: Page): Promise<{ seq: number; length: number }> {
  const [seq, length] = (await page.getByTestId('position').innerText()).split('/').map(Number);
  return { seq: seq!, length: length! };
}

/** Run a command and let its replay finish at once (Escape). */
async function runAndSkip(app: DockScope, page: Page, line: string): Promise<void> {
  await app.run(line);
  await page.keyboard.press('Escape');
  await app.waitForIdle(10_000);
}

test('the timeline lists every message under its command, and a click jumps there', async ({
  app,
  page,
}) => {
  await app.open();
  await runAndSkip(app, page, 'docker run -d --name web nginx');
  const timeline = page.getByTestId('timeline');
  const { length } = await position(page);
  expect(length).toBeGreaterThan(100);
  // Virtualised: far fewer rows in the DOM than messages.
  expect(await timeline.getByTestId('timeline-item').count()).toBeLessThan(80);

  // Only the client's HTTP calls: a short list; the create request comes before the container exists.
  await page.getByTestId('timeline-component').selectOption('client');
  await page.getByTestId('timeline-protocol').selectOption('http');
  await expect(timeline.getByTestId('timeline-group').first()).toContainText(
    'docker run -d --name web nginx',
  );
  const rows = timeline.getByTestId('timeline-item');
  await expect(rows.first()).toContainText('HTTP');
  for (const text of await rows.allInnerTexts()) expect(text).toContain('client');

  const create = rows.filter({ hasText: 'POST /containers/create' }).first();
  const createSeq = Number(await create.getAttribute('data-seq'));
  await create.click();
  await expect(page.getByTestId('play')).toBeVisible();
  expect((await position(page)).seq).toBe(createSeq);
  await expect(create).toHaveAttribute('aria-current', 'step');
  await expect(app.nodesStartingWith('container-')).toHaveCount(0);
  await expect(page.getByTestId('inspector')).toContainText(String(createSeq));

  // Its answer (201) comes once dockerd has recorded the container: it is on the diagram again.
  const created = rows.filter({ hasText: '201' }).first();
  await created.click();
  await expect(app.nodesStartingWith('container-')).toHaveCount(1);
  await expect(app.nodesStartingWith('container-')).toContainText('created');
});

test('the scrubber and Home/End move through the whole session; the current row stays in view', async ({
  app,
  page,
}) => {
  await app.open();
  await runAndSkip(app, page, 'docker run -d --name web nginx');
  await expect(page.getByTestId('diagram-images')).toHaveAttribute('data-count', '1');

  await page.getByTestId('scrubber').fill('5');
  expect((await position(page)).seq).toBe(5);
  await expect(page.getByTestId('diagram-images')).toHaveAttribute('data-count', '0');
  const current = page.locator('[data-testid=timeline-item][aria-current=step]');
  await expect(current).toHaveAttribute('data-seq', '5');
  await expect(current).toBeInViewport();

  // Keys work once focus has left the terminal and the scrubber.
  await app.narration.click();
  // End holds the cursor at the newest message. nginx's start-up log lines may still arrive
  // after End was pressed (the page's clock follows real time), so press it again until the
  // cursor is at the end as it is then. A cursor that End left short never gets there.
  await expect
    .poll(async () => {
      await page.keyboard.press('End');
      const p = await position(page);
      return p.seq === p.length;
    })
    .toBe(true);
  const { seq: end } = await position(page);
  await expect(current).toHaveAttribute('data-seq', String(end));
  await expect(current).toBeInViewport();
  await expect(app.nodesStartingWith('container-')).toContainText('running');
  await page.keyboard.press('Home');
  expect((await position(page)).seq).toBe(0);
  await expect(app.nodesStartingWith('container-')).toHaveCount(0);
  await expect(page.getByTestId('diagram-images')).toHaveAttribute('data-count', '0');
});

test('at the overview level a step moves over a whole collapsed step, and internals are hidden', async ({
  app,
  page,
}) => {
  await app.open();
  await runAndSkip(app, page, 'docker run -d --name web nginx');
  await page.getByTestId('detail-level').getByRole('button', { name: 'Overview' }).click();
  await expect(app.node('containerd')).toHaveCount(0);
  await expect(app.node('kernel')).toHaveCount(0);
  await expect(app.nodesStartingWith('shim-')).toHaveCount(0);
  await expect(app.nodesStartingWith('container-')).toContainText('running');

  await page.getByTestId('pause').click();
  const end = (await position(page)).seq;
  // Back, one step at a time, until a step covers more than one message.
  let from = end;
  let moved = 0;
  for (let i = 0; i < 40 && moved <= 1; i++) {
    await page.getByTestId('step-back').click();
    const now = (await position(page)).seq;
    moved = from - now;
    from = now;
  }
  expect(moved).toBeGreaterThan(1);
  // Switching back keeps the position.
  await page.getByTestId('detail-level').getByRole('button', { name: 'Under the hood' }).click();
  expect((await position(page)).seq).toBe(from);
  await expect(app.node('containerd')).toHaveCount(1);
});

test('1280 wide: cut-off columns carry their full text, filters are not clipped; a drill’s empty list tells the truth', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open({ speed: 4 });
  // hello-world exits: the list stops growing and scrolling under the test.
  await runAndSkip(app, page, 'docker run hello-world');
  // Only the HTTP messages, so the start request's row is rendered (a virtual list).
  await page.getByTestId('timeline-protocol').selectOption('http');
  const create = page.getByTestId('timeline-item').filter({ hasText: 'POST /containers/' }).last();
  await expect(create.locator('.timeline__route')).toHaveAttribute('title', /^[\w-]+ → [\w-]+$/);
  await expect(create.locator('.timeline__operation')).toHaveAttribute(
    'title',
    // The whole operation: API version and the full 64-hex ID the row abbreviates.
    /^POST \/v[\d.]+\/containers\/[0-9a-f]{64}\/start$/,
  );
  await page.getByTestId('timeline-protocol').selectOption('');
  const timeline = (await page.getByTestId('timeline').boundingBox())!;
  for (const id of ['timeline-component', 'timeline-protocol']) {
    const select = (await page.getByTestId(id).boundingBox())!;
    expect(select.x + select.width).toBeLessThanOrEqual(timeline.x + timeline.width + 0.5);
  }

  // A drill hides the future: nothing shown yet is not "no match".
  await page.getByRole('button', { name: 'Drills' }).click();
  await page.getByTestId('drill-start').first().click();
  const replace = page.getByTestId('replace-confirm');
  if (await replace.isVisible().catch(() => false)) await replace.click();
  await expect(page.getByTestId('drill-question')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('timeline')).toContainText(
    'Messages appear here as they are shown.',
  );
  await expect(page.getByTestId('timeline')).not.toContainText('No message matches');
  await expect(page.getByTestId('timeline-count')).not.toContainText('messages');
  await expect(page.getByTestId('position')).not.toContainText('/');
});

test('at the Overview level the timeline lists the overview’s steps, titled from the catalogue', async ({
  app,
  page,
}) => {
  await app.open();
  await runAndSkip(app, page, 'docker run -d -p 8080:80 --name web nginx');
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByTestId('timeline-item').first()).toBeVisible();
  await page.getByTestId('detail-level').getByRole('button', { name: 'Overview' }).click();

  await expect(timeline.getByTestId('timeline-item')).toHaveCount(0);
  const steps = timeline.getByTestId('timeline-step');
  await expect(steps.first()).toBeVisible();
  await expect(page.getByTestId('timeline-count')).toContainText(/\d+ steps · \d+ messages/);
  const step = steps.filter({
    hasText: 'dockerd asks containerd to create the container’s process',
  });
  await expect(step).toHaveCount(1);
  await expect(step).toContainText('dockerd → host');
  // Nothing internal is listed on its own at this level.
  for (const text of await steps.allInnerTexts()) expect(text).not.toMatch(/runc create|clone\(/);

  await step.click();
  await expect(page.getByTestId('inspector-step')).toContainText(
    'dockerd asks containerd to create the container’s process',
  );
  await expect(step).toHaveAttribute('aria-current', 'step');

  await page.getByTestId('detail-level').getByRole('button', { name: 'Under the hood' }).click();
  await expect(timeline.getByTestId('timeline-step')).toHaveCount(0);
  await expect(timeline.getByTestId('timeline-item').first()).toBeVisible();
});
