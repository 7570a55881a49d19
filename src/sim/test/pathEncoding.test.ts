/**
 * Names go into request paths percent-encoded, as the real CLI's Go client
 * writes them (`path.Join`, then `url.URL{Path}.String()`), and dockerd
 * decodes the path before its router matches it. `docker logs %` used to
 * throw a URIError instead of dockerd's 404.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { clientExchange } from './helpers';
import { cleanPath, decodePath, escapePath } from '../core/urlPath';

describe('names in request paths', () => {
  const cases: Array<[string, string, string]> = [
    // command, request sent, name dockerd looked for
    ['docker logs %', 'GET /v1.50/containers/%25/json', '%'],
    ["docker stop 'a b'", 'POST /v1.50/containers/a%20b/stop', 'a b'],
    ['docker rm a/b', 'DELETE /v1.50/containers/a/b', 'a/b'],
    ["docker kill 'a?b'", 'POST /v1.50/containers/a%3Fb/kill', 'a?b'],
    ["docker start 'a#b'", 'POST /v1.50/containers/a%23b/start', 'a#b'],
    ["docker restart 'é!(*)'", 'POST /v1.50/containers/%C3%A9%21%28%2A%29/restart', 'é!(*)'],
    ["docker stop 'a+b=c@d:e'", 'POST /v1.50/containers/a+b=c@d:e/stop', 'a+b=c@d:e'],
    ['docker rm x/../y', 'DELETE /v1.50/containers/y', 'y'],
  ];
  for (const [line, request, name] of cases) {
    it(`${line} sends ${request} and gets dockerd's 404`, () => {
      const engine = new Engine({ seed: 1 });
      const r = engine.run(line);
      expect(clientExchange(engine, r)).toEqual([
        '→ HEAD /_ping',
        '← 200',
        `→ ${request}`,
        '← 404',
      ]);
      expect(r.stderr).toMatch(
        new RegExp(
          `^Error response from daemon: No such container: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`,
        ),
      );
      expect(r.exitCode).toBe(1);
    });
  }

  it('blanks around a name are dropped, an empty name is the CLI’s own error (moby client trimID)', () => {
    const engine = new Engine({ seed: 1 });
    const stop = engine.run("docker stop ' a '");
    expect(clientExchange(engine, stop)[2]).toBe('→ POST /v1.50/containers/a/stop');
    expect(stop.stderr).toBe('Error response from daemon: No such container: a\n');
    const rm = engine.run("docker rm / ' '");
    expect(clientExchange(engine, rm)).toEqual(['→ HEAD /_ping', '← 200']);
    expect(rm.stderr).toBe(
      'container name cannot be empty\ninvalid container name or ID: value is empty\n',
    );
    expect(engine.run("docker logs ' '").stderr).toBe(
      'invalid container name or ID: value is empty\n',
    );
  });

  it('a raw client with a bad escape gets the plain 400 of Go’s HTTP server', () => {
    const engine = new Engine({ seed: 1 });
    let got: { status?: number; body?: unknown; headers?: Record<string, string> } = {};
    engine.serveHttp(
      { method: 'GET', path: '/v1.50/containers/%zz/json' },
      {
        head: (status, headers, body) => (got = { status, headers, body }),
        chunk: () => undefined,
        end: () => undefined,
      },
    );
    expect(got.status).toBe(400);
    expect(got.body).toBe('400 Bad Request');
    expect(got.headers?.['Content-Type']).toBe('text/plain; charset=utf-8');
  });

  it('a raw client’s encoded names are decoded, slashes included', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker run -d --name web alpine sleep 100');
    let got: { status?: number; body?: unknown } = {};
    const sink = {
      head: (status: number, _h: Record<string, string>, body: unknown) => (got = { status, body }),
      chunk: () => undefined,
      end: () => undefined,
    };
    engine.serveHttp({ method: 'GET', path: '/v1.50/containers/%77eb/json' }, sink);
    expect(got.status).toBe(200);
    engine.serveHttp({ method: 'GET', path: '/v1.50/containers/a%2Fb/json' }, sink);
    expect(got).toEqual({ status: 404, body: { message: 'No such container: a/b' } });
  });

  it('Go’s escaping and cleaning, byte for byte', () => {
    expect(escapePath('/a b/%/?/#/~-_./$&+,;=:@/\'"<>`{}|\\^[]')).toBe(
      '/a%20b/%25/%3F/%23/~-_./$&+,;=:@/%27%22%3C%3E%60%7B%7D%7C%5C%5E%5B%5D',
    );
    expect(escapePath('/😀')).toBe('/%F0%9F%98%80');
    expect(cleanPath('/v1.50//containers/./a/../b/')).toBe('/v1.50/containers/b');
    expect(decodePath('/a%20b/%F0%9F%98%80/+')).toBe('/a b/😀/+');
    expect(decodePath('/%')).toBeUndefined();
    expect(decodePath('/%4')).toBeUndefined();
    expect(decodePath('/%zz')).toBeUndefined();
  });

  it('a path that is clean already, or needs no escape, comes back as it is (the fast path agrees)', () => {
    for (const p of ['/v1.50/containers/create', '/a.b/..c/.d', '/x/y-z_~']) {
      expect(cleanPath(p)).toBe(p);
      expect(escapePath(p)).toBe(p);
    }
    // Not clean: an empty, `.` or `..` segment, or a trailing slash, still goes through Clean.
    expect(cleanPath('/a/.')).toBe('/a');
    expect(cleanPath('/a/..')).toBe('/');
    expect(cleanPath('/a/')).toBe('/a');
    expect(cleanPath('/..')).toBe('/');
    expect(cleanPath('/')).toBe('/');
  });
});
