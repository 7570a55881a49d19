import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { HttpRequest } from '../core/http';

/** One raw API call, as the real CLI or curl would make it through `npm run daemon`. */
function call(engine: Engine, req: HttpRequest): { status?: number; body?: unknown } {
  const got: { status?: number; body?: unknown } = {};
  engine.serveHttp(req, {
    head: (status, _h, body) => Object.assign(got, { status, body }),
    chunk: () => undefined,
    end: () => undefined,
  });
  return got;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const create = (engine: Engine, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
  call(engine, { method: 'POST', path: '/v1.50/containers/create', headers, body });

function engine(): Engine {
  const e = new Engine({ seed: 2 });
  e.run('docker pull alpine');
  return e;
}

const bad = (message: string) => ({ status: 400, body: { message } });

describe('POST /containers/create reads its body as dockerd does', () => {
  it('a value of the wrong JSON type is a 400 with Go’s encoding/json text', () => {
    const e = engine();
    const cases: Array<[unknown, string]> = [
      [
        { Image: 42 },
        'json: cannot unmarshal number into Go struct field CreateRequest.Image of type string',
      ],
      [
        { Image: 'alpine', Labels: { a: 1 } },
        'json: cannot unmarshal number into Go struct field CreateRequest.Labels of type string',
      ],
      [
        { Image: 'alpine', Tty: 'yes' },
        'json: cannot unmarshal string into Go struct field CreateRequest.Tty of type bool',
      ],
      [
        { Image: 'alpine', Env: 'A=1' },
        'json: cannot unmarshal string into Go struct field CreateRequest.Env of type []string',
      ],
      [
        // A nested field: the innermost struct, then the path of JSON names from the top.
        { Image: 'alpine', HostConfig: { RestartPolicy: { Name: 3 } } },
        'json: cannot unmarshal number into Go struct field RestartPolicy.HostConfig.RestartPolicy.Name of type container.RestartPolicyMode',
      ],
      [
        { Image: 'alpine', Cmd: 5 },
        'json: cannot unmarshal number into Go struct field CreateRequest.Cmd of type string',
      ],
      [
        { Image: 'alpine', Cmd: [1] },
        'json: cannot unmarshal array into Go struct field CreateRequest.Cmd of type string',
      ],
      [
        { Image: 'alpine', ExposedPorts: { '80/tcp': 1 } },
        'json: cannot unmarshal number into Go struct field CreateRequest.ExposedPorts of type struct {}',
      ],
      [
        { Image: 'alpine', HostConfig: 5 },
        'json: cannot unmarshal number into Go struct field CreateRequest.HostConfig of type container.HostConfig',
      ],
      [
        { Image: 'alpine', HostConfig: { PortBindings: [] } },
        'json: cannot unmarshal array into Go struct field HostConfig.HostConfig.PortBindings of type nat.PortMap',
      ],
      [
        { Image: 'alpine', HostConfig: { PortBindings: { '80/tcp': [{ HostPort: 8080 }] } } },
        'json: cannot unmarshal number into Go struct field PortBinding.HostConfig.PortBindings.HostPort of type string',
      ],
      [
        { Image: 'alpine', HostConfig: { RestartPolicy: { MaximumRetryCount: 1.5 } } },
        'json: cannot unmarshal number 1.5 into Go struct field RestartPolicy.HostConfig.RestartPolicy.MaximumRetryCount of type int',
      ],
      [[], 'json: cannot unmarshal array into Go value of type container.CreateRequest'],
      ['x', 'json: cannot unmarshal string into Go value of type container.CreateRequest'],
      // The first mismatch wins, and decoding goes on past it.
      [
        { Image: 1, Tty: 'x' },
        'json: cannot unmarshal number into Go struct field CreateRequest.Image of type string',
      ],
    ];
    for (const [body, message] of cases)
      expect(create(e, body), JSON.stringify(body)).toEqual(bad(`invalid JSON: ${message}`));
    // Nothing was created, nothing broke.
    expect(e.run('docker ps -a').stdout).toBe(
      'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n',
    );
  });

  it('no config, no body, and a body that is not JSON by its Content-Type', () => {
    const e = engine();
    expect(create(e, null)).toEqual(bad('config cannot be empty in order to create a container'));
    expect(create(e, undefined, {})).toEqual(
      bad('invalid JSON: got EOF while reading request body'),
    );
    expect(create(e, { Image: 'alpine' }, { 'content-type': 'text/plain' })).toEqual(
      bad("unsupported Content-Type header (text/plain): must be 'application/json'"),
    );
    expect(create(e, { Image: 'alpine' }, {})).toEqual(
      bad('malformed Content-Type header (): mime: no media type'),
    );
    expect(
      create(
        e,
        { Image: 'alpine', Cmd: ['true'] },
        { 'Content-Type': 'application/json; charset=utf-8' },
      ).status,
    ).toBe(201);
  });

  it('host ports are checked as dockerd does (nat.ParsePortRange), container ports too', () => {
    const e = engine();
    const withPort = (port: string, hostPort: string) =>
      create(e, {
        Image: 'alpine',
        Cmd: ['true'],
        HostConfig: { PortBindings: { [port]: [{ HostIp: '', HostPort: hostPort }] } },
      });
    expect(withPort('80/tcp', '-1')).toEqual(bad('invalid port specification: "-1"'));
    expect(withPort('80/tcp', '99999')).toEqual(bad('invalid port specification: "99999"'));
    expect(withPort('80/tcp', '9001-9000')).toEqual(bad('invalid port specification: "9001-9000"'));
    expect(withPort('http/tcp', '80')).toEqual(bad('invalid port specification: "http"'));
    expect(withPort('__proto__', '80')).toEqual(bad('invalid port specification: "__proto__"'));
    expect(withPort('80/tcp', '9000-9019').status).toBe(201);
    expect(withPort('81/tcp', '').status).toBe(201);
    const policy = (Name: string, MaximumRetryCount = 0) =>
      create(e, {
        Image: 'alpine',
        Cmd: ['true'],
        HostConfig: { RestartPolicy: { Name, MaximumRetryCount } },
      });
    expect(policy('bogus')).toEqual(
      bad(
        "invalid restart policy: unknown policy 'bogus'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
      ),
    );
    expect(policy('always', 3)).toEqual(
      bad("invalid restart policy: maximum retry count can only be used with 'on-failure'"),
    );
    // Exposed ports are not checked at create (moby does not); one that is no number lists as 0.
    expect(
      create(e, { Image: 'alpine', Cmd: ['sleep', '9'], ExposedPorts: { abc: {} } }).status,
    ).toBe(201);
    // Every container listed so far can still be printed by the CLI.
    expect(e.run('docker ps -a').exitCode).toBe(0);
  });

  it('takes what Go takes: a string Cmd (strslice), null, unknown fields, any case of a field name', () => {
    const e = engine();
    const r = create(e, {
      image: 'alpine',
      Cmd: 'ls',
      Env: null,
      Entrypoint: null,
      Whatever: { x: 1 },
      Labels: { a: null },
    });
    expect(r.status).toBe(201);
    const id = (r.body as { Id: string }).Id;
    const inspect = call(e, { method: 'GET', path: `/v1.50/containers/${id}/json` }).body as {
      Config: { Cmd: string[]; Labels: Record<string, string> };
    };
    expect(inspect.Config.Cmd).toEqual(['ls']);
    expect(inspect.Config.Labels.a).toBe('');
    expect(call(e, { method: 'POST', path: `/v1.50/containers/${id}/start` }).status).toBe(204);
    e.advance(1000);
    expect(e.run(`docker logs ${id}`).stdout).toContain('bin\n');
  });
});
