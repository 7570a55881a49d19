import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

function call(
  e: Engine,
  path: string,
  query: Record<string, string>,
  method: 'POST' | 'GET' | 'DELETE' = 'POST',
) {
  const got: { status?: number; body?: unknown } = {};
  e.serveHttp(
    { method, path, query },
    {
      head: (status, _h, body) => Object.assign(got, { status, body }),
      chunk: () => undefined,
      end: () => undefined,
    },
  );
  return got;
}

describe('query parameters read with Go’s strconv, as moby’s handlers do', () => {
  it('a bad stop/restart timeout is strconv’s error, a 500 (moby does not mark it)', () => {
    const e = new Engine({ seed: 1 });
    e.run('docker run -d --name web alpine sleep 100');
    for (const verb of ['stop', 'restart'])
      expect(call(e, `/v1.50/containers/web/${verb}`, { t: 'x' })).toEqual({
        status: 500,
        body: { message: 'strconv.Atoi: parsing "x": invalid syntax' },
      });
    expect(call(e, '/v1.50/containers/nosuch/stop', { t: '99999999999999999999' })).toEqual({
      status: 500,
      body: { message: 'strconv.Atoi: parsing "99999999999999999999": value out of range' },
    });
    expect(e.run('docker stop -t x web').stderr).toMatch(
      /invalid argument "x" for "-t, --timeout" flag/,
    );
    expect(call(e, '/v1.50/containers/web/stop', { t: '0' }).status).toBe(204);
  });

  it('resize checks h and w before the container, with httputils.Uint32Value’s texts', () => {
    const e = new Engine({ seed: 1 });
    expect(call(e, '/v1.50/containers/nosuch/resize', { h: 'x', w: '80' })).toEqual({
      status: 400,
      body: { message: 'invalid resize height "x": invalid syntax' },
    });
    expect(call(e, '/v1.50/containers/nosuch/resize', { h: '24', w: '-1' })).toEqual({
      status: 400,
      body: { message: 'invalid resize width "-1": value out of range' },
    });
    expect(call(e, '/v1.50/containers/nosuch/resize', { h: '24' })).toEqual({
      status: 400,
      body: { message: 'invalid resize width "": invalid syntax' },
    });
    expect(call(e, '/v1.50/containers/nosuch/resize', { h: '24', w: '80' })).toEqual({
      status: 404,
      body: { message: 'No such container: nosuch' },
    });
  });

  it('booleans as httputils.BoolValue reads them, a bad limit as strconv.Atoi fails', () => {
    const e = new Engine({ seed: 1 });
    e.run('docker create --name idle alpine');
    const list = (query: Record<string, string>) =>
      (call(e, '/v1.50/containers/json', query, 'GET').body as unknown[]).length;
    expect(list({})).toBe(0);
    for (const yes of ['1', 'true', 'True', 'yes', ' 2 ']) expect(list({ all: yes }), yes).toBe(1);
    for (const no of ['0', 'false', 'no', 'NONE', '']) expect(list({ all: no }), no).toBe(0);
    expect(call(e, '/v1.50/containers/json', { limit: 'x' }, 'GET')).toEqual({
      status: 500,
      body: { message: 'strconv.Atoi: parsing "x": invalid syntax' },
    });
    expect(list({ limit: '1' })).toBe(1);
    e.run('docker start idle');
    expect(call(e, '/v1.50/containers/idle', { force: 'yes' }, 'DELETE').status).toBe(204);
  });
});
