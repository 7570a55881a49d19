import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, type Message } from '../engine';
import { session } from '../test/helpers';
import { OverviewIndex, isOverviewMessage, type OverviewStep } from './overview';
import { OVERVIEW_FALLBACK_TITLE } from './overviewTitles';

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
      'dockerd plugs the container into the docker0 bridge',
      'dockerd asks containerd to start the container',
      'the container writes output; dockerd reads it',
      'the container’s process exits; containerd tells dockerd',
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
      title: 'the container’s process exits; containerd tells dockerd',
    });
    const kill = engine.trace.find(
      (m) => m.operation.endsWith('Tasks/Kill') && m.kind === 'request',
    )!;
    expect(index.stepOf(kill.seq)!.title).toBe(
      'dockerd asks containerd to send a signal to the container',
    );
  });

  it('collapses a pull into one step per blob stored and per layer unpacked', () => {
    const { engine } = session(['docker pull alpine']);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const ops = (re: RegExp) =>
      engine.trace.filter((m) => m.kind === 'request' && re.test(m.operation));
    const named = titles(index.steps, 1, engine.trace.length);
    expect(named.filter((t) => t.includes('store the blob'))).toHaveLength(
      ops(/Content\/Write/).length,
    );
    expect(named.filter((t) => t.includes('store the layers'))).toHaveLength(
      ops(/Diff\/Apply/).length,
    );
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
