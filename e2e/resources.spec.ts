import { expect } from '@playwright/test';
import { test } from './fixtures';

/**
 * Issue 14, "done means": provoke an OOM in the browser and see OOMKilled. A
 * container limited to 32 MiB runs `tail /dev/zero`, whose buffer grows until the
 * kernel's OOM killer ends it: `docker run` exits 137, the diagram shows the kill
 * travel up (kernel → shim → containerd → dockerd), and inspect says OOMKilled.
 */
test('an OOM kill: -m 32m and tail /dev/zero end in 137 and OOMKilled true', async ({ app }) => {
  // The kill is watched travelling up the diagram at 4×: about a minute on a loaded machine.
  test.setTimeout(240_000);
  await app.open({ speed: 4 });
  await app.run("docker run --name hog -m 32m alpine sh -c 'tail /dev/zero'");
  await app.waitForIdle();
  await app.run("docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' hog");
  await app.expectTerminal(/\ntrue 137\s*\n/);
  await app.waitForIdle();
  // The kill travels up on the diagram: the kernel tells the shim, the shim containerd.
  const packets = await app.seenPackets();
  const kernelToShim = packets.findIndex((p) => p.from === 'kernel' && p.to.startsWith('shim-'));
  expect(kernelToShim, JSON.stringify(packets.slice(-60))).toBeGreaterThanOrEqual(0);
  expect(
    packets.slice(kernelToShim).some((p) => p.from === 'containerd' && p.to === 'dockerd'),
  ).toBe(true);
  const text = await app.terminalText();
  expect(text).not.toContain('not simulate');
});
