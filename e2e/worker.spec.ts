import { execFileSync } from 'node:child_process';
import { test, expect } from './fixtures';
import type { Message, SessionInput } from '../src/sim/engine';

/** What the page's test hook gives (src/ui/bridge.ts): its input log and its mirror of the trace. */
interface PageRecord {
  session: { columns: number; inputs: SessionInput[] };
  trace: Message[];
  resources: string[];
}

test('the engine in the page’s Web Worker records the same trace as the engine in Node', async ({
  app,
  page,
}) => {
  await app.open({ speed: 4 });
  // A pull, a container left running, one on another machine, an attached shell typed into.
  for (const command of [
    'docker run hello-world',
    'docker run -d --name web nginx',
    'docker -H ssh://root@node-2 run -d alpine sleep 1000',
    'docker ps',
  ]) {
    await app.run(command);
    await app.skip();
    await app.waitForIdle();
  }
  await app.run('docker run -it alpine sh');
  await app.skip();
  await expect(app.status).toHaveAttribute('data-mode', 'attached');
  await page.keyboard.type('echo hi from the worker');
  await page.keyboard.press('Enter');
  await app.skip();
  await app.expectTerminal('hi from the worker');
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await app.skip();
  await app.waitForIdle();

  const record = JSON.parse(
    await page.evaluate(() => {
      const hook = (window as unknown as { __dockscope: { session(): unknown; trace(): unknown } })
        .__dockscope;
      return JSON.stringify({
        session: hook.session(),
        trace: hook.trace(),
        resources: performance.getEntriesByType('resource').map((e) => e.name),
      });
    }),
  ) as PageRecord;

  // The engine ran in the worker, and its code never loaded on the page's own thread.
  expect(record.resources.some((name) => /engine\.worker-[\w-]+\.js$/.test(name))).toBe(true);
  expect(record.resources.some((name) => /\/engineServer-[\w-]+\.js$/.test(name))).toBe(false);

  // The same seed (the page's: 1), terminal and input log, in Node: the headless `npm run sim`.
  expect(record.session.inputs.filter((i) => i.op === 'run')).toHaveLength(5);
  const node = JSON.parse(
    execFileSync('node', ['scripts/simLauncher.mjs', '--seed', '1', '--tty', '--session', '-'], {
      input: JSON.stringify(record.session),
      maxBuffer: 256 * 1024 * 1024,
    }).toString(),
  ) as { trace: Message[] };
  expect(record.trace.length).toBeGreaterThan(200);
  expect(record.trace).toEqual(node.trace);
});
