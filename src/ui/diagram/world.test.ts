import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { TraceIndex } from '../traceIndex';
import { deriveWorld, visibleNodes, type Focus } from './world';

/** A session run as the page runs it, and the world the diagram draws at any cursor. */
function session(lines: string[]) {
  const engine = new Engine({ seed: 1, tty: true });
  for (const line of lines) engine.run(line);
  const index = new TraceIndex();
  index.catchUp(engine.trace);
  const at = (seq: number, options: { focus?: Focus | null; level?: 'full' | 'overview' } = {}) =>
    deriveWorld({
      host: engine.hostAt(seq),
      index,
      seq,
      focus: options.focus ?? null,
      level: options.level ?? 'full',
    });
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
