import { callDaemon as call } from '../../sim/test/helpers';
import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../../sim/engine';
import { TraceIndex } from '../traceIndex';
import { addressOf, deriveWorld, visibleNodes, type Focus, type World } from './world';
import { layoutEdges, layoutNodes } from './layout';
import { nodeIdOf, machineOf } from './nodeIds';

const MACHINES = ['local', 'node-2', 'node-3'];

function worldAt(
  engine: Engine,
  index: TraceIndex,
  seq: number,
  options: { focus?: Focus | null; level?: 'full' | 'overview' } = {},
) {
  const world = deriveWorld({
    machines: MACHINES.map((name) => ({ name, view: engine.hostAt(seq, name) })),
    index,
    seq,
    focus: options.focus ?? null,
    level: options.level ?? 'full',
  });
  // The learner's machine's rows and images, which most cases look at.
  return { ...world, rows: world.machines[0]!.rows, images: world.machines[0]!.images };
}

/** A session run as the page runs it, and the world the diagram draws at any cursor. */
function session(lines: string[]) {
  const engine = new Engine({ seed: 1, tty: true });
  for (const line of lines) engine.run(line);
  const index = new TraceIndex();
  index.catchUp(engine.trace);
  const at = (seq: number, options: { focus?: Focus | null; level?: 'full' | 'overview' } = {}) =>
    worldAt(engine, index, seq, options);
  return { engine, at };
}

describe('deriveWorld', () => {
  it('shows a container from its creation and a shim while containerd keeps it', () => {
    const { engine, at } = session(['docker run -d --name web nginx']);
    const trace = engine.trace;
    const toShim = trace.find((m) => m.to.startsWith('shim-'))!;
    const key = toShim.to.slice(5);
    const created = trace.find((m) => m.status === 201)!;
    const started = trace.find((m) => m.operation === '/tasks/start')!;

    expect(at(0).rows).toEqual([]);
    expect(at(created.seq).rows.find((r) => r.key === key)).toMatchObject({
      name: 'web',
      state: 'created',
      showContainer: true,
    });
    expect(at(toShim.seq).rows.find((r) => r.key === key)?.showShim).toBe(true);
    // dockerd marks it running once containerd's /tasks/start event has reached it, never before.
    expect(at(started.seq - 1).rows.find((r) => r.key === key)?.state).toBe('created');
    expect(at(trace.length).rows.find((r) => r.key === key)?.state).toBe('running');
    expect(at(created.seq).images).toContain('nginx:latest');
  });

  it('rewinds: a cursor before the create shows no container and no image', () => {
    const { engine, at } = session(['docker run -d --name web nginx']);
    const end = at(engine.trace.length);
    expect(end.rows.some((r) => r.showContainer)).toBe(true);
    const beforeCreate = engine.trace.find((m) => m.operation.includes('/containers/create'))!;
    const back = at(beforeCreate.seq);
    expect(back.rows).toEqual([]);
    expect(back.images).toEqual([]);
    // And forward again: the same picture as before the rewind.
    expect(at(engine.trace.length)).toEqual(end);
  });

  it('draws an edge only once a message has used it', () => {
    const { engine, at } = session(['docker run -d --name web nginx']);
    const first = engine.trace.find((m) => m.to === 'registry')!;
    expect(at(first.seq - 1).pairs).not.toContain('dockerd~registry');
    expect(at(first.seq).pairs).toContain('dockerd~registry');
  });

  it('keeps a shim drawn while its last answer is the hop shown', () => {
    const { engine, at } = session([
      'docker run -d --name web nginx',
      'docker stop web',
      'docker rm web',
    ]);
    const shutdown = engine.trace.find(
      (m) => m.kind === 'response' && m.operation.endsWith('Task/Shutdown'),
    )!;
    expect(at(shutdown.seq).rows.some((r) => r.showShim)).toBe(false);
    const held = at(shutdown.seq, { focus: { from: shutdown.from, to: shutdown.to } });
    expect(held.rows.some((r) => r.showShim)).toBe(true);
    expect(held.pairs).toContain(`containerd~${shutdown.from}`);
    const stopped = engine.result(2)!.lastSeq;
    expect(at(stopped).rows[0]?.state).toBe('exited');
    expect(at(engine.trace.length).rows).toEqual([]);
  });

  it('the overview hides what runs under dockerd but keeps the host objects', () => {
    const { engine, at } = session(['docker run -d --name web nginx']);
    const world = at(engine.trace.length, { level: 'overview' });
    const visible = visibleNodes(world);
    expect(visible.has('containerd')).toBe(false);
    expect(visible.has('kernel')).toBe(false);
    expect([...visible].some((id) => id.startsWith('shim-'))).toBe(false);
    expect([...visible].some((id) => id.startsWith('container-'))).toBe(true);
    expect(world.pairs).toContain('client~dockerd');
    expect(world.pairs.some((p) => p.includes('containerd'))).toBe(false);
  });
});

