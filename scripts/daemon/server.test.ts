import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from './server';
import { request as httpRequest } from './testHttp';

let daemon: Daemon;
let port: number;

beforeAll(async () => {
  daemon = await startDaemon({ port: 0, seed: 1, quiet: true });
  port = daemon.port!;
});
afterAll(() => daemon.close());

const request = (
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
) => httpRequest({ port }, method, path, body, headers);

const json = (body: unknown) =>
  [JSON.stringify(body), { 'Content-Type': 'application/json' }] as const;

/** A hijacked attach over a raw socket, as the CLI opens it. */
function hijack(path: string): Promise<{ socket: net.Socket; head: string; data: () => Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let resolved = false;
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (!resolved && end >= 0) {
        resolved = true;
        const head = buf.subarray(0, end).toString();
        buf = buf.subarray(end + 4);
        resolve({ socket, head, data: () => buf });
      }
    });
    socket.on('error', reject);
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: api.moby.localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n`,
    );
  });
}

/** Decode `[stream,0,0,0,len32be]+payload` frames. */
function frames(buf: Buffer): Array<{ stream: number; text: string }> {
  const out: Array<{ stream: number; text: string }> = [];
  for (let i = 0; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i + 4);
    out.push({ stream: buf[i]!, text: buf.subarray(i + 8, i + 8 + len).toString() });
    i += 8 + len;
  }
  return out;
}

const until = async (cond: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function create(name: string, body: Record<string, unknown>): Promise<string> {
  const r = await request('POST', `/v1.50/containers/create?name=${name}`, ...json(body));
  expect(r.status).toBe(201);
  return (JSON.parse(r.text) as { Id: string }).Id;
}

describe('the daemon answers like dockerd', () => {
  it('ping carries the version headers', async () => {
    const r = await request('HEAD', '/_ping');
    expect(r.status).toBe(200);
    expect(r.headers['api-version']).toBe('1.50');
    expect(r.headers['server']).toBe('Docker/28.2.2 (linux)');
    expect(r.headers['ostype']).toBe('linux');
    expect((await request('GET', '/_ping')).text).toBe('OK');
  });

  it('bad input gets JSON errors, never a crash', async () => {
    const bad = await request('POST', '/v1.50/containers/create', '{"Image": nope', {
      'Content-Type': 'application/json',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('application/json');
    expect(JSON.parse(bad.text)).toEqual({
      message: "invalid JSON: invalid character 'o' looking for beginning of value",
    });
    const unknown = await request('GET', '/v1.50/nonsense');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({ message: 'page not found' });
    expect(unknown.headers['api-version']).toBe('1.50');
    const big = await request(
      'POST',
      '/v1.50/containers/create',
      Buffer.alloc(11 * 1024 * 1024, 32),
      {
        'Content-Type': 'application/json',
      },
    );
    expect(big.status).toBe(413);
    const missing = await request('DELETE', '/v1.50/containers/nosuch');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ message: 'No such container: nosuch' });
    expect((await request('GET', '/v1.50/containers/%zz/json')).status).toBe(400);
    expect((await request('HEAD', '/_ping')).status).toBe(200);
  });

  it('pull progress is newline-delimited JSON', async () => {
    const r = await request(
      'POST',
      '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
    );
    expect(r.status).toBe(200);
    const lines = r.text
      .trim()
      .split('\r\n')
      .map((l) => JSON.parse(l) as { status: string });
    expect(lines.at(-1)).toEqual({ status: 'Status: Downloaded newer image for alpine:latest' });
  });

  it('attach is hijacked: 101 UPGRADED, multiplexed frames, wait answers on exit', async () => {
    const id = await create('echo', { Image: 'alpine', Cmd: ['echo', 'hi'], AttachStdout: true });
    const a = await hijack(`/v1.50/containers/${id}/attach?stderr=1&stdout=1&stream=1`);
    expect(a.head).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\n/);
    expect(a.head).toContain('Content-Type: application/vnd.docker.multiplexed-stream');
    expect(a.head).toContain('Upgrade: tcp');
    const waited = request('POST', `/v1.50/containers/${id}/wait?condition=next-exit`);
    expect((await request('POST', `/v1.50/containers/${id}/start`)).status).toBe(204);
    const w = await waited;
    expect(w.text).toBe('{"StatusCode":0}\n');
    await until(() => frames(a.data()).length > 0);
    expect(frames(a.data())).toEqual([{ stream: 1, text: 'hi\n' }]);
  });

  it('stdin written on the hijacked socket (even before start) reaches the container', async () => {
    const id = await create('sh', {
      Image: 'alpine',
      Cmd: ['sh'],
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
    });
    const a = await hijack(`/v1.50/containers/${id}/attach?stdin=1&stdout=1&stream=1`);
    a.socket.write('echo early\n');
    const waited = request('POST', `/v1.50/containers/${id}/wait?condition=next-exit`);
    await request('POST', `/v1.50/containers/${id}/start`);
    a.socket.write('echo ');
    a.socket.write('late\nexit 5\n');
    expect((await waited).text).toBe('{"StatusCode":5}\n');
    await until(() => frames(a.data()).length >= 2);
    expect(frames(a.data()).map((f) => f.text)).toEqual(['early\n', 'late\n']);
  });

  it('a TTY container streams raw bytes; Enter is "\\r"', async () => {
    const id = await create('tty', { Image: 'alpine', Cmd: ['sh'], Tty: true, OpenStdin: true });
    const a = await hijack(`/v1.50/containers/${id}/attach?stdin=1&stdout=1&stderr=1&stream=1`);
    expect(a.head).toContain('Content-Type: application/vnd.docker.raw-stream');
    await request('POST', `/v1.50/containers/${id}/start`);
    for (const key of 'echo yo\r') a.socket.write(key);
    await until(() => a.data().toString().includes('yo\r\n/ # '));
    expect(a.data().toString()).toBe('/ # echo yo\r\nyo\r\n/ # ');
    a.socket.end('exit\r');
    await until(() => a.socket.readableEnded);
  });

  it('a client that goes away mid-stream leaves the host consistent', async () => {
    const id = await create('gone', { Image: 'alpine', Cmd: ['sleep', '1'] });
    const a = await hijack(`/v1.50/containers/${id}/attach?stdout=1&stream=1`);
    const socket = net.connect(port, '127.0.0.1');
    socket.write(
      `POST /v1.50/containers/${id}/wait HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
    );
    await request('POST', `/v1.50/containers/${id}/start`);
    a.socket.destroy();
    socket.destroy();
    await until(() => daemon.engine.view().containers.find((c) => c.id === id)?.state === 'exited');
    expect((await request('DELETE', `/v1.50/containers/${id}`)).status).toBe(204);
    expect((await request('HEAD', '/_ping')).status).toBe(200);
  });

  it('kill?signal=INT (Ctrl-C in the real CLI) stops a foreground server', async () => {
    await request('POST', '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Fnginx&tag=latest');
    const id = await create('fg', { Image: 'nginx' });
    await request('POST', `/v1.50/containers/${id}/start`);
    const waited = request('POST', `/v1.50/containers/${id}/wait?condition=next-exit`);
    expect((await request('POST', `/v1.50/containers/${id}/kill?signal=INT`)).status).toBe(204);
    expect(JSON.parse((await waited).text)).toEqual({ StatusCode: 0 });
  });
});
