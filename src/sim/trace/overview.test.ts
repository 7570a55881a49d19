import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, type Message } from '../engine';
import { session } from '../test/helpers';
import { OverviewIndex, isOverviewMessage, type OverviewStep } from './overview';
import { OVERVIEW_FALLBACK_TITLE } from './overview';

const FC = { seed: Number(process.env.FC_SEED ?? 20261124) };

/** Steps tile the trace: in order, no gap, no overlap, each seq finds its own step. */
function expectPartition(index: OverviewIndex, trace: readonly Message[]): void {
  let next = 1;
  for (const [i, step] of index.steps.entries()) {
    expect(step.index).toBe(i);
    expect(step.first).toBe(next);
    expect(step.last).toBeGreaterThanOrEqual(step.first);
    next = step.last + 1;
  }
  expect(next - 1).toBe(trace.length);
  for (const m of trace) {
    const step = index.stepOf(m.seq)!;
    expect(m.seq).toBeGreaterThanOrEqual(step.first);
    expect(m.seq).toBeLessThanOrEqual(step.last);
  }
}

const titles = (steps: readonly OverviewStep[], from: number, to: number): string[] =>
  steps.filter((s) => s.collapsed && s.first >= from && s.last <= to).map((s) => s.title);

const SCENARIO = [
  'docker run -d -p 8080:80 --name web nginx',
  'docker run --rm alpine echo hi',
  'docker pull redis',
  'docker stop web',
  'docker rm web',
  'docker run nginx',
];