/** `docker -H tcp://node-2:2375 run -d --name web alpine sleep 100`, as its requests. */
function runOnNode2(engine: Engine) {
  call(engine, 'node-2', 'POST', '/v1.50/images/create', {
    fromImage: 'docker.io/library/alpine',
    tag: 'latest',
  });
  const created = call(
    engine,
    'node-2',
    'POST',
    '/v1.50/containers/create',
    { name: 'web' },
    { Image: 'alpine', Cmd: ['sleep', '100'] },
  );
  const id = (created.body as { Id: string }).Id;
  call(engine, 'node-2', 'POST', `/v1.50/containers/${id}/start`);
  engine.advance(1000);
  return id.slice(0, 12);
}

describe('machines', () => {
  it('nodeIdOf keeps the learner’s and Docker Hub’s ids and prefixes another host’s', () => {
    expect(nodeIdOf('local', 'dockerd')).toBe('dockerd');
    expect(nodeIdOf(undefined, 'shim-0123456789ab')).toBe('shim-0123456789ab');
    expect(nodeIdOf('registry-1.docker.io', 'registry')).toBe('registry');
    expect(nodeIdOf('auth.docker.io', 'auth')).toBe('auth');
    expect(nodeIdOf('node-2', 'dockerd')).toBe('node-2/dockerd');
    expect(machineOf('node-2/shim-0123456789ab')).toEqual({
      host: 'node-2',
      id: 'shim-0123456789ab',
    });
    expect(machineOf('kernel')).toEqual({ host: 'local', id: 'kernel' });
  });

  it('names the address a client gives -H for each daemon', () => {
    expect(addressOf({ name: 'local', listeners: ['fd://'], tlsVerify: false })).toBeUndefined();
    expect(
      addressOf({ name: 'node-2', listeners: ['fd://', 'tcp://0.0.0.0:2375'], tlsVerify: false }),
    ).toBe('tcp://node-2:2375');
    expect(
      addressOf({ name: 'node-3', listeners: ['fd://', 'tcp://0.0.0.0:2376'], tlsVerify: true }),
    ).toBe('tcp://node-3:2376 (TLS)');
  });

  it('a session on local only keeps node-2 and node-3 as idle cards', () => {
    const { engine, at } = session(['docker run -d --name web nginx']);
    const world = at(engine.trace.length);
    expect(world.machines.map((m) => [m.name, m.open])).toEqual([
      ['local', true],
      ['node-2', false],
      ['node-3', false],
    ]);
    const visible = visibleNodes(world);
    expect([...visible].some((id) => id.startsWith('node-'))).toBe(false);
    const nodes = layoutNodes(world);
    const cards = nodes.filter((n) => n.type === 'boundary' && n.data.idle);
    expect(cards.map((n) => n.id)).toEqual(['node-2/host', 'node-3/host']);
    // Nothing is inside an idle card.
    expect(nodes.some((n) => n.parentId?.startsWith('node-'))).toBe(false);
  });

  it('a container run on node-2 is drawn in node-2’s box, not the local one', () => {
    const engine = new Engine({ seed: 1, tty: true });
    const key = runOnNode2(engine);
    const index = new TraceIndex();
    index.catchUp(engine.trace);
    const end = worldAt(engine, index, engine.trace.length);
    const [local, node2, node3] = end.machines as [
      World['machines'][0],
      World['machines'][0],
      World['machines'][0],
    ];
    expect(local.rows).toEqual([]);
    expect(node2.open).toBe(true);
    expect(node2.rows.map((r) => [r.key, r.name, r.state])).toEqual([[key, 'web', 'running']]);
    expect(node2.images).toContain('alpine:latest');
    expect(node3.open).toBe(false);
    const visible = visibleNodes(end);
    for (const id of [
      'node-2/dockerd',
      'node-2/containerd',
      'node-2/kernel',
      `node-2/container-${key}`,
      `node-2/shim-${key}`,
    ])
      expect(visible.has(id), id).toBe(true);
    expect(visible.has(`container-${key}`)).toBe(false);
    expect(end.pairs).toContain('client~node-2/dockerd');
    expect(end.pairs).toContain('node-2/dockerd~registry');
    expect(end.pairs).toContain(`node-2/containerd~node-2/shim-${key}`);
    expect(end.pairs).not.toContain('client~dockerd');

    const nodes = layoutNodes(end);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    // Every node's parent is drawn before it (React Flow needs that), and node-2's are in its box.
    nodes.forEach((n, i) => {
      if (n.parentId) expect(nodes.findIndex((p) => p.id === n.parentId)).toBeLessThan(i);
    });
    expect(byId.get(`node-2/container-${key}`)?.parentId).toBe('node-2/host');
    // Side by side with the learner's machine, the registries above them both.
    const box2 = byId.get('node-2/host')!;
    const local2 = byId.get('host')!;
    expect(box2.position.x).toBeGreaterThanOrEqual(local2.position.x + Number(local2.style!.width));
    expect(byId.get('remote')!.position.y + Number(byId.get('remote')!.style!.height)).toBeLessThan(
      box2.position.y,
    );
    expect(byId.get('node-3/host')?.data).toMatchObject({ idle: true });
    // A line from the CLI to node-2 runs outside the boxes; node-2's kernel lane is in node-2's box.
    const edges = new Map(layoutEdges(end).map((e) => [e.id, e]));
    expect(edges.get('client~node-2/dockerd')?.data).toEqual({
      route: 'corridor',
      start: 'source',
    });
    expect(edges.get('node-2/dockerd~registry')?.data?.route).toBe('straight');
    const lane = edges.get('node-2/dockerd~node-2/kernel')?.data;
    expect(lane?.route === 'lane' && lane.laneX).toBeGreaterThan(box2.position.x);
    expect(lane?.route === 'lane' && lane.laneX).toBeLessThan(box2.position.x + 250);

    // Before the first message reached node-2, it was an idle card.
    expect(worldAt(engine, index, 0).machines[1]!.open).toBe(false);
  });
});

