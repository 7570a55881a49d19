/**
 * `docker ps --filter` and `-p` port ranges, which DockScope refused or
 * ignored: `GET /containers/json` listed everything whatever its `filters`,
 * and `-p 9000-9019:80` was an error although the real CLI takes it.
 * (scripts/conformance scenarios ps-filter and port-ranges check the same
 * lines against the real CLI.)
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { clientExchange } from './helpers';
import { displayPorts, filtersJson } from '../client/commands/containers';
import { parsePortSpec } from '../core/nat';

const names = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/ {3,}/).at(-1));

function host(): Engine {
  const e = new Engine({ seed: 4 });
  e.run('docker run -d -p 8080:80 --name web nginx');
  e.run('docker run -d --name webapp alpine sleep 100');
  e.run('docker run --name done alpine sh -c "exit 3"');
  return e;
}

describe('docker ps --filter', () => {
  it('sends filters as the CLI does and lists what dockerd would', () => {
    const e = host();
    const r = e.run('docker ps --filter name=web');
    expect(clientExchange(e, r)[2]).toBe(
      '→ GET /v1.50/containers/json?filters=%7B%22name%22%3A%7B%22web%22%3Atrue%7D%7D',
    );
    expect(names(r.stdout)).toEqual(['webapp', 'web']); // a regexp found anywhere in the name
    expect(names(e.run('docker ps -f name=^web$').stdout)).toEqual(['web']);
    expect(names(e.run('docker ps -a -f exited=3').stdout)).toEqual(['done']);
    expect(names(e.run('docker ps -f status=exited').stdout)).toEqual(['done']);
    expect(names(e.run('docker ps -f ancestor=nginx').stdout)).toEqual(['web']);
    expect(names(e.run('docker ps -f publish=8080').stdout)).toEqual(['web']);
    expect(names(e.run('docker ps -f expose=80/tcp').stdout)).toEqual(['web']);
    expect(names(e.run('docker ps -a -f before=webapp').stdout)).toEqual(['web']);
    expect(names(e.run('docker ps -a -f since=web').stdout)).toEqual(['done', 'webapp']);
    const id = e.run('docker ps -q -f name=webapp').stdout.trim();
    expect(names(e.run(`docker ps -f id=${id.slice(0, 4)}`).stdout)).toEqual(['webapp']);
  });

  it('gives dockerd’s errors for a bad key, value or JSON', () => {
    const e = host();
    expect(e.run('docker ps -f foo=bar').stderr).toBe(
      "Error response from daemon: invalid filter 'foo'\n",
    );
    expect(e.run('docker ps -f since=nosuch').stderr).toBe(
      'Error response from daemon: No such container: nosuch\n',
    );
    expect(e.run('docker ps -f name').stderr).toMatch(
      /^invalid argument "name" for "-f, --filter" flag: bad format of filter \(expected name=value\)\n/,
    );
    let got: { status?: number; body?: unknown } = {};
    e.serveHttp(
      { method: 'GET', path: '/v1.50/containers/json', query: { filters: '{"name":' } },
      {
        head: (status, _h, body) => (got = { status, body }),
        chunk: () => undefined,
        end: () => undefined,
      },
    );
    expect(got).toEqual({ status: 400, body: { message: 'invalid filter' } });
  });

  it('a name pattern runs in linear time (RE2, as Go’s regexp)', () => {
    const e = host();
    const start = performance.now();
    const r = e.run(`docker ps -f "name=(a+)+b" -f name=${'a'.repeat(20_000)}`);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(r.exitCode).toBe(0);
  });

  it('encodes like Go’s json.Marshal: keys sorted, HTML characters escaped', () => {
    expect(filtersJson(['name=b', 'NAME = a ', 'label=x<&>'])).toBe(
      '{"label":{"x\\u003c\\u0026\\u003e":true},"name":{"a":true,"b":true}}',
    );
    expect(filtersJson([''])).toBeUndefined();
  });
});

describe('-p with port ranges (go-connections nat.ParsePortSpec)', () => {
  it('a host range for one container port takes one free port from it', () => {
    const e = new Engine({ seed: 4 });
    e.run('docker pull nginx');
    expect(e.run('docker run -d -p 9000-9001:80 --name web nginx').exitCode).toBe(0);
    expect(e.run('docker run -d -p 9000-9001:80 --name web2 nginx').exitCode).toBe(0);
    expect(e.run('docker run -d -p 7000-7001:80-81 --name pair nginx').exitCode).toBe(0);
    const ps = e.run('docker ps').stdout;
    expect(ps).toContain('0.0.0.0:9000->80/tcp, [::]:9000->80/tcp');
    expect(ps).toContain('0.0.0.0:9001->80/tcp, [::]:9001->80/tcp');
    expect(ps).toContain('0.0.0.0:7000->80/tcp');
    expect(ps).toContain('0.0.0.0:7001->81/tcp');
  });

  it('refuses what the CLI refuses, with its texts', () => {
    const e = new Engine({ seed: 4 });
    const err = (spec: string) => e.run(`docker run -d -p ${spec} nginx`).stderr.split('\n')[0];
    expect(err('9000-9001:80-82')).toBe(
      'docker: invalid ranges specified for container and host Ports: 80-82 and 9000-9001',
    );
    expect(err('9001-9000:80')).toBe('docker: invalid hostPort: 9001-9000');
    expect(err('70000:80')).toBe('docker: invalid hostPort: 70000');
    expect(err('80-x')).toBe('docker: invalid containerPort: 80-x');
    expect(err('1.2.3:80:80')).toBe('docker: invalid IP address: 1.2.3');
  });

  it('the PORTS column groups runs as docker/cli DisplayablePorts does', () => {
    const p = (PrivatePort: number, PublicPort?: number, IP?: string, Type = 'tcp') => ({
      PrivatePort,
      Type,
      ...(PublicPort === undefined ? {} : { PublicPort, IP }),
    });
    expect(
      displayPorts([
        p(81, 81, '0.0.0.0'),
        p(80, 80, '0.0.0.0'),
        p(80, 80, '::'),
        p(81, 81, '::'),
        p(443),
        p(444),
        p(446),
        p(53, undefined, undefined, 'udp'),
        p(80, 8080, '0.0.0.0'),
      ]),
    ).toBe(
      '443-444/tcp, 53/udp, 0.0.0.0:80-81->80-81/tcp, [::]:80-81->80-81/tcp, 446/tcp, 0.0.0.0:8080->80/tcp',
    );
    const e = new Engine({ seed: 4 });
    e.run('docker run -d -p 5000-5001:5000-5001 -p 5003:5003 nginx');
    expect(e.run('docker ps').stdout).toContain(
      // A gap (5001 → 5003) ends a run where it is; the runs still open follow in first-seen order.
      '0.0.0.0:5000-5001->5000-5001/tcp, [::]:5000-5001->5000-5001/tcp, 80/tcp, 0.0.0.0:5003->5003/tcp, [::]:5003->5003/tcp',
    );
  });

  it('maps ranges as nat.ParsePortSpec does', () => {
    expect(parsePortSpec('9000-9019:80')).toEqual({
      ok: true,
      mappings: [{ port: '80/tcp', binding: { HostIp: '', HostPort: '9000-9019' } }],
    });
    expect(parsePortSpec('[::1]:7000-7001:80-81/UDP')).toEqual({
      ok: true,
      mappings: [
        { port: '80/udp', binding: { HostIp: '::1', HostPort: '7000' } },
        { port: '81/udp', binding: { HostIp: '::1', HostPort: '7001' } },
      ],
    });
    expect(parsePortSpec('80-81')).toEqual({
      ok: true,
      mappings: [
        { port: '80/tcp', binding: { HostIp: '', HostPort: '' } },
        { port: '81/tcp', binding: { HostIp: '', HostPort: '' } },
      ],
    });
  });
});
