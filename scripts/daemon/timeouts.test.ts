// Slow and idle clients are let go; long answers (wait, attach) are not cut (issue 10, defect 6).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from './server';
import { request, until } from './testHttp';

let daemon: Daemon;
let port: number;
const timeouts = { headers: 300, request: 600, keepAlive: 300, upgradeBody: 600 };

beforeAll(async () => {
  daemon = await startDaemon({ port: 0, seed: 1, quiet: true, timeouts, maxConnections: 20 });
  port = daemon.port!;
  await request(
    { port },
    'POST',
    '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
  );
});
afterAll(() => daemon.close());

/** Open a connection, write `bytes`, and resolve with what came back once the server closed it. */
function closedAfter(bytes: string): Promise<{ ms: number; text: string }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    s.on('data', (c: Buffer) => (text += c.toString()));
    s.on('error', () => undefined);
    s.on('close', () => resolve({ ms: Date.now() - t0, text }));
    s.write(bytes);
  });
}

describe('timeouts', () => {
  it('headers that never end, a body that never comes and an idle connection are closed', async () => {
    const [headers, body, upgrade, idle] = await Promise.all([
      closedAfter('GET /_ping HTTP/1.1\r\nHost: x\r\n'),
      closedAfter(
        'POST /v1.50/containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"Im',
      ),
      closedAfter(
        'POST /v1.50/exec/x/start HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 100\r\n\r\n{',
      ),
      closedAfter('GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n'),
    ]);
    expect(headers.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(upgrade.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(idle.text).toMatch(/^HTTP\/1\.1 200 OK/);
    for (const r of [headers, body, upgrade, idle]) expect(r.ms).toBeLessThan(3000);
  });

  it('a wait and an attach that last longer than every timeout get their answer', async () => {
    const created = await request(
      { port },
      'POST',
      '/v1.50/containers/create?name=slow',
      JSON.stringify({
        Image: 'alpine',
        Cmd: ['sleep', '2'],
        AttachStdout: true,
      }),
      { 'Content-Type': 'application/json' },
    );
    expect(created.status).toBe(201);
    const socket = net.connect(port, '127.0.0.1');
    let attached = '';
    socket.on('data', (c: Buffer) => (attached += c.toString('latin1')));
    socket.write(
      'POST /v1.50/containers/slow/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n',
    );
    await until(() => attached.includes('101 UPGRADED'));
    const waited = request({ port }, 'POST', '/v1.50/containers/slow/wait?condition=next-exit');
    const t0 = Date.now();
    expect((await request({ port }, 'POST', '/v1.50/containers/slow/start')).status).toBe(204);
    const w = await waited;
    expect(Date.now() - t0).toBeGreaterThan(1500);
    expect(w.text).toBe('{"StatusCode":0}\n');
    await until(() => socket.readableEnded || socket.destroyed);
  }, 10_000);

  it('keeps to a limit of connections at once', async () => {
    const sockets = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect(port, '127.0.0.1', () => resolve(s));
            s.on('error', () => undefined);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(sockets.filter((s) => s.destroyed).length).toBeGreaterThanOrEqual(10);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await request({ port }, 'GET', '/_ping')).text).toBe('OK');
  });
});
