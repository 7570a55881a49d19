import { callDaemon as call } from '../../sim/test/helpers';
import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../../sim/engine';
import { machinesInvolved, TraceIndex } from '../traceIndex';
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
  it('draws each bridge in the kernel with a veth wire to every container on it, and a packet travels the wire', () => {
    const { engine, at } = session([
      'docker network create appnet',
      'docker run -d --name web --network appnet nginx',
      'docker run -d --name plain nginx',
      'docker run --rm --network appnet busybox ping -c 1 web',
    ]);
    const index = new TraceIndex();
    index.catchUp(engine.trace);
    const net = engine.view().containers.find((c) => c.name === 'web')!.networks![0]!;
    expect(net).toMatchObject({
      network: 'appnet',
      bridge: expect.stringMatching(/^br-[0-9a-f]{12}$/),
    });
    const web = engine
      .view()
      .containers.find((c) => c.name === 'web')!
      .id.slice(0, 12);
    const plain = engine
      .view()
      .containers.find((c) => c.name === 'plain')!
      .id.slice(0, 12);

    // The ping's first hop: out of the pinging container's veth, onto appnet's bridge.
    const hop = engine.trace.find((m) => m.op === 'kernel.packet.forward')!;
    expect(hop.request).toMatchObject({ bridge: net.bridge });
    const wire = index.edgeOf(hop, nodeIdOf('local', hop.from), 'kernel');
    expect(wire).toBe(`bridge-${net.bridge}~${hop.from}`);

    // At the end (busybox gone with --rm): docker0 with plain, appnet's bridge with web.
    const end = at(engine.trace.length);
    const local = end.machines[0]!;
    expect(local.bridges).toEqual([
      { device: net.bridge, network: 'appnet', members: [web] },
      { device: 'docker0', network: 'bridge', members: [plain] },
    ]);
    expect(end.pairs).toContain(`bridge-${net.bridge}~container-${web}`);
    expect(end.pairs).toContain(`bridge-docker0~container-${plain}`);
    // The overview draws no kernel: no bridges, no wires.
    expect(at(engine.trace.length, { level: 'overview' }).machines[0]!.bridges).toEqual([]);

    // Laid out inside the kernel's bar, each wire on a lane of its own right of the containers.
    const nodes = layoutNodes(end);
    const kernel = nodes.find((n) => n.id === 'kernel')!;
    const bridges = nodes.filter((n) => n.type === 'bridge');
    expect(bridges.map((n) => n.id)).toEqual([`bridge-${net.bridge}`, 'bridge-docker0']);
    const kh = kernel.style!.height as number;
    for (const b of bridges) {
      expect(b.position.y).toBeGreaterThanOrEqual(kernel.position.y);
      expect(b.position.y + (b.style!.height as number)).toBeLessThanOrEqual(
        kernel.position.y + kh,
      );
    }
    const lanes = layoutEdges(end)
      .filter((e) => e.data?.route === 'veth')
      .map((e) => (e.data as { laneX: number }).laneX);
    expect(lanes).toHaveLength(2);
    expect(new Set(lanes).size).toBe(2);
  });

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
    // dial-stdio's line to the daemon is also the tunnel's last leg: drawn from the CLI through ssh and sshd.
    expect(edges.get('node-2/dial-stdio~node-2/dockerd')?.data).toEqual({
      route: 'tunnel',
      via: ['client', 'ssh', 'node-2/sshd'],
    });
  });

  it('draws the CLI’s requests over ssh through the tunnel to the remote dockerd, and over tcp on their own line', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker -H ssh://user@node-2 ps');
    const overSsh = engine.trace.length;
    engine.run('docker -H tcp://node-2:2375 ps');
    const index = new TraceIndex();
    index.catchUp(engine.trace);
    const ping = engine.trace.find((m) => m.to === 'dockerd' && m.toHost === 'node-2')!;
    expect(ping.from).toBe('client');
    expect(index.edgeOf(ping, 'client', 'node-2/dockerd')).toBe('node-2/dial-stdio~node-2/dockerd');
    const world = (seq: number) =>
      deriveWorld({
        machines: MACHINES.map((name) => ({ name, view: engine.hostAt(seq, name) })),
        index,
        seq,
        focus: null,
        level: 'overview',
      });
    expect(world(overSsh).pairs).toContain('node-2/dial-stdio~node-2/dockerd');
    expect(world(overSsh).pairs).not.toContain('client~node-2/dockerd');
    // The next command reaches the same daemon over tcp: a line of its own, out of the learner's machine.
    const tcpPing = engine.trace.find((m) => m.seq > overSsh && m.toHost === 'node-2')!;
    expect(index.edgeOf(tcpPing, 'client', 'node-2/dockerd')).toBe('client~node-2/dockerd');
    expect(world(engine.trace.length).pairs).toContain('client~node-2/dockerd');
  });
});

