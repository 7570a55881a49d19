import { expect, test } from './fixtures';

// Issue 14 (sec): root in a container lacks CAP_NET_ADMIN until --cap-add or --privileged gives it.
test('ip link add: Operation not permitted by default, allowed with --cap-add NET_ADMIN', async ({
  app,
}) => {
  await app.open();
  await app.run('docker run --rm alpine ip link add dummy0 type dummy');
  await app.skip();
  await app.waitForIdle(20_000);
  await app.expectTerminal(/ip: RTNETLINK answers: Operation not permitted/);
  await app.run(
    'docker run --rm --cap-add NET_ADMIN alpine sh -c "ip link add dummy0 type dummy && ip link"',
  );
  await app.skip();
  await app.waitForIdle(20_000);
  await app.expectTerminal(/2: dummy0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN/);
  expect(await app.terminalText()).not.toMatch(/not simulated/i);
});