describe('overview grouping', () => {
  it('keeps every message between client, dockerd, registry and auth as its own step', () => {
    const { engine } = session(SCENARIO);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    for (const m of engine.trace.filter(isOverviewMessage)) {
      const step = index.stepOf(m.seq)!;
      if (m.kind === 'stream') {
        // Frames of one run share a step drawn along their own arrow; a
        // progress frame sent while dockerd works inside the host reports
        // on that work and stays in its step.
        if (step.collapsed) expect(engine.trace[step.first - 1]!.commandId).toBe(m.commandId);
        else expect(step).toMatchObject({ from: m.from, to: m.to });
        continue;
      }
      expect(step).toMatchObject({
        first: m.seq,
        last: m.seq,
        from: m.from,
        to: m.to,
        collapsed: false,
      });
    }
    expectPartition(index, engine.trace);
    // The 401 challenge and the token exchange stay visible at overview level.
    expect(index.steps.some((s) => s.from === 'registry' && /401/.test(s.title))).toBe(true);
    expect(index.steps.some((s) => s.to === 'auth')).toBe(true);
  });

  it('collapses docker run into the calls dockerd makes, in the order of the reference', () => {
    const { engine, results } = session(['docker pull alpine', 'docker run --rm alpine echo hi']);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const run = results[1]!;
    const named = titles(index.steps, run.firstSeq, engine.trace.length);
    const order = [
      'dockerd registers the container with containerd, with its OCI spec',
      'dockerd asks containerd to create the container’s process (shim, runc, namespaces)',
      'dockerd plugs the container into the network’s bridge',
      'dockerd asks containerd to start the container',
      'the container writes output and dockerd reads it',
      'the container’s process exits and containerd tells dockerd',
      'dockerd asks containerd to clean up the exited process',
      'dockerd asks containerd to forget the container',
    ];
    let at = -1;
    for (const t of order) {
      const found = named.indexOf(t, at + 1);
      expect(found, t).toBeGreaterThan(at);
      at = found;
    }
    // runc create and its syscalls are inside Tasks.Create's step, not steps of their own.
    const runcCreate = engine.trace.find((m) => m.operation === 'runc create')!;
    const clone = engine.trace.find((m) => m.operation.startsWith('clone('))!;
    const step = index.stepOf(runcCreate.seq)!;
    expect(index.stepOf(clone.seq)).toBe(step);
    expect(step).toMatchObject({ from: 'dockerd', to: 'containerd', collapsed: true });
    expect(engine.trace[step.first - 1]!.operation).toBe(
      'containerd.services.tasks.v1.Tasks/Create',
    );
  });

  it('turns an exit coming up from the kernel into containerd telling dockerd', () => {
    const { engine } = session(['docker run -d --name sl alpine sleep 100', 'docker stop sl']);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const sigchld = engine.trace.find((m) => m.from === 'kernel' && m.to.startsWith('shim-'))!;
    const step = index.stepOf(sigchld.seq)!;
    expect(step.first).toBe(sigchld.seq);
    expect(step).toMatchObject({
      from: 'containerd',
      to: 'dockerd',
      title: 'the container’s process exits and containerd tells dockerd',
    });
    const kill = engine.trace.find(
      (m) => m.operation.endsWith('Tasks/Kill') && m.kind === 'request',
    )!;
    expect(index.stepOf(kill.seq)!.title).toBe(
      'dockerd asks containerd to send a signal to the container',
    );
  });

  it('collapses a pull: progress runs, repeated stores and the whole unpack are one step each', () => {
    const { engine } = session(['docker pull nginx']);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    expectPartition(index, engine.trace);
    const ops = (re: RegExp) =>
      engine.trace.filter((m) => m.kind === 'request' && re.test(m.operation));
    const stepsOf = (re: RegExp) => new Set(ops(re).map((m) => index.stepOf(m.seq)!.index));
    // nginx has 7 layers: 7 Diff/Apply calls. containerd's unpacker applies
    // them while the downloads still run, so the unpack is a few steps
    // between the downloads, not one per call.
    expect(ops(/Diff\/Apply/).length).toBe(7);
    const unpackCalls = ops(/Diff\/Apply|Snapshots\/(Stat|Prepare|Commit)/).length;
    expect(stepsOf(/Diff\/Apply|Snapshots\/(Stat|Prepare|Commit)/).size).toBeLessThanOrEqual(
      unpackCalls / 5,
    );
    const writes = ops(/Content\/Write/).length;
    expect(stepsOf(/Content\/Write/).size).toBeLessThan(writes);
    // Back-to-back progress frames are one step, named for the run. (With the
    // containerd store almost every frame is sent while dockerd's own call into
    // containerd or the registry is under way, and belongs to that step.)
    const runs = index.steps.filter((s) => !s.collapsed && s.last > s.first);
    for (const run of runs) {
      expect(run.title).toBe('dockerd streams the pull progress to the CLI');
      for (let seq = run.first; seq <= run.last; seq++)
        expect(engine.trace[seq - 1]).toMatchObject({
          from: 'dockerd',
          to: 'client',
          kind: 'stream',
        });
    }
    // Far fewer presses than messages, and than before (one step per progress frame: > 120).
    expect(index.steps.length).toBeLessThan(80);
    // The registry exchange stays visible, request by request.
    for (const m of engine.trace.filter((m) => m.to === 'registry'))
      expect(index.stepOf(m.seq)).toMatchObject({ first: m.seq, last: m.seq });
  });

  it('streams a container’s log lines to the CLI as one step', () => {
    const { engine, results } = session(['docker run -d --name web nginx', 'docker logs web']);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const frames = engine.trace.filter(
      (m) => m.commandId === results[1]!.id && m.kind === 'stream' && m.to === 'client',
    );
    expect(frames.length).toBeGreaterThan(5);
    const steps = new Set(frames.map((m) => index.stepOf(m.seq)));
    expect(steps.size).toBe(1);
    expect([...steps][0]!.title).toBe('dockerd streams the container’s output to the CLI');
  });

  it('names every collapsed step of a broad session from the table', () => {
    const { engine } = session([
      ...SCENARIO,
      'docker run -d --name k alpine sleep 100',
      'docker kill k',
      'docker rm -f k',
      'docker rmi redis',
      'docker run -d --name a1 -p 9090:80 nginx',
      'docker rm -f a1',
      'docker version',
    ]);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const unnamed = index.steps
      .filter((s) => s.collapsed && s.title === OVERVIEW_FALLBACK_TITLE)
      .map((s) => engine.trace[s.first - 1]!.operation);
    expect(unnamed).toEqual([]);
  });

  it('catches up incrementally and gives the same steps as one pass', () => {
    const { engine } = session(SCENARIO);
    const whole = new OverviewIndex();
    whole.catchUp(engine.trace);
    const growing = new OverviewIndex();
    for (let n = 0; n <= engine.trace.length; n += 7) growing.catchUp(engine.trace.slice(0, n));
    growing.catchUp(engine.trace);
    expect(growing.steps).toEqual(whole.steps);
    // A shorter trace is a new session.
    growing.catchUp(engine.trace.slice(0, 3));
    expect(growing.steps.at(-1)!.last).toBe(3);
    expect(growing.stepOf(4)).toBeUndefined();
    expect(growing.stepOf(0)).toBeUndefined();
    expect(growing.stepOf(Number.NaN)).toBeUndefined();
  });

  it('property: steps partition the trace of any sequence of commands', () => {
    const line = fc.constantFrom(
      'docker run hello-world',
      'docker run --rm alpine echo hi',
      'docker run -d --name w -p 8080:80 nginx',
      'docker run -d --name sl alpine sleep 100',
      'docker stop w',
      'docker stop sl',
      'docker kill sl',
      'docker rm -f w',
      'docker rm sl',
      'docker pull redis',
      'docker rmi redis',
      'docker ps -a',
      'docker run nginx',
      'docker logs w',
      'docker run nosuchimage',
    );
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 50 }),
        (lines, seed) => {
          const engine = new Engine({ seed });
          const index = new OverviewIndex();
          for (const l of lines) {
            engine.run(l);
            index.catchUp(engine.trace);
            engine.advance(500);
          }
          index.catchUp(engine.trace);
          expectPartition(index, engine.trace);
        },
      ),
      { ...FC, numRuns: 25 },
    );
  });
});
