import { test, expect } from './fixtures';

test.describe('bad input prints an error and the page keeps working', () => {
  test('an unknown docker command', async ({ app }) => {
    await app.open();
    await app.run('docker foo');
    await app.expectTerminal('unknown command');
    await app.waitForIdle();
    await app.run('docker ps');
    await app.expectTerminal('CONTAINER ID');
  });

  test('an unbalanced quote', async ({ app }) => {
    await app.open();
    await app.run('docker run "alpine');
    await app.expectTerminal('unexpected EOF');
    await app.waitForIdle();
    await app.run('docker ps');
    await app.expectTerminal('CONTAINER ID');
  });

  test('a 10,000-character line', async ({ app, page }) => {
    await app.open();
    await app.paste(`docker ${'x'.repeat(10_000 - 7)}\r`);
    await app.expectTerminal(/unknown command|not found|invalid/i);
    await app.waitForIdle();
    await app.run('docker ps');
    await app.expectTerminal('CONTAINER ID');
    await expect(page.getByRole('button', { name: /theme/ })).toBeEnabled();
  });
});

test('↑ recalls the previous command and Enter runs it again', async ({ app, page }) => {
  await app.open();
  await app.run('docker images');
  await app.waitForIdle();
  await app.focus();
  await page.keyboard.press('ArrowUp');
  await app.expectTerminal(/\$ docker images\s*\n[\s\S]*\$ docker images\s*$/);
  await page.keyboard.press('Enter');
  await app.waitForIdle();
  const text = await app.terminalText();
  expect(text.match(/REPOSITORY/g)).toHaveLength(2);
});

test('Ctrl-C cancels the line being typed', async ({ app, page }) => {
  await app.open();
  await app.focus();
  await page.keyboard.type('docker run nothing');
  await page.keyboard.press('Control+C');
  await app.expectTerminal(/docker run nothing\^C\s*\n\$\s*$/);
  await expect(page.getByTestId('packet')).toHaveCount(0);
});

test('Tab completes a command', async ({ app, page }) => {
  await app.open();
  await app.focus();
  await page.keyboard.type('docker vers');
  await page.keyboard.press('Tab');
  await app.expectTerminal(/\$ docker version\s*$/);
  // Ambiguous: the common prefix, then the candidates listed under the line.
  await page.keyboard.press('Control+U');
  await page.keyboard.type('docker ima');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await app.expectTerminal(/image\s+images/);
});

test('clear and Ctrl-L empty the screen', async ({ app, page }) => {
  await app.open();
  await app.run('docker images');
  await app.waitForIdle();
  await app.run('clear');
  await expect.poll(() => app.terminalText()).not.toContain('REPOSITORY');
  await app.run('docker images');
  await app.waitForIdle();
  await app.focus();
  await page.keyboard.press('Control+L');
  await expect.poll(() => app.terminalText()).not.toContain('REPOSITORY');
});

test('a pasted block runs line by line, each after the previous animation', async ({
  app,
  page,
}) => {
  await app.open();
  await app.paste('docker ps\ndocker images\ndocker version\n');
  // The second command waits for the first one's replay.
  await expect(app.status).toHaveAttribute('data-mode', 'running');
  await expect(page.getByTestId('terminal-status')).toContainText('queued');
  await app.expectTerminal('Server: Docker Engine', { flat: true, timeout: 90_000 });
  await app.waitForIdle();
  const flat = await app.terminalFlat();
  const ps = flat.indexOf('CONTAINER ID');
  const images = flat.indexOf('REPOSITORY');
  const version = flat.indexOf('Server: Docker Engine');
  expect(ps).toBeGreaterThan(-1);
  expect(images).toBeGreaterThan(ps);
  expect(version).toBeGreaterThan(images);
});

test('keys typed during an animation run at the next prompt', async ({ app, page }) => {
  await app.open();
  await app.run('docker ps');
  await page.keyboard.type('docker images');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-status')).toContainText('docker images');
  await app.expectTerminal('REPOSITORY', { timeout: 30_000 });
  const text = await app.terminalText();
  expect(text.indexOf('CONTAINER ID')).toBeLessThan(text.indexOf('REPOSITORY'));
});

test('an attached nginx keeps the prompt until Ctrl-C (SIGINT, which nginx handles) stops it', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('docker run --name fg nginx');
  await app.skip();
  await expect(app.status).toHaveAttribute('data-mode', 'attached', { timeout: 10_000 });
  await app.expectTerminal('start worker process');
  expect(await app.terminalText()).not.toMatch(/\$ $/m);

  await page.keyboard.press('Control+C');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/\^C/);
  await app.run('docker ps -a');
  await app.skip();
  await app.expectTerminal(/Exited \(\d+\)/, { flat: true });
});

test('docker run -it alpine sh: typed lines reach the container and are echoed once', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('docker run -it alpine sh');
  await app.skip();
  await expect(app.status).toHaveAttribute('data-mode', 'attached', { timeout: 10_000 });
  await app.expectTerminal(/\/ #\s*$/);
  await page.keyboard.type('echo hello');
  await page.keyboard.press('Enter');
  await app.skip();
  await app.expectTerminal(/\/ # echo hello\s*\nhello\s*\n\/ #/);
  expect((await app.terminalText()).match(/echo hello/g)).toHaveLength(1);
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/\n\$\s*$/);
});

test('a here-document is read line by line after the > prompt, then written', async ({
  app,
  page,
}) => {
  await app.open();
  await app.focus();
  await page.keyboard.type("cat > note <<'EOF'");
  await page.keyboard.press('Enter');
  await app.expectTerminal(/<<'EOF'\s*\n>\s*$/);
  await page.keyboard.type('hello $HOME');
  await page.keyboard.press('Enter');
  await page.keyboard.type('EOF');
  await page.keyboard.press('Enter');
  await app.waitForIdle();
  await app.run('cat note');
  await app.expectTerminal(/\$ cat note\s*\nhello \$HOME/);
});
