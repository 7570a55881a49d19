import { expect, test } from './fixtures';

// Issue 13: `docker exec -it web sh` opens a shell inside a running container; `ps` there
// shows the container's own PID 1, and `exit` returns to the learner's shell.
test('docker exec -it web sh: a shell inside the container, ps shows its PID 1', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('docker run -d --name web alpine sleep 1000');
  await app.skip();
  await app.waitForIdle(20_000);
  await app.run('docker exec -it web sh');
  await app.skip();
  await expect(app.status).toHaveAttribute('data-mode', 'attached', { timeout: 10_000 });
  await app.expectTerminal(/\/ #\s*$/);
  await page.keyboard.type('ps');
  await page.keyboard.press('Enter');
  await app.skip();
  await app.expectTerminal(
    /PID\s+USER\s+TIME\s+COMMAND\s*\n\s+1 root\s+0:00 sleep 1000\s*\n\s+7 root\s+0:00 sh\s*\n\s+8 root\s+0:00 ps/,
  );
  // Typed once: the exec's pty echoes it, the page does not.
  expect((await app.terminalText()).match(/# ps/g)).toHaveLength(1);
  await page.keyboard.type('hostname');
  await page.keyboard.press('Enter');
  await app.skip();
  await app.expectTerminal(/# hostname\s*\n[0-9a-f]{12}\s*\n\/ #/);
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/\n\$\s*$/);
  // The container runs on: the exec ended, not its PID 1.
  await app.run('docker ps');
  await app.skip();
  await app.expectTerminal(/Up \d+ seconds?\s+web/, { flat: true });
});

test('Ctrl-P Ctrl-Q leaves docker exec -it: "read escape sequence", and the shell is back', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('docker run -d --name web alpine sleep 1000');
  await app.skip();
  await app.waitForIdle(20_000);
  await app.run('docker exec -it web sh');
  await app.skip();
  await expect(app.status).toHaveAttribute('data-mode', 'attached', { timeout: 10_000 });
  await app.expectTerminal(/\/ #\s*$/);
  await page.keyboard.press('Control+p');
  await page.keyboard.press('Control+q');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/read escape sequence\s*\n\$\s*$/);
});
