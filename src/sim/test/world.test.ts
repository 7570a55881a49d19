import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { callDaemon as call } from './helpers';

const names = (engine: Engine, machine: string) =>
  (
    call(engine, machine, 'GET', '/v1.50/containers/json', { all: '1' }).body as {
      Names: string[];
    }[]
  ).map((c) => c.Names[0]);

function runOn(engine: Engine, machine: string, name: string) {
  call(engine, machine, 'POST', '/v1.50/images/create', {
    fromImage: 'docker.io/library/alpine',
    tag: 'latest',
  });
  const created = call(
    engine,
    machine,
    'POST',
    '/v1.50/containers/create',
    { name },
    {
      Image: 'alpine',
      Cmd: ['sleep', '100'],
    },
  );
  expect(created.status).toBe(201);
  const id = (created.body as { Id: string }).Id;
  expect(call(engine, machine, 'POST', `/v1.50/containers/${id}/start`).status).toBe(204);
  return id;
}

describe('one world, many hosts', () => {
  it('starts with the learner machine, node-2 and node-3, and Docker Hub on machines of its own', () => {
    const engine = new Engine({ seed: 1 });
    expect([...engine.world.hosts.keys()]).toEqual(['local', 'node-2', 'node-3']);
    expect(engine.world.machines).toEqual([
      'local',
      'node-2',
      'node-3',
      'registry-1.docker.io',
      'auth.docker.io',
    ]);
    expect(engine.hostNamed('node-2')?.name).toBe('node-2');
  });

  it('each daemon owns its containers: the same name on two hosts is fine', () => {
    const engine = new Engine({ seed: 1 });
    const onNode2 = runOn(engine, 'node-2', 'web');
    expect(names(engine, 'node-2')).toEqual(['/web']);
    expect(names(engine, 'local')).toEqual([]);
    expect(names(engine, 'node-3')).toEqual([]);
    const onLocal = runOn(engine, 'local', 'web');
    expect(onLocal).not.toBe(onNode2);
    expect(names(engine, 'local')).toEqual(['/web']);
    expect(
      engine
        .hostNamed('node-2')!
        .history.now(engine.now)
        .containers.map((c) => c.id),
    ).toEqual([onNode2]);
  });

  it('records on which machine each end of a message runs', () => {
    const engine = new Engine({ seed: 1 });
    const first = engine.lastSeq;
    runOn(engine, 'node-2', 'web');
    const trace = engine.trace.slice(first);
    // The CLI on the learner's machine talks to node-2's dockerd; node-2's dockerd pulls from
    // Docker Hub and drives node-2's own containerd, shim, runc and kernel.
    expect(trace[0]).toMatchObject({
      from: 'client',
      fromHost: 'local',
      to: 'dockerd',
      toHost: 'node-2',
    });
    const pairs = new Set(
      trace.map((m) =>
        `${m.fromHost}/${m.from}>${m.toHost}/${m.to}`.replace(
          /shim-\w+|container-\w+/g,
          (s) => s.split('-')[0]!,
        ),
      ),
    );
    expect(pairs).toContain('node-2/dockerd>auth.docker.io/auth');
    expect(pairs).toContain('node-2/dockerd>registry-1.docker.io/registry');
    expect(pairs).toContain('node-2/dockerd>node-2/containerd');
    expect(pairs).toContain('node-2/containerd>node-2/shim');
    expect(pairs).toContain('node-2/shim>node-2/runc');
    for (const m of trace) {
      if (m.from === 'client' || m.to === 'client') continue;
      // Nothing on the learner's machine takes part but its CLI.
      expect(m.fromHost, `${m.seq} ${m.operation}`).not.toBe('local');
      expect(m.toHost, `${m.seq} ${m.operation}`).not.toBe('local');
    }
  });

  it('is deterministic, and a local command leaves other machines idle', () => {
    const a = new Engine({ seed: 3 });
    const b = new Engine({ seed: 3 });
    runOn(a, 'node-3', 'box');
    runOn(b, 'node-3', 'box');
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    const before = a.lastSeq;
    a.run('docker run --rm alpine true');
    for (const m of a.trace.slice(before)) {
      expect(['local', 'registry-1.docker.io', 'auth.docker.io']).toContain(m.fromHost);
      expect(['local', 'registry-1.docker.io', 'auth.docker.io']).toContain(m.toHost);
    }
  });
});

describe('each Docker host is a daemon of its own', () => {
  it('has its own name and engine ID, and warns about a TCP listener without TLS as dockerd 28 does', () => {
    const engine = new Engine({ seed: 1 });
    const info = (machine: string) =>
      call(engine, machine, 'GET', '/v1.50/info').body as {
        Name: string;
        ID: string;
        Warnings: string[] | null;
      };
    const [local, node2, node3] = [info('local'), info('node-2'), info('node-3')];
    expect([local.Name, node2.Name, node3.Name]).toEqual(['docker-host', 'node-2', 'node-3']);
    expect(new Set([local.ID, node2.ID, node3.ID]).size).toBe(3);
    expect(node2.ID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(local.Warnings).toBeNull();
    // node-3 listens with --tlsverify: nothing to warn about.
    expect(node3.Warnings).toBeNull();
    expect(node2.Warnings).toEqual([
      '[DEPRECATION NOTICE]: API is accessible on http://0.0.0.0:2375 without encryption.\n' +
        '         Access to the remote API is equivalent to root access on the host. Refer\n' +
        "         to the 'Docker daemon attack surface' section in the documentation for\n" +
        '         more information: https://docs.docker.com/go/attack-surface/\n' +
        'In future versions this will be a hard failure preventing the daemon from starting! Learn more at: https://docs.docker.com/go/api-security/',
    ]);
  });
});
