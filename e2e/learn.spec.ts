import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect } from './fixtures';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

test('a lesson is completed by typing its commands in the terminal', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('mode-lessons').click();
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toBeVisible();
  await panel.locator('[data-lesson="client-daemon"]').click();
  const commands = ['docker version', 'docker ps', 'docker images', 'docker stop nothing'];
  for (const [i, command] of commands.entries()) {
    const step = panel.getByTestId('lesson-step');
    await expect(step).toHaveAttribute('data-done', 'false');
    await expect(step).toContainText(`Step ${i + 1} of ${commands.length}`);
    await app.run(command);
    await app.skip();
    await expect(panel.getByTestId('step-done')).toBeVisible();
    if (i < commands.length - 1) await panel.getByRole('button', { name: 'Next step' }).click();
  }
  await expect(panel).toContainText('You finished this lesson');
  const next = panel.getByRole('button', { name: /Next lesson/ });
  await expect(next).toBeVisible();
  // Backticks in titles are code, never shown as raw characters.
  await expect(next).not.toContainText('`');
  await panel.getByRole('button', { name: /All lessons/ }).click();
  await expect(panel.locator('.learn-list__title').filter({ hasText: '`' })).toHaveCount(0);
  await expect(
    panel.locator('.learn-list__title code').filter({ hasText: 'docker run' }),
  ).toHaveCount(1);
});

test("a step whose goal is on node-2 ticks when node-2's daemon has the container, not before", async ({
  app,
}) => {
  await app.open();
  const panel = await app.openLesson('many-daemons');
  const step = panel.getByTestId('lesson-step');
  // On the learner's own daemon: the step asks for node-2's.
  for (const line of ['docker create --name web nginx', 'docker rm web']) {
    await app.run(line);
    await app.skip();
    await app.waitForIdle();
  }
  await expect(step).toHaveAttribute('data-done', 'false');
  await app.run('docker -H tcp://node-2:2375 run -d --name web nginx');
  await app.skip();
  await app.waitForIdle();
  await expect(panel.getByTestId('step-done')).toBeVisible();
});

test('a goal reached after the command returned (a container exiting) ticks once the replay is shown', async ({
  app,
}) => {
  await app.open({ speed: 4 });
  const panel = await app.openLesson('lifecycle');
  await app.run('docker create --name box alpine echo hello');
  await expect(panel.getByTestId('step-done')).toBeVisible({ timeout: 60_000 });
  await panel.getByRole('button', { name: 'Next step' }).click();
  // No Esc: the exit of box lands while its start is still being animated.
  await app.run('docker start box');
  await app.waitForIdle();
  await expect(panel.getByTestId('step-done')).toBeVisible({ timeout: 10_000 });
});

test('a wrong command does not tick a step; hints come one at a time, then the solution', async ({
  app,
}) => {
  await app.open();
  const panel = await app.openLesson('client-daemon');
  await app.run('docker ps');
  await app.skip();
  await app.waitForIdle();
  await expect(panel.getByTestId('lesson-step')).toHaveAttribute('data-done', 'false');
  await expect(panel.getByTestId('hint')).toHaveCount(0);
  await panel.getByRole('button', { name: /Show a hint/ }).click();
  await expect(panel.getByTestId('hint')).toHaveCount(1);
  await panel.getByRole('button', { name: /Another hint/ }).click();
  await expect(panel.getByTestId('hint')).toHaveCount(2);
  await panel.getByRole('button', { name: 'Show the solution' }).click();
  await expect(panel.getByTestId('solution')).toContainText('docker version');
  // A clicked command is typed into the terminal and run there.
  await panel.getByTestId('lesson-command').first().click();
  await app.expectTerminal(/\$ docker version/);
  await app.skip();
  await expect(panel.getByTestId('step-done')).toBeVisible();
});

test('a drill asks who receives each message, scores the answers and explains them', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('mode-drills').click();
  const panel = page.getByTestId('drill-panel');
  await panel.locator('[data-drill="run-nginx-overview"]').click();
  const question = panel.getByTestId('drill-question');
  await expect(question).toBeVisible();
  // Playback waits at the question: nothing is in flight.
  await expect(app.diagram).toHaveAttribute('data-animating', 'false');
  await expect(question).toHaveAttribute('data-from', 'client');
  await panel.locator('[data-testid=drill-choice][data-choice="dockerd"]').click();
  await expect(panel.getByTestId('drill-feedback')).toContainText('Right');
  await expect(panel.getByTestId('drill-score')).toContainText('Score: 1 / 1');
  // The next question: answering with the sender itself is always wrong.
  await expect(question).toBeVisible();
  const from = await question.getAttribute('data-from');
  await panel.locator(`[data-testid=drill-choice][data-choice="${from}"]`).click();
  await expect(panel.getByTestId('drill-feedback')).toContainText('Not quite');
  await expect(panel.getByTestId('drill-score')).toContainText('Score: 1 / 2');
  await expect(panel.getByTestId('drill-feedback')).not.toBeEmpty();
  // A mouse click on a diagram component answers too…
  await expect(question).toBeVisible();
  await app.node('dockerd').click();
  await expect(panel.getByTestId('drill-score')).toContainText('/ 3');
  // …and so does Enter on a focused one.
  await expect(question).toBeVisible();
  await app.node('dockerd').locator('[data-pick]').focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('drill-score')).toContainText('/ 4');
});

