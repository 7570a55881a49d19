import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../engine';
import { BOOTSTRAP_DAEMON } from '../world';
import type { ContainerdState } from '../containerd/containerdMachine';
import { contextOf } from '../core/actors';
import { callDaemon as call } from './helpers';

/**
 * Two dockerds on the learner's machine (issue 11): the second one
 * (dockerd-bootstrap, on unix:///var/run/docker-bootstrap.sock) has its own
 * objects and paths, and shares the machine's containerd under its own namespace.
 */
const B = 'docker -H unix:///var/run/docker-bootstrap.sock';

const namespaceOf = (m: Message) =>
  (m.request as { metadata?: Record<string, string> } | undefined)?.metadata?.[
    'containerd-namespace'
  ];

/** The messages of one command. */
const messagesOf = (engine: Engine, r: { firstSeq: number; lastSeq: number }) =>
  engine.trace.filter((m) => m.seq >= r.firstSeq && m.seq <= r.lastSeq);

const requestsBetween = (ms: readonly Message[], from: string, to: string) =>
  ms.filter((m) => m.kind === 'request' && m.from === from && m.to === to);

function bothRunningWeb() {
  const engine = new Engine({ seed: 3 });
  const first = engine.run('docker run -d --name web nginx');
  const second = engine.run(`${B} run -d --name web nginx`);
  expect(first.exitCode).toBe(0);
  expect(second.exitCode).toBe(0);
  return { engine, first, second };
}

