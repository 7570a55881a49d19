import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import type { BridgeSnapshot, ViewStamp } from '../bridge';
import { TraceIndex } from '../traceIndex';
import { worldAt } from './world';

/** Run commands as the bridge does: a view stamped after each one. */
function session(lines: string[]) {
  const engine = new Engine({ seed: 1, tty: true });
  const stamps: ViewStamp[] = [{ seq: 0, view: engine.view() }];
  for (const line of lines) {
    engine.run(line);
    stamps.push({ seq: engine.trace.length, view: engine.view() });
  }
  const index = new TraceIndex();
  index.catchUp(engine.trace);
  const snapshot: BridgeSnapshot = { version: 1, traceLength: engine.trace.length, stamps };
  return { engine, at: (seq: number) => worldAt(snapshot, index, engine.trace, seq) };
}

describe('worldAt', () => {
  it('shows a shim from its first message and a container as its state changes', () => {
    const { engine, at } = session(['docker run -d --name web nginx']);
    const trace = engine.trace;
    const shimStart = trace.find((m) => m.to.startsWith('shim-'))!;
    const key = shimStart.to.slice(5);
    const created = trace.find((m) => m.status === 201)!;
    const started = trace.find((m) => m.operation === '/tasks/start')!;

    expect(at(shimStart.seq - 1).rows.find((r) => r.key === key)?.showShim ?? false).toBe(false);
    expect(at(shimStart.seq).rows.find((r) => r.key === key)?.showShim).toBe(true);
    expect(at(created.seq - 1).rows.some((r) => r.key === key && r.showContainer)).toBe(false);
    expect(at(created.seq).rows.find((r) => r.key === key)).toMatchObject({
      name: 'web',
      state: 'created',
      showContainer: true,
    });
    expect(at(started.seq).rows.find((r) => r.key === key)?.state).toBe('running');
  });

  it('draws an edge only once a message has used it', () => {
    const { engine, at } = session(['docker run -d --name web nginx']);
    const first = engine.trace.find((m) => m.to === 'registry')!;
    expect(at(first.seq - 1).pairs).not.toContain('dockerd~registry');
    expect(at(first.seq).pairs).toContain('dockerd~registry');
  });

  it('removes the shim after its shutdown and the container after docker rm', () => {
    const { engine, at } = session([
      'docker run -d --name web nginx',
      'docker stop web',
      'docker rm web',
    ]);
    const shutdown = engine.trace.find(
      (m) => m.kind === 'response' && m.operation.endsWith('Task/Shutdown'),
    )!;
    expect(at(shutdown.seq).rows.some((r) => r.showShim)).toBe(false);
    expect(at(shutdown.seq).rows[0]?.state).toBe('exited');
    expect(at(engine.trace.length).rows).toEqual([]);
  });
});