test('during a drill Esc, Skip, Ctrl-C and typing neither print the future nor pass the question', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('mode-drills').click();
  const panel = page.getByTestId('drill-panel');
  await panel.locator('[data-drill="run-nginx-overview"]').click();
  const question = panel.getByTestId('drill-question');
  await expect(question).toBeVisible();
  await expect(page.getByTestId('export-mermaid')).toBeDisabled();
  const seqBefore = await question.getAttribute('data-seq');
  await app.focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+C');
  await page.keyboard.type('docker ps\r');
  await expect(page.getByTestId('terminal-status')).toHaveAttribute('data-drill', 'true');
  // The page's own Esc and the Skip button push the cursor; the terminal must not follow.
  await page.locator('body').press('Escape');
  await page.getByRole('button', { name: /skip/i }).first().click();
  await page.waitForTimeout(500);
  const text = await app.terminalText();
  expect(text).not.toMatch(/Pulling|Download complete|nginx\/|docker ps/);
  await expect(question).toBeVisible();
  await expect(question).toHaveAttribute('data-seq', seqBefore ?? '');
  await expect(panel.getByTestId('drill-score')).toContainText('Score: 0 / 0');
  // Leaving the drill gives the terminal and the export back.
  await panel.getByRole('button', { name: /All drills/ }).click();
  await expect(page.getByTestId('export-mermaid')).toBeEnabled();
  await expect(page.getByTestId('terminal-status')).toHaveAttribute('data-drill', 'false');
});

test('a question is answered by replaying its scenario with components highlighted', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('mode-questions').click();
  const list = page.getByTestId('question-list');
  await expect(list.getByTestId('question')).not.toHaveCount(0);
  expect(await list.getByTestId('question').count()).toBeGreaterThanOrEqual(30);
  await list.getByTestId('question').first().getByRole('button').first().click();
  await list.getByTestId('show-me').click();
  await expect(page.getByTestId('highlight-style')).toBeAttached();
  await app.skip();
  await app.waitForIdle();
});

test('presenter mode puts the diagram first in large type; p toggles it', async ({ app, page }) => {
  await app.open();
  const rows = page.locator('[data-testid=terminal] .xterm-rows');
  const fontSize = () => rows.evaluate((el) => getComputedStyle(el).fontSize);
  expect(await fontSize()).toBe('13px');
  const toggle = page.getByTestId('presenter-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.app')).toHaveClass(/app--presenter/);
  // The terminal's own type grows too (xterm draws it; CSS alone cannot).
  await expect.poll(fontSize).toBe('18px');
  const diagram = await page.getByTestId('diagram-pane').boundingBox();
  const terminal = await page.getByTestId('terminal-pane').boundingBox();
  expect(diagram!.x).toBeLessThan(terminal!.x);
  expect(diagram!.width).toBeGreaterThan(terminal!.width);
  // `p` typed in the terminal is a letter; elsewhere it is the shortcut.
  await app.run('echo p');
  await expect(page.locator('.app')).toHaveClass(/app--presenter/);
  await toggle.focus();
  await page.keyboard.press('p');
  await expect(page.locator('.app')).not.toHaveClass(/app--presenter/);
  await expect.poll(fontSize).toBe('13px');
});

test('axe finds no serious violations with the lesson panel open', async ({ app, page }) => {
  await app.open();
  await app.openLesson('client-daemon');
  await page.getByRole('button', { name: /Show a hint/ }).click();
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: Array<{ id: string; impact: string | null; nodes: unknown[] }>;
          }>;
        };
      }
    ).axe;
    // The learning UI: the header's controls and the terminal pane with the lesson panel.
    const result = await axe.run(
      { include: [['.app-header'], ['[data-testid=terminal-pane]']] } as unknown as Document,
      { resultTypes: ['violations'] },
    );
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3) }));
  });
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});