describe('three hosts at work', () => {
  /** The page's world at `seq`: each machine involved or not by the command there. */
  function threeHosts() {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker run -d --name web nginx');
    const local = engine.trace.length;
    engine.run('docker -H tcp://node-2:2375 run -d --name api nginx');
    engine.run('docker -H ssh://user@node-3 run -d --name cache alpine sleep 1000');
    const index = new TraceIndex();
    index.catchUp(engine.trace);
    const at = (seq: number, level: 'full' | 'overview' = 'overview') =>
      deriveWorld({
        machines: MACHINES.map((name) => ({ name, view: engine.hostAt(seq, name) })),
        index,
        seq,
        focus: null,
        level,
        involved: machinesInvolved(index, engine.trace[seq - 1]),
      });
    return { engine, index, local, at };
  }

  it('knows which machines a command puts to work, beyond the learner’s CLI', () => {
    const { engine, index, local } = threeHosts();
    const involved = (seq: number) =>
      [...machinesInvolved(index, engine.trace[seq - 1])].filter((m) => !m.includes('docker.io'));
    expect(involved(local)).toEqual(['local']);
    // docker -H ssh://user@node-3 …: the CLI and ssh run on the learner's machine, all the work on node-3.
    expect(involved(engine.trace.length)).toEqual(['node-3']);
  });

  it('draws the machine at work in full and the others as compact cards that say what they hold', () => {
    const { engine, at } = threeHosts();
    for (const level of ['overview', 'full'] as const) {
      const world = at(engine.trace.length, level);
      const visible = visibleNodes(world);
      expect(visible.has('node-3/dockerd')).toBe(true);
      expect(visible.has('node-3/dial-stdio')).toBe(true);
      expect(visible.has('client') && visible.has('ssh')).toBe(true);
      // The learner's engine and node-2 are not asked by this command: their components are not drawn.
      expect(visible.has('dockerd')).toBe(false);
      expect(visible.has('node-2/dockerd')).toBe(false);
      expect([...visible].some((id) => id.startsWith('node-2/container-'))).toBe(false);
      const nodes = new Map(layoutNodes(world).map((n) => [n.id, n]));
      expect(nodes.get('node-2/host')?.data).toEqual({
        label: 'node-2',
        caption: '1 container',
        idle: true,
      });
      // Under the hood sshd and dial-stdio stand in dockerd's row (its shims' and containers' columns are free there).
      const row = (id: string) => nodes.get(id)!.position.y;
      if (level === 'full') expect(row('node-3/sshd')).toBe(row('node-3/dockerd'));
      else expect(row('node-3/sshd')).toBeLessThan(row('node-3/dockerd'));
      expect(nodes.get('engine-card')?.data).toEqual({
        text: 'Docker Engine · 1 container · not used by this command',
      });
    }
  });

  it('gives the machines at work the room: about one engine’s size, whichever host it is', () => {
    const { engine, local, at } = threeHosts();
    const size = (seq: number, level: 'full' | 'overview') => {
      const nodes = layoutNodes(at(seq, level)).filter((n) => !n.parentId);
      const span = (lo: (n: (typeof nodes)[number]) => number, len: 'width' | 'height') =>
        Math.max(...nodes.map((n) => lo(n) + Number(n.style?.[len] ?? 0))) -
        Math.min(...nodes.map(lo));
      return { w: span((n) => n.position.x, 'width'), h: span((n) => n.position.y, 'height') };
    };
    // The learner's own command: one machine, as a session that never left it.
    const home = size(local, 'full');
    expect(home.w).toBeLessThan(1200);
    // The ssh command: the CLI's column, node-3's engine and the registries, no bigger than that.
    const away = size(engine.trace.length, 'full');
    expect(away.w).toBeLessThanOrEqual(home.w + 100);
    expect(away.h).toBeLessThanOrEqual(home.h + 100);
    expect(size(engine.trace.length, 'overview').w).toBeLessThan(away.w);
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
