// Attacker-shaped input never takes the daemon down or fills its memory (issue 10, defects 2, 3).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from './server';
import { openEvents, request, until } from './testHttp';
import { KEEP_BODY_BYTES } from './bodySummary';

let daemon: Daemon;
let port: number;

beforeAll(async () => {
  daemon = await startDaemon({ port: 0, seed: 1, quiet: true });
  port = daemon.port!;
});
afterAll(() => daemon.close());

const ping = async () => (await request({ port }, 'GET', '/_ping')).text;

/** The heap in use once garbage is collected (gc made callable without --expose-gc). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('hostile bodies', () => {
  it('200 KB of nested brackets, with the live view open, leaves the daemon and its live view up', async () => {
    const events = await openEvents(port);
    const r = await request({ port }, 'POST', '/v1.50/containers/create', '['.repeat(200_000), {
      'Content-Type': 'application/json',
    });
    expect(r.status).toBeLessThan(500);
    const nested = await request(
      { port },
      'POST',
      '/v1.50/containers/create',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      {
        'Content-Type': 'application/json',
      },
    );
    expect(nested.status).toBeLessThan(500);
    // The live view goes on pushing: a later request reaches the page.
    await request({ port }, 'GET', '/v1.50/version');
    await until(() => events.text().includes('/v1.50/version'));
    events.close();
    expect(await ping()).toBe('OK');
  });

  it('a large body is kept in the trace as a summary (size, digest, first bytes), not in full', async () => {
    await request(
      { port },
      'POST',
      '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
    );
    const body = JSON.stringify({ Image: 'alpine', Labels: { big: 'y'.repeat(100_000) } });
    await request({ port }, 'POST', '/v1.50/containers/create?name=big', body, {
      'Content-Type': 'application/json',
    });
    const m = daemon.engine.trace.findLast(
      (x) => x.kind === 'request' && x.from === 'client' && x.operation.includes('create'),
    );
    const kept = (m!.request as { body: Record<string, unknown> }).body;
    expect(kept.bytes).toBe(body.length);
    expect(kept.sha256).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(String(kept.first)).toBe(body.slice(0, 200));
    expect(JSON.stringify(m).length).toBeLessThan(KEEP_BODY_BYTES);
    // The router still got all of it: the container exists, with its label.
    const inspect = await request({ port }, 'GET', '/v1.50/containers/big/json');
    expect(JSON.parse(inspect.text).Config.Labels.big).toHaveLength(100_000);
  });

  it('21 bodies of 10 MB (to a path that does not exist) leave the daemon up and its heap small', async () => {
    // Valid JSON (a 10 MB string), so it is routed and recorded: 404 page not found.
    const body = Buffer.alloc(10 * 1024 * 1024, 'a');
    body[0] = body[body.length - 1] = 0x22;
    const heapBefore = heapAfterGc();
    for (let i = 0; i < 21; i++) {
      const r = await request({ port }, 'POST', '/v1.50/nonsense', body);
      expect(r.status).toBe(404);
    }
    const recorded = daemon.engine.trace.filter((m) => m.operation.includes('nonsense'));
    expect(recorded).toHaveLength(42);
    expect(JSON.stringify(recorded).length).toBeLessThan(42 * 1000);
    // Nothing holds on to the bodies (a 200-character slice of one would keep all 10 MB).
    expect(heapAfterGc() - heapBefore).toBeLessThan(30 * 1024 * 1024);
    expect(await ping()).toBe('OK');
  }, 60_000);
});
