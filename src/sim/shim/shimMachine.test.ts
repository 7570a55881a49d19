import { describe, expect, it } from 'vitest';
import { Shim, type ShimEvent } from './shimMachine';
import { Engine } from '../engine';

const start = () => new Shim('c'.repeat(64), 900, 'unix:///run/containerd/s/x');

/** Play events, returning the state after each (throws on a refused move). */
function walk(events: ShimEvent[]): string[] {
  const shim = start();
  return events.map((e) => {
    shim.commit(e);
    return shim.state;
  });
}

describe('the shim machine', () => {
  it('goes starting → serving → created → running → stopped → serving → shutdown for one task', () => {
    expect(
      walk([
        { type: 'shim.started' },
        { type: 'task.created', pid: 901 },
        { type: 'task.started' },
        { type: 'task.exited', exitStatus: 0 },
        { type: 'task.deleted' },
        { type: 'shim.shutdown' },
      ]),
    ).toEqual(['serving', 'created', 'running', 'stopped', 'serving', 'shutdown']);
  });

  it('keeps the exit status for Delete, and the PID of init', () => {
    const shim = start();
    shim.commit({ type: 'shim.started' });
    shim.commit({ type: 'task.created', pid: 901 });
    shim.commit({ type: 'task.started' });
    shim.commit({ type: 'task.exited', exitStatus: 137 });
    expect(shim).toMatchObject({ pid: 901, exitStatus: 137 });
  });

  it.each<[string, ShimEvent[], ShimEvent]>([
    ['create a task before start printed its address', [], { type: 'task.created', pid: 1 }],
    ['start a task that was never created', [{ type: 'shim.started' }], { type: 'task.started' }],
    [
      'shut down with a task still running',
      [{ type: 'shim.started' }, { type: 'task.created', pid: 1 }, { type: 'task.started' }],
      { type: 'shim.shutdown' },
    ],
    [
      'report an exit twice',
      [
        { type: 'shim.started' },
        { type: 'task.created', pid: 1 },
        { type: 'task.exited', exitStatus: 1 },
      ],
      { type: 'task.exited', exitStatus: 1 },
    ],
  ])('refuses to %s', (_what, before, refused) => {
    const shim = start();
    for (const e of before) shim.commit(e);
    expect(() => shim.commit(refused)).toThrow(/refused/);
  });

  it('is started by containerd exec-ing the shim binary, and serves once `start` answered', () => {
    const engine = new Engine();
    engine.run('docker run -d --name sleeper alpine sleep 100');
    const [shim] = [...engine.host.shims.values()];
    expect(shim?.state).toBe('running');
    const start = engine.trace.find(
      (m) => m.kind === 'request' && m.operation === 'containerd-shim-runc-v2 start',
    );
    expect(start).toMatchObject({ from: 'containerd', protocol: 'exec' });
    // The kernel gave the shim its PID, and runc's init (the container's PID 1) is its child.
    const pid = shim!.shimPid;
    const kernel = engine.host.kernel.getSnapshot().context;
    // The server the start helper forked, as ps shows it: its executable's path first.
    expect(kernel.processes[pid]?.argv[0]).toBe('/usr/bin/containerd-shim-runc-v2');
    expect(kernel.processes[shim!.pid!]?.ppid).toBe(pid);
  });
});
