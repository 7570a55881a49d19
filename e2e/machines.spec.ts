import { test, expect } from './fixtures';

test('a container started on node-2 with --context appears in node-2’s box, not the local one', async ({
  app,
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open({ speed: 4 });
  // Until a message reaches it, node-2 is a small idle card naming the address -H takes.
  await expect(app.node('node-2/host')).toContainText('tcp://node-2:2375');
  await expect(app.nodesStartingWith('node-2/dockerd')).toHaveCount(0);

  await app.run('docker context create n2 --docker host=tcp://node-2:2375');
  await app.waitForIdle();
  await app.run('docker --context n2 run -d --name api nginx');
  await app.skip();
  await app.waitForIdle();
  // The ID the CLI printed (its 12-hex prefix names the node; the narrow terminal may wrap it).
  const flat = (await app.terminalFlat()).replace(/\s+/g, '');
  const started = app.nodesStartingWith('node-2/container-');
  await expect(started).toHaveCount(1);
  const key = (await started.getAttribute('data-id'))!.slice('node-2/container-'.length);
  expect(flat).toMatch(new RegExp(`${key}[0-9a-f]{52}`));

  const inBox = (nodeId: string, boxId: string) =>
    page.evaluate(
      ([n, b]) => {
        const r = document
          .querySelector(`.react-flow__node[data-id="${n}"]`)!
          .getBoundingClientRect();
        const o = document
          .querySelector(`.react-flow__node[data-id="${b}"]`)!
          .getBoundingClientRect();
        return r.left >= o.left && r.right <= o.right && r.top >= o.top && r.bottom <= o.bottom;
      },
      [nodeId, boxId] as const,
    );
  await expect(app.node(`node-2/container-${key}`)).toContainText('api');
  await expect(app.node(`node-2/container-${key}`)).toContainText('running');
  expect(await inBox(`node-2/container-${key}`, 'node-2/host')).toBe(true);
  expect(await inBox('node-2/dockerd', 'node-2/host')).toBe(true);
  // Not in the learner's machine: no such node there, and its own box still holds no container.
  await expect(app.node(`container-${key}`)).toHaveCount(0);
  await expect(app.nodesStartingWith('container-')).toHaveCount(0);
  // The CLI's requests went to node-2's dockerd; the local one was not asked.
  const packets = await app.seenPackets();
  expect(packets.some((p) => p.from === 'client' && p.to === 'node-2/dockerd')).toBe(true);
  expect(packets.some((p) => p.to === 'dockerd' || p.from === 'dockerd')).toBe(false);
  // node-3 stays an idle card.
  await expect(app.nodesStartingWith('node-3/dockerd')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('node-2-api-running.png') });
});

test('a second dockerd on the learner’s machine: drawn beside dockerd once reached, its container in the same box', async ({
  app,
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open({ speed: 4 });
  await expect(app.node('dockerd-bootstrap')).toHaveCount(0);
  await app.run(
    'docker -H unix:///var/run/docker-bootstrap.sock run -d --name web alpine sleep 600',
  );
  await app.skip();
  await app.waitForIdle();
  await expect(app.node('dockerd-bootstrap')).toHaveCount(1);
  await expect(app.node('dockerd-bootstrap')).toContainText('bootstrap');
  const started = app.nodesStartingWith('container-');
  await expect(started).toHaveCount(1);
  const key = (await started.getAttribute('data-id'))!.slice('container-'.length);
  await expect(app.node(`container-${key}`)).toContainText('web');
  await expect(app.node(`container-${key}`)).toContainText('running');
  // The CLI asked the second daemon; the first one was not asked.
  const packets = await app.seenPackets();
  expect(packets.some((p) => p.from === 'client' && p.to === 'dockerd-bootstrap')).toBe(true);
  expect(packets.some((p) => p.to === 'dockerd' || p.from === 'dockerd')).toBe(false);
  await page.screenshot({ path: testInfo.outputPath('dockerd-bootstrap-web-running.png') });
});
