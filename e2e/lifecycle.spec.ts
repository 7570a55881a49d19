import { expect, test } from './fixtures';

// Issue 14 (life): a restart policy on simulated time, and docker pause through the freezer.
test('on-failure:3 restarts a failing container three times; pause shows (Paused)', async ({
  app,
}) => {
  await app.open();
  await app.run("docker run -d --name flaky --restart on-failure:3 alpine sh -c 'exit 3'");
  await app.skip();
  // The restarts go on after the command has returned: the diagram animates them, so wait
  // for the prompt only.
  await expect(app.status).toHaveAttribute('data-mode', 'editing', { timeout: 30_000 });
  // sleep in the learner's shell lets simulated time pass: the backoff is 100, 200, 400 ms.
  await app.run('sleep 2');
  await app.skip();
  await expect(app.status).toHaveAttribute('data-mode', 'editing', { timeout: 30_000 });
  await app.run(
    "docker inspect -f '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}' flaky",
  );
  await app.skip();
  await app.expectTerminal(/\n3 exited 3\s*\n/);
  await app.waitForIdle(60_000);
  await app.run('docker run -d --name pz alpine sleep 1000');
  await app.skip();
  await app.waitForIdle(30_000);
  await app.run('docker pause pz');
  await app.skip();
  await app.waitForIdle(30_000);
  await app.run('docker ps');
  await app.skip();
  await app.expectTerminal(/Up [^\n]*\(Paused\)\s+pz/, { flat: true });
  await app.run('docker exec pz ls');
  await app.skip();
  await app.expectTerminal(/is paused, unpause the container before exec/, { flat: true });
});
