/**
 * Names a learner types are looked up in dockerd's tables. When a table is a
 * plain object, `toString`, `constructor`, `__proto__`… are found on
 * Object.prototype: `docker stop toString` threw a TypeError (API 500) where
 * dockerd answers 404. Every command here must give dockerd's real answer.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

const PROTO_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

function engine(): Engine {
  const e = new Engine({ seed: 5 });
  e.run('docker pull alpine');
  return e;
}

const noInternalError = (r: { stderr: string }) =>
  expect(r.stderr).not.toMatch(/internal error|TypeError|is not a function/);

describe('names that are also Object.prototype properties', () => {
  for (const name of PROTO_NAMES) {
    it(`container commands on a missing container named ${name} answer 404`, () => {
      const e = engine();
      for (const verb of ['stop', 'start', 'restart', 'kill', 'rm', 'logs']) {
        const r = e.run(`docker ${verb} ${name}`);
        noInternalError(r);
        expect(r.stderr, verb).toBe(
          `Error response from daemon: No such container: ${name}\n${verb === 'start' ? `Error: failed to start containers: ${name}\n` : ''}`,
        );
        expect(r.exitCode).toBe(1);
      }
      const f = e.run(`docker rm -f ${name}`);
      expect(f.stderr).toBe(`Error response from daemon: No such container: ${name}\n`);
    });

    it(`a container can be called ${name} when dockerd allows the name`, () => {
      const e = engine();
      const r = e.run(`docker run -d --name ${name} alpine sleep 100`);
      noInternalError(r);
      if (name.startsWith('_')) {
        expect(r.stderr).toBe(
          `docker: Error response from daemon: Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n\nRun 'docker run --help' for more information\n`,
        );
        return;
      }
      expect(r.exitCode).toBe(0);
      expect(e.run(`docker stop ${name}`).stdout).toBe(`${name}\n`);
      expect(e.run('docker ps -a').stdout).toContain(` ${name}\n`);
      expect(e.run(`docker rm ${name}`).stdout).toBe(`${name}\n`);
      expect(e.run(`docker rm ${name}`).stderr).toBe(
        `Error response from daemon: No such container: ${name}\n`,
      );
    });

    it(`${name} as a program, an env name and a signal`, () => {
      const e = engine();
      const prog = e.run(`docker run alpine sh -c ${name}`);
      noInternalError(prog);
      expect(prog.stderr).toBe(`sh: ${name}: not found\n`);
      expect(prog.exitCode).toBe(127);
      const direct = e.run(`docker run alpine ${name}`);
      noInternalError(direct);
      expect(direct.exitCode).toBe(127);
      expect(direct.stderr).toContain(`exec: "${name}": executable file not found in $PATH`);
      const env = e.run(`docker run -e ${name}=1 alpine env`);
      noInternalError(env);
      expect(env.stdout).toContain(`\n${name}=1\n`);
      e.run('docker run -d --name web alpine sleep 100');
      const kill = e.run(`docker kill -s ${name} web`);
      noInternalError(kill);
      expect(kill.stderr).toBe(`Error response from daemon: Invalid signal: ${name}\n`);
    });
  }

  it('image references: constructor is a valid name, the others are not', () => {
    const e = engine();
    const rmi = e.run('docker rmi constructor');
    noInternalError(rmi);
    expect(rmi.stderr).toBe('Error response from daemon: No such image: constructor:latest\n');
    const images = e.run('docker images constructor');
    expect(images.stdout).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
    const run = e.run('docker run -d alpine:constructor');
    noInternalError(run);
    // A tag DockScope does not carry gets its note, never a claim that the tag does not exist.
    expect(run.stderr).toContain(
      'docker: Error response from daemon: DockScope: its simulated Docker Hub does not carry alpine:constructor',
    );
    for (const name of PROTO_NAMES.filter((n) => n !== 'constructor')) {
      const r = e.run(`docker rmi ${name}`);
      noInternalError(r);
      expect(r.exitCode).toBe(1);
    }
  });

  it('API: create with prototype names as label keys, env and ports keeps them as data', () => {
    const e = engine();
    const got: { status?: number; body?: unknown } = {};
    const sink = {
      head: (status: number, _h: Record<string, string>, body: unknown) =>
        Object.assign(got, { status, body }),
      chunk: () => undefined,
      end: () => undefined,
    };
    e.serveHttp(
      {
        method: 'POST',
        path: '/v1.50/containers/create',
        query: { name: 'labelled' },
        headers: { 'Content-Type': 'application/json' },
        body: JSON.parse(
          '{"Image":"alpine","Cmd":["sleep","60"],"Labels":{"__proto__":"p","toString":"t","constructor":"c"},"Env":["toString=1"],"ExposedPorts":{"__proto__":{},"toString":{}}}',
        ),
      },
      sink,
    );
    expect(got.status).toBe(201);
    e.serveHttp({ method: 'GET', path: '/v1.50/containers/labelled/json' }, sink);
    const labels = (got.body as { Config: { Labels: Record<string, string> } }).Config.Labels;
    expect(
      Object.getPrototypeOf(labels) === null || Object.getPrototypeOf(labels) === Object.prototype,
    ).toBe(true);
    expect(Object.entries(labels)).toEqual(
      expect.arrayContaining([
        ['__proto__', 'p'],
        ['toString', 't'],
        ['constructor', 'c'],
      ]),
    );
    e.serveHttp({ method: 'POST', path: '/v1.50/containers/labelled/start' }, sink);
    e.serveHttp({ method: 'GET', path: '/v1.50/containers/labelled/json' }, sink);
    const ports = (got.body as { NetworkSettings: { Ports: Record<string, unknown> } })
      .NetworkSettings.Ports;
    expect(Object.keys(ports).sort()).toEqual(['__proto__', 'toString']);
    expect(e.run('docker ps').stdout).toContain('0/tcp, 0/tcp');
    expect(e.run('docker ps -f label=toString=t -f label=__proto__ -q').stdout).not.toBe('');
    expect(e.run('docker ps -f label=valueOf -q').stdout).toBe('');
    for (const name of PROTO_NAMES) {
      e.serveHttp({ method: 'POST', path: `/v1.50/containers/${name}/stop` }, sink);
      expect(got).toEqual({ status: 404, body: { message: `No such container: ${name}` } });
    }
  });

  it('every keyed collection in the components’ state has no prototype, before and after use', () => {
    // What keeps the lookups safe: a `{}` put back in an initial state, or a
    // collection rebuilt with a spread or Object.fromEntries, fails here.
    const e = engine();
    const check = (when: string) => {
      for (const name of ['client', 'dockerd', 'containerd', 'runc', 'kernel'] as const) {
        const context = e.host[name].getSnapshot().context as unknown as Record<string, unknown>;
        for (const [key, value] of Object.entries(context)) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
          expect(Object.getPrototypeOf(value), `${when}: ${name}.${key}`).toBeNull();
        }
      }
      const hub = e.world.registry.getSnapshot().context as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(hub)) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
        expect(Object.getPrototypeOf(value), `${when}: registry.${key}`).toBeNull();
      }
    };
    check('at boot');
    e.run('docker run -d -p 8080:80 --name web alpine sleep 100');
    e.run('docker stop web');
    e.run('docker rm web');
    e.run('docker rmi alpine');
    check('after run, stop, rm, rmi');
  });
});
