import { test } from './fixtures';

/**
 * The page's terminal is a shell: a line joins docker commands with `&&`,
 * and `$?` holds the status of the last one, as in bash on a real machine.
 */
test('a line with && runs docker commands in turn, and echo $? prints the status', async ({
  app,
}) => {
  // What is tested is the terminal's output, not the animation: no packet travels.
  await app.open({ speed: 'instant' });
  // One-letter names are invalid in real Docker too: the run fails and && skips docker ps.
  await app.run('docker run -d --name a nginx && docker ps -q');
  await app.expectTerminal('Invalid container name (a)');
  await app.waitForIdle();
  await app.run('echo $?');
  await app.expectTerminal(/\$ echo \$\?\s*\n125\s*\n/);
  await app.waitForIdle();
  await app.run('docker run -d --name web nginx && docker ps -q');
  await app.expectTerminal(/\n([0-9a-f]{64})\s*\n\1\s*\n|\n[0-9a-f]{64}\s*\n[0-9a-f]{12}\s*\n/);
  await app.waitForIdle();
  await app.run('echo $?');
  await app.expectTerminal(/\$ echo \$\?\s*\n0\s*\n/);
});
