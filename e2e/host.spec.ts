import { expect, test } from './fixtures';

// Issue 14: the terminal is a shell on the Docker host itself. `ps -ef --forest` there shows
// nginx's master process as a child of its containerd-shim-runc-v2 (whose parent is PID 1),
// and the read is drawn: the learner's bash asks the kernel.
test('ps -ef --forest on the host: containerd-shim-runc-v2 is the parent of nginx’s master', async ({
  app,
}) => {
  await app.open();
  await app.run('docker run -d --name web nginx');
  await app.skip();
  await app.waitForIdle(30_000);
  await app.run('ps -ef --forest');
  await app.skip();
  await app.waitForIdle(20_000);
  const flat = await app.terminalFlat();
  const shim =
    /root\s+(\d+)\s+1\s+0 \d\d:\d\d \?\s+00:00:00 \/usr\/bin\/containerd-shim-runc-v2 -namespace moby -id [0-9a-f]{64} -address \/run\/containerd\/containerd\.sock\s*root\s+(\d+)\s+(\d+)\s+0 \d\d:\d\d \?\s+00:00:00\s+\\_ nginx: master process nginx -g daemon off;/.exec(
      flat,
    );
  expect(shim, flat).not.toBeNull();
  // The master's PPID is the shim's PID.
  expect(shim![3]).toBe(shim![1]);
  await app.expectTerminal(
    /\/usr\/bin\/dockerd -H fd:\/\/ --containerd=\/run\/containerd\/containerd\.sock/,
    { flat: true },
  );
  // The read is a message: the learner's bash on the host is drawn beside the CLI.
  await expect(app.node('bash')).toBeVisible();
});