describe('the ssh path (docker -H ssh://user@node-2)', () => {
  /** The hops the CLI's ssh transport takes, as the contexts work will record them (synthetic here). */
  function sshTrace(): Message[] {
    const hop = (
      seq: number,
      from: string,
      fromHost: string,
      to: string,
      toHost: string,
    ): Message =>
      ({
        seq,
        time: seq,
        from,
        fromHost,
        to,
        toHost,
        protocol: 'stream',
        kind: 'stream',
        operation: 'bytes',
        summary: '',
      }) as Message;
    return [
      hop(1, 'client', 'local', 'ssh', 'local'),
      hop(2, 'ssh', 'local', 'sshd', 'node-2'),
      hop(3, 'sshd', 'node-2', 'dial-stdio', 'node-2'),
      hop(4, 'dial-stdio', 'node-2', 'dockerd', 'node-2'),
    ];
  }

  it('draws ssh under the CLI, sshd and dial-stdio above node-2’s dockerd, once used', () => {
    const index = new TraceIndex();
    index.catchUp(sshTrace());
    const at = (seq: number) =>
      deriveWorld({
        machines: MACHINES.map((name) => ({ name, view: undefined })),
        index,
        seq,
        focus: null,
        level: 'overview',
      });
    expect(visibleNodes(at(0)).has('ssh')).toBe(false);
    const world = at(4);
    expect(world.machines[0]!.extras).toEqual(['ssh']);
    expect(world.machines[1]).toMatchObject({ open: true, extras: ['sshd', 'dial-stdio'] });
    expect(world.pairs).toEqual([
      'client~ssh',
      'node-2/dial-stdio~node-2/dockerd',
      'node-2/dial-stdio~node-2/sshd',
      'node-2/sshd~ssh',
    ]);
    const nodes = new Map(layoutNodes(world).map((n) => [n.id, n]));
    const ssh = nodes.get('ssh')!;
    expect(ssh.parentId).toBe('host');
    expect(ssh.position.x).toBe(nodes.get('client')!.position.x);
    expect(ssh.position.y).toBeGreaterThan(nodes.get('client')!.position.y);
    const sshd = nodes.get('node-2/sshd')!;
    expect(sshd.parentId).toBe('node-2/host');
    expect(sshd.position.y).toBeLessThan(nodes.get('node-2/dockerd')!.position.y);
    const edges = new Map(layoutEdges(world).map((e) => [e.id, e]));
    // The line leaves the learner's machine from ssh, whichever end React Flow calls its source.
    expect(edges.get('node-2/sshd~ssh')?.data).toEqual({ route: 'corridor', start: 'target' });
  });
});

describe('two daemons on the learner’s machine', () => {
  it('draws dockerd-bootstrap beside dockerd once reached, its containers in the machine’s box', () => {
    const B = 'docker -H unix:///var/run/docker-bootstrap.sock';
    const { engine, at } = session([
      'docker run -d --name web nginx',
      `${B} run -d --name web nginx`,
    ]);
    const first = engine.trace.find((m) => m.to === 'dockerd-bootstrap')!;
    expect(at(first.seq - 1).machines[0]!.extras).not.toContain('dockerd-bootstrap');
    const end = at(engine.lastSeq);
    expect(end.machines[0]!.extras).toContain('dockerd-bootstrap');
    // Both daemons' web containers are rows of the learner's machine, with their shims.
    // Each daemon's nginx in the images strip, the second one's named with its id.
    expect(end.images).toEqual(['nginx:latest', 'nginx:latest (dockerd-bootstrap)']);
    const webs = end.rows.filter((r) => r.name === 'web');
    expect(webs).toHaveLength(2);
    expect(webs.every((r) => r.showShim)).toBe(true);
    const nodes = layoutNodes(end);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const dockerd = byId.get('dockerd')!;
    const second = byId.get('dockerd-bootstrap')!;
    expect(second.parentId).toBe(dockerd.parentId);
    expect(second.position.y).toBe(dockerd.position.y);
    expect(second.position.x).toBeGreaterThan(dockerd.position.x);
    // Its calls to containerd are edges of the diagram.
    expect(
      layoutEdges(end).some(
        (e) => e.source === 'dockerd-bootstrap' || e.target === 'dockerd-bootstrap',
      ),
    ).toBe(true);
  });
});
