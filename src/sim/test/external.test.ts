import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

function call(
  engine: Engine,
  method: 'GET' | 'POST' | 'HEAD' | 'DELETE',
  path: string,
  query?: Record<string, string>,
  body?: unknown,
) {
  const got: {
    status?: number;
    headers?: Record<string, string>;
    body?: unknown;
    chunks: unknown[];
    ended: boolean;
  } = { chunks: [], ended: false };
  const exchange = engine.serveHttp(
    // A body goes with its Content-Type, as dockerd requires (httputils.CheckForJSON).
    {
      method,
      path,
      query,
      body,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' } }),
    },
    {
      head: (status, headers, b) => Object.assign(got, { status, headers, body: b }),
      chunk: (d) => got.chunks.push(d),
      end: () => (got.ended = true),
    },
  );
  return { got, exchange };
}

describe('requests from outside (the real CLI through npm run daemon)', () => {
  it('go through the same router and appear in the trace from the client', () => {
    const engine = new Engine({ seed: 1 });
    const ping = call(engine, 'HEAD', '/_ping').got;
    expect(ping).toMatchObject({ status: 200, ended: true });
    expect(ping.headers?.['Api-Version']).toBe('1.50');
    const pull = call(engine, 'POST', '/v1.50/images/create', {
      fromImage: 'docker.io/library/alpine',
      tag: 'latest',
    }).got;
    expect(pull.status).toBe(200);
    expect(pull.chunks.at(-1)).toEqual({
      status: 'Status: Downloaded newer image for alpine:latest',
    });
    expect(engine.trace[0]).toMatchObject({
      from: 'client',
      to: 'dockerd',
      operation: 'HEAD /_ping',
    });
    const missing = call(engine, 'GET', '/v1.50/containers/nosuch/json').got;
    expect(missing).toMatchObject({ status: 404, body: { message: 'No such container: nosuch' } });
    const unknown = call(engine, 'GET', '/v1.50/nonsense').got;
    expect(unknown).toMatchObject({ status: 404, body: { message: 'page not found' } });
  });

  it('attach streams the container output and stdin reaches it', () => {
    const engine = new Engine({ seed: 1 });
    call(engine, 'POST', '/v1.50/images/create', {
      fromImage: 'docker.io/library/alpine',
      tag: 'latest',
    });
    const created = call(
      engine,
      'POST',
      '/v1.50/containers/create',
      { name: 'box' },
      {
        Image: 'alpine',
        Cmd: ['sh'],
        OpenStdin: true,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
      },
    ).got;
    expect(created.status).toBe(201);
    const attach = call(engine, 'POST', '/v1.50/containers/box/attach', {
      stdin: '1',
      stdout: '1',
      stderr: '1',
      stream: '1',
    });
    expect(attach.got.status).toBe(101);
    const waiting = call(engine, 'POST', '/v1.50/containers/box/wait', {
      condition: 'next-exit',
    }).got;
    expect(waiting).toMatchObject({ status: 200, ended: false });
    expect(call(engine, 'POST', '/v1.50/containers/box/start').got.status).toBe(204);
    attach.exchange.stdin('echo hi\n');
    expect(attach.got.chunks).toContainEqual({ stream: 'stdout', text: 'hi\n' });
    attach.exchange.stdin('exit 3\n');
    engine.advance(50); // the server's clock keeps running between requests
    expect(waiting.chunks).toEqual([{ StatusCode: 3 }]);
    expect(attach.got.ended).toBe(true);
  });
});