describe('two daemons on one machine', () => {
  it('runs from the start, set up as the dockerd reference’s bootstrap example', () => {
    const engine = new Engine({ seed: 1 });
    const second = engine.hostNamed('dockerd-bootstrap')!;
    expect(second.name).toBe('local');
    expect(second.daemonId).toBe('dockerd-bootstrap');
    expect(second.machine).toBe(engine.host);
    // It shares the machine's kernel, runc and shims, and has its own containerd namespace.
    expect(second.kernel).toBe(engine.host.kernel);
    expect(second.shims).toBe(engine.host.shims);
    expect(second.containerd).not.toBe(engine.host.containerd);
    expect(BOOTSTRAP_DAEMON.second).toMatchObject({
      dataRoot: '/var/lib/docker-bootstrap',
      execRoot: '/var/run/docker-bootstrap',
      pidfile: '/var/run/docker-bootstrap.pid',
      bridgeNone: true,
      iptables: false,
    });
    // The world's machines are still three Docker hosts; the second daemon is not a machine.
    expect([...engine.world.hosts.keys()]).toEqual(['local', 'node-2', 'node-3']);
  });

  it('-H with its socket reaches it; the default socket reaches the first; any other socket is refused', () => {
    const engine = new Engine({ seed: 1 });
    const r = engine.run(`${B} ps -a`);
    expect(r.exitCode).toBe(0);
    const http = messagesOf(engine, r).filter((m) => m.from === 'client' && m.kind === 'request');
    expect(http.map((m) => [m.to, m.toHost, m.operation])).toEqual([
      ['dockerd-bootstrap', 'local', 'HEAD /_ping'],
      ['dockerd-bootstrap', 'local', 'GET /v1.50/containers/json?all=1'],
    ]);
    const wrong = engine.run('docker -H unix:///var/run/docker-bootstrap.pid ps');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toBe(
      'Cannot connect to the Docker daemon at unix:///var/run/docker-bootstrap.pid. Is the docker daemon running?\n',
    );
  });

  it('each daemon lists only its own containers and images; the same name on both is fine', () => {
    const { engine } = bothRunningWeb();
    const ps = engine.run('docker ps -a').stdout.split('\n').slice(1, -1);
    const psB = engine.run(`${B} ps -a`).stdout.split('\n').slice(1, -1);
    expect(ps).toHaveLength(1);
    expect(psB).toHaveLength(1);
    expect(ps[0]).toMatch(/ web$/);
    expect(psB[0]).toMatch(/ web$/);
    expect(ps[0]!.slice(0, 12)).not.toBe(psB[0]!.slice(0, 12));
    expect(engine.view().containers.map((c) => c.name)).toEqual(['web']);
    expect(engine.view('dockerd-bootstrap').containers.map((c) => c.name)).toEqual(['web']);
    // Removing one daemon's image leaves the other's.
    engine.run(`${B} rm -f web`);
    expect(engine.run(`${B} rmi nginx`).exitCode).toBe(0);
    expect(engine.run(`${B} images -q`).stdout).toBe('');
    expect(engine.run('docker images').stdout).toContain('nginx ');
    expect(engine.run('docker ps -q').stdout).not.toBe('');
  });

  it('both talk to the one containerd, every request carrying its namespace as gRPC metadata', () => {
    const { engine, first, second } = bothRunningWeb();
    const fromFirst = requestsBetween(messagesOf(engine, first), 'dockerd', 'containerd');
    const fromSecond = requestsBetween(
      messagesOf(engine, second),
      'dockerd-bootstrap',
      'containerd',
    );
    expect(fromFirst.length).toBeGreaterThan(10);
    expect(fromSecond.length).toBeGreaterThan(10);
    expect(new Set(fromFirst.map(namespaceOf))).toEqual(new Set(['moby']));
    expect(new Set(fromSecond.map(namespaceOf))).toEqual(new Set(['bootstrap']));
    // One containerd for the machine: the same component on `local` answers both.
    expect(new Set([...fromFirst, ...fromSecond].map((m) => `${m.toHost}/${m.to}`))).toEqual(
      new Set(['local/containerd']),
    );
    // The start's sequence is the first daemon's, in the second's namespace.
    const tail = (ms: Message[]) =>
      ms
        .map((m) => m.operation.replace(/^containerd\.services\./, ''))
        .slice(ms.findIndex((m) => m.operation.endsWith('Snapshots/Mounts')));
    expect(tail(fromSecond)).toEqual(tail(fromFirst));
    expect(tail(fromSecond)).toEqual([
      'snapshots.v1.Snapshots/Mounts',
      'containers.v1.Containers/Create',
      'tasks.v1.Tasks/Create',
      'tasks.v1.Tasks/Start',
    ]);
  });

  it('containerd keeps each namespace’s images, containers, tasks and leases apart', () => {
    const { engine } = bothRunningWeb();
    const moby = contextOf<ContainerdState>(engine.host.containerd);
    const boot = contextOf<ContainerdState>(engine.hostNamed('dockerd-bootstrap')!.containerd);
    const localId = engine.view().containers[0]!.id;
    const bootId = engine.view('dockerd-bootstrap').containers[0]!.id;
    expect(Object.keys(moby.containers)).toEqual([localId]);
    expect(Object.keys(boot.containers)).toEqual([bootId]);
    expect(Object.keys(moby.tasks)).toEqual([localId]);
    expect(Object.keys(boot.tasks)).toEqual([bootId]);
    expect(Object.keys(boot.images)).toEqual(Object.keys(moby.images));
    expect(boot.leases).toEqual([]);
    // Stopping the second daemon's container ends its task only; the exit event goes to it.
    const stop = engine.run(`${B} stop web`);
    expect(stop.exitCode).toBe(0);
    const exits = messagesOf(engine, stop).filter((m) => m.operation === '/tasks/exit');
    expect(exits.map((m) => [m.from, m.to])).toEqual([['containerd', 'dockerd-bootstrap']]);
    expect((exits[0]!.request as { namespace: string }).namespace).toBe('bootstrap');
    expect(Object.keys(contextOf<ContainerdState>(engine.host.containerd).tasks)).toEqual([
      localId,
    ]);
    expect(engine.run('docker ps -q').stdout).toBe(`${localId.slice(0, 12)}\n`);
  });

  it('paths follow each daemon’s data-root, exec-root and namespace', () => {
    const { engine, second } = bothRunningWeb();
    const ms = messagesOf(engine, second);
    const id = engine.view('dockerd-bootstrap').containers[0]!.id;
    const text = JSON.stringify(ms.map((m) => [m.operation, m.request]));
    expect(text).not.toContain('/var/lib/docker/');
    expect(text).not.toContain('/var/run/docker/');
    expect(text).not.toContain('/moby/');
    const op = (suffix: string) =>
      ms.find((m) => m.kind === 'request' && m.operation.endsWith(suffix))!;
    expect(op('Snapshots/Mounts').to).toBe('containerd');
    expect(
      ms.some((m) => m.operation.includes(`/var/lib/docker-bootstrap/rootfs/overlayfs/${id}`)),
    ).toBe(true);
    const create = op('Containers/Create').request as {
      runtime: { options: { root: string } };
      spec: { root: { path: string }; mounts: { source: string }[] };
    };
    expect(create.runtime.options.root).toBe('/var/run/docker-bootstrap/runtime-runc');
    expect(create.spec.root.path).toBe(`/var/lib/docker-bootstrap/rootfs/overlayfs/${id}`);
    expect(create.spec.mounts.map((m) => m.source)).toContain(
      `/var/lib/docker-bootstrap/containers/${id}/hostname`,
    );
    const task = op('Tasks/Create').request as { stdout: string };
    expect(task.stdout).toBe(`/var/run/docker-bootstrap/containerd/${id}/${id}-stdout`);
    // containerd's calls to the shim carry the namespace too, as ttrpc metadata.
    const toShim = ms.filter((m) => m.kind === 'request' && m.protocol === 'ttrpc');
    expect(toShim.map((m) => m.operation)).toEqual([
      'containerd.task.v2.Task/Create',
      'containerd.task.v2.Task/Start',
    ]);
    for (const m of toShim)
      expect((m.request as { metadata: unknown }).metadata).toEqual({
        'containerd-namespace-ttrpc': 'bootstrap',
      });
    const shim = (op('containerd-shim-runc-v2 start').request as { argv: string[] }).argv;
    expect(shim.slice(1, 3)).toEqual(['-namespace', 'bootstrap']);
    const runcCreate = (op('runc create').request as { argv: string[] }).argv;
    expect(runcCreate.slice(0, 5)).toEqual([
      'runc',
      '--root',
      '/var/run/docker-bootstrap/runtime-runc/bootstrap',
      '--log',
      `/run/containerd/io.containerd.runtime.v2.task/bootstrap/${id}/log.json`,
    ]);
    expect(runcCreate).toContain(`/run/containerd/io.containerd.runtime.v2.task/bootstrap/${id}`);
    // The first daemon keeps moby's defaults.
    const firstRunc = engine.trace.find(
      (m) => m.operation === 'runc create' && m.kind === 'request',
    )!.request as { argv: string[] };
    expect(firstRunc.argv[2]).toBe('/var/run/docker/runtime-runc/moby');
  });

  it('--bridge=none: no veth, no address, no iptables rule for its containers', () => {
    const { engine, second } = bothRunningWeb();
    const ms = messagesOf(engine, second);
    expect(ms.some((m) => m.operation.startsWith('netlink'))).toBe(false);
    expect(ms.some((m) => m.operation.startsWith('iptables'))).toBe(false);
    const ip = engine.run(`${B} inspect -f '{{.NetworkSettings.IPAddress}}' web`);
    void ip; // inspect is not simulated yet: the record says it instead.
    const boot = engine.hostNamed('dockerd-bootstrap')!;
    const c = Object.values(
      (boot.dockerd.getSnapshot().context as { containers: Record<string, { ipAddress: string }> })
        .containers,
    )[0]!;
    expect(c.ipAddress).toBe('');
    // No sandbox, so no port map: docker ps lists no ports (nginx exposes 80/tcp).
    const ps = engine.run(`${B} ps`).stdout.split('\n')[1]!;
    expect(ps).not.toContain('80/tcp');
    expect(engine.run('docker ps').stdout.split('\n')[1]).toContain('80/tcp');
  });

  it('a blob already on disk for the other namespace is committed without a download', () => {
    const { engine, first, second } = bothRunningWeb();
    const blobGets = (r: typeof first) =>
      messagesOf(engine, r).filter(
        (m) => m.kind === 'request' && m.to === 'registry' && /\/blobs\//.test(m.operation),
      ).length;
    // The first pull downloads the config and seven layers; the second only the config
    // (DockScope still fetches index, manifest and config: a simplification the lesson names).
    expect(blobGets(first)).toBe(8);
    expect(blobGets(second)).toBe(1);
    expect(second.stderr).not.toContain('Downloading');
    expect(second.stderr).toContain('Download complete');
  });

  it('its /info names its own root, ID and containerd namespaces', () => {
    const engine = new Engine({ seed: 1 });
    type Info = { DockerRootDir: string; ID: string; Containerd: unknown; Name: string };
    const info = call(engine, 'dockerd-bootstrap', 'GET', '/v1.50/info').body as Info;
    const own = call(engine, 'local', 'GET', '/v1.50/info').body as Info;
    expect(info.DockerRootDir).toBe('/var/lib/docker-bootstrap');
    expect(info.Containerd).toEqual({
      Address: '/run/containerd/containerd.sock',
      Namespaces: { Containers: 'bootstrap', Plugins: 'plugins.bootstrap' },
    });
    expect(own.DockerRootDir).toBe('/var/lib/docker');
    expect(own.Containerd).toEqual({
      Address: '/run/containerd/containerd.sock',
      Namespaces: { Containers: 'moby', Plugins: 'plugins.moby' },
    });
    // One machine, two engines: the same host name, two engine IDs.
    expect(info.Name).toBe(own.Name);
    expect(info.ID).not.toBe(own.ID);
    expect(engine.run(`${B} info`).stdout).toContain(
      ' Docker Root Dir: /var/lib/docker-bootstrap\n',
    );
  });

  it('a session with both daemons replays to the same trace', () => {
    const { engine } = bothRunningWeb();
    engine.run(`${B} stop web`);
    const again = Engine.replay(engine.inputs, { seed: 3 });
    expect(again.trace.length).toBe(engine.trace.length);
    expect(JSON.stringify(again.trace.slice(-50))).toBe(JSON.stringify(engine.trace.slice(-50)));
  });
});
