import { test, expect, type SeenPacket } from './fixtures';

/** Index of the first packet after `from` that matches, or -1. */
function findAfter(packets: SeenPacket[], from: number, match: (p: SeenPacket) => boolean): number {
  for (let i = from; i < packets.length; i++) if (match(packets[i]!)) return i;
  return -1;
}

test('docker run -d -p 8080:80 --name web nginx travels from the client down to runc, then docker ps lists it', async ({
  app,
  page,
}, testInfo) => {
  await app.open({ speed: 4 });
  await app.run('docker run -d -p 8080:80 --name web nginx');

  // Packets start travelling at once, from the client to dockerd.
  await expect(page.getByTestId('packet').first()).toBeAttached();
  await expect(app.diagram).toHaveAttribute('data-animating', 'true');

  // A shim node appears when containerd starts it, and runc is called by it.
  const shim = app.nodesStartingWith('shim-');
  await expect(shim).toHaveCount(1, { timeout: 90_000 });
  const shimId = await shim.getAttribute('data-id');
  expect(shimId).toMatch(/^shim-[0-9a-f]{12}$/);
  // A shim → runc packet is in flight for a moment only; on a busy machine the shim's
  // appearance is noticed late and a wait for the element finds the hop over. The page
  // records every packet that appears, however briefly: ask it.
  await expect
    .poll(async () => (await app.seenPackets()).some((p) => p.from === shimId && p.to === 'runc'), {
      timeout: 30_000,
    })
    .toBe(true);
  await page.screenshot({ path: testInfo.outputPath('nginx-run-in-flight.png') });

  await app.waitForIdle();
  // The 64-hex container ID, alone on its line, and the container node with its 12-hex prefix.
  const text = await app.terminalText();
  const id = text.match(/^([0-9a-f]{64})\s*$/m)?.[1];
  expect(id, text).toBeDefined();
  expect(shimId).toBe(`shim-${id!.slice(0, 12)}`);
  await expect(app.node(`container-${id!.slice(0, 12)}`)).toContainText('web');
  await expect(app.node(`container-${id!.slice(0, 12)}`)).toContainText('running');

  // The order the issue describes: client → dockerd → registry → containerd → shim → runc.
  const packets = await app.seenPackets();
  const steps: Array<(p: SeenPacket) => boolean> = [
    (p) => p.from === 'client' && p.to === 'dockerd',
    (p) => p.from === 'dockerd' && p.to === 'registry',
    (p) => p.from === 'dockerd' && p.to === 'containerd',
    (p) => p.from === 'containerd' && p.to === shimId,
    (p) => p.from === shimId && p.to === 'runc',
  ];
  let at = 0;
  for (const step of steps) {
    const found = findAfter(packets, at, step);
    expect(
      found,
      `step ${steps.indexOf(step)} in ${JSON.stringify(packets.slice(0, 40))}`,
    ).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
  // Every message was animated, in trace order, none skipped: every seq up to the timeline's
  // count has had its packet on screen. The engine may still be adding messages for the
  // running container as the page turns idle, so those get the moments they need to be
  // played; a skipped message is never drawn later, and the poll then fails naming it.
  const traceLength = Number(
    (await page.getByTestId('timeline-count').innerText()).match(/(\d+) messages/)?.[1],
  );
  expect(traceLength).toBeGreaterThan(0);
  const missing = async () => {
    const seen = new Set((await app.seenPackets()).map((p) => p.seq));
    return Array.from({ length: traceLength }, (_, i) => i + 1).filter((s) => !seen.has(s));
  };
  await expect
    .poll(missing, { message: `of ${traceLength} messages, these were never drawn` })
    .toEqual([]);
  // A packet drawn twice (its edge re-rendered) is still one message, in its place.
  const seqs = (await app.seenPackets()).map((p) => p.seq);
  expect(seqs, 'packets appear in trace order').toEqual([...seqs].sort((a, b) => a - b));

  await app.run('docker ps');
  await app.waitForIdle();
  const flat = await app.terminalFlat();
  const ps = flat.slice(flat.lastIndexOf('$ docker ps') + '$ docker ps'.length);
  expect(ps).toContain('CONTAINER ID');
  expect(ps).toContain('0.0.0.0:8080->80/tcp');
  expect(ps).toMatch(/\bweb\b/);

  const shot = testInfo.outputPath('nginx-web-running.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('nginx web running', { path: shot, contentType: 'image/png' });
  await page.screenshot({ path: 'test-results/e2e/dockscope-nginx.png' });
});

test('narration explains the message in flight', async ({ app }) => {
  await app.open();
  await app.run('docker ps');
  await expect(app.narration).toHaveAttribute('aria-live', 'polite');
  await expect(app.narration).toContainText('client → dockerd');
  await expect(app.narration).toContainText('Why:');
  await app.waitForIdle();
  await expect(app.narration).toContainText('dockerd → client');
});
