import { test, expect } from './fixtures';

/**
 * Issue 13's browser check for networks: two containers on a user-defined
 * network reach each other by name (dockerd's embedded DNS answers), and the
 * packet's path animates: container → its veth wire → the network's bridge in
 * the kernel → the other container's wire → container.
 */
test('two containers on a user-defined network reach each other by name, and the packet crosses the bridge', async ({
  app,
  page,
}, testInfo) => {
  await app.open({ speed: 4 });
  // The set-up is not what this test watches: its animation is skipped.
  for (const line of [
    'docker network create appnet',
    'docker run -d --name web --network appnet nginx',
    'docker pull busybox',
  ]) {
    await app.run(line);
    await app.skip();
    await app.waitForIdle();
  }
  await app.run('docker run --rm --network appnet busybox ping -c 1 web');
  await app.expectTerminal(/64 bytes from 172\.18\.0\.2: seq=0 ttl=64/, { timeout: 180_000 });
  await app.waitForIdle();

  const text = await app.terminalText();
  // The first 64-hex line is the network's ID, the second web's.
  const webId = [...text.matchAll(/^([0-9a-f]{64})\s*$/gm)][1]?.[1];
  expect(webId, text).toBeDefined();
  const web = `container-${webId!.slice(0, 12)}`;
  // The web container's node says which bridge it is plugged into, with its address.
  await expect(app.node(web).getByTestId('container-networks')).toContainText('appnet 172.18.0.2');
  // The network is drawn as what it is: a Linux bridge in the host's kernel, web wired to it.
  const bridge = page.locator('[data-testid=diagram-bridge]', { hasText: 'appnet' });
  await expect(bridge).toContainText(/br-[0-9a-f]{12}/);
  const device = await bridge.getAttribute('data-device');
  const wire = `bridge-${device}~${web}`;
  await expect(page.locator(`.react-flow__edge[data-id="${wire}"]`)).toHaveCount(1);

  // The DNS query went to dockerd, and the echo request reached web through the kernel's bridge.
  const packets = await app.seenPackets();
  // The pinging container's first message is its DNS query to dockerd (web's are its log lines).
  const pinger = packets.find(
    (p) => p.to === 'dockerd' && p.from.startsWith('container-') && p.from !== web,
  )?.from;
  expect(pinger, JSON.stringify(packets.slice(-40))).toBeDefined();
  const out = packets.findIndex((p) => p.from === pinger && p.to === 'kernel');
  const into = packets.findIndex((p, i) => i > out && p.from === 'kernel' && p.to === web);
  expect(out, JSON.stringify(packets.slice(-40))).toBeGreaterThanOrEqual(0);
  expect(into).toBeGreaterThan(out);
  const back = packets.findIndex((p, i) => i > into && p.from === web && p.to === 'kernel');
  expect(back).toBeGreaterThan(into);
  // Each hop travels a veth wire to appnet's bridge: the pinger's out, web's in.
  expect(packets[out]!.edge).toBe(`bridge-${device}~${pinger}`);
  expect(packets[into]!.edge).toBe(wire);
  await page.screenshot({ path: testInfo.outputPath('networks.png') });
});
