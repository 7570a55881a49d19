// Only this daemon's own page and non-browser clients may use it (issue 10, defects 4, 5, 7).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, parseHostHeader } from './access';
import { type Daemon, startDaemon } from './server';
import { raw, request } from './testHttp';

describe('the loopback warning', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.evil.example', false],
    ['127.0.0.1.nip.io', false],
    ['0.0.0.0', false],
    ['::', false],
    ['::ffff:10.0.0.1', false],
    ['192.168.1.5', false],
    ['myhost', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('reads Host headers', () => {
    expect(parseHostHeader('[::1]:2375')).toEqual({ name: '::1', port: 2375 });
    expect(parseHostHeader('Localhost:80')).toEqual({ name: 'localhost', port: 80 });
    expect(parseHostHeader('api.moby.localhost')).toEqual({
      name: 'api.moby.localhost',
      port: null,
    });
    expect(parseHostHeader('a:b:c')).toBeNull();
    expect(parseHostHeader('')).toBeNull();
  });
});

describe('Host and Origin', () => {
  let daemon: Daemon;
  let port: number;
  beforeAll(async () => {
    daemon = await startDaemon({ port: 0, seed: 1, quiet: true });
    port = daemon.port!;
  });
  afterAll(() => daemon.close());

  const run = (headers: Record<string, string>) =>
    request({ port }, 'POST', '/_dockscope/run', JSON.stringify({ line: 'docker ps' }), {
      'Content-Type': 'application/json',
      ...headers,
    });

  it('the page itself may run commands; another web page may not (CSRF)', async () => {
    const own = `127.0.0.1:${port}`;
    expect((await run({ Host: own, Origin: `http://${own}` })).status).toBe(200);
    expect(
      (await run({ Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).status,
    ).toBe(200);
    expect((await run({ Host: `[::1]:${port}` })).status).toBe(200);
    const csrf = await run({ Host: own, Origin: 'https://evil.example' });
    expect(csrf.status).toBe(403);
    expect(JSON.parse(csrf.text).message).toMatch(/evil\.example/);
    expect((await run({ Host: own, Origin: 'null' })).status).toBe(403);
    expect((await run({ Host: own, Origin: `http://localhost:${port + 1}` })).status).toBe(403);
  });

  it('the live view refuses names DNS rebinding could use, and other ports', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost']) {
      const r = await request({ port }, 'GET', '/_dockscope/events', undefined, { Host: host });
      expect(r.status, host).toBe(403);
      expect((await run({ Host: host })).status, host).toBe(403);
    }
    // (Node's client replaces an empty Host with its own: the raw bytes then.)
    expect(await raw(port, 'GET /_dockscope/events HTTP/1.1\r\nHost: \r\n\r\n')).toMatch(
      /^HTTP\/1\.1 403 /,
    );
    const trace = await request({ port }, 'POST', '/_dockscope/trace', '{}', {
      Host: `rebind.example:${port}`,
    });
    expect(trace.status).toBe(403);
  });

  it('the Engine API takes the real CLI (any Host, no Origin) and refuses web pages', async () => {
    for (const host of [`127.0.0.1:${port}`, 'api.moby.localhost', 'docker', `myalias:${port}`])
      expect(
        (await request({ port }, 'GET', '/v1.50/version', undefined, { Host: host })).status,
        host,
      ).toBe(200);
    const csrf = await request({ port }, 'POST', '/v1.50/containers/create', '{"Image":"alpine"}', {
      Host: `127.0.0.1:${port}`,
      Origin: 'http://evil.example',
      'Content-Type': 'text/plain',
    });
    expect(csrf.status).toBe(403);
    const upgrade = await raw(
      port,
      `POST /v1.50/containers/x/attach?stream=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
  });
});

describe('--socket PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-sock-'));

  it('refuses to replace a regular file, and leaves it as it was', async () => {
    const path = join(dir, 'precious.txt');
    writeFileSync(path, 'keep me');
    await expect(startDaemon({ socket: path, quiet: true })).rejects.toThrow(
      /not a socket: not removing it/,
    );
    expect(readFileSync(path, 'utf8')).toBe('keep me');
  });

  it('replaces a stale socket, refuses a live one, and serves the CLI there (Host api.moby.localhost)', async () => {
    const path = join(dir, 'docker.sock');
    const stale = net.createServer().listen(path);
    await new Promise((r) => stale.once('listening', r));
    await expect(startDaemon({ socket: path, quiet: true })).rejects.toThrow(/in use/);
    // A server that went away without unlinking its socket (as after kill -9).
    await new Promise<void>((r) => {
      stale.close(() => r());
      writeFileSync(join(dir, 'marker'), '');
    });
    const s2 = net.createServer();
    await new Promise<void>((r) => s2.listen(path, () => r()));
    // Closing a Node server removes its socket file; simulate a crash by keeping the file.
    (s2 as unknown as { _handle: { close(): void } })._handle.close();
    const daemon = await startDaemon({ socket: path, quiet: true });
    try {
      const r = await request({ socketPath: path }, 'GET', '/v1.50/version', undefined, {
        Host: 'api.moby.localhost',
      });
      expect(r.status).toBe(200);
    } finally {
      await daemon.close();
    }
  });
});
