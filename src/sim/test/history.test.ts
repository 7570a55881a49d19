import { describe, expect, it } from 'vitest';
import { Engine, type HostView } from '../engine';
import { contextOf } from '../core/actors';
import type { DockerdState } from '../dockerd/model';
import type { ContainerdState } from '../containerd/containerdMachine';
import { containerView, imageView } from '../history/hostHistory';

/** The host's objects read straight from the components' state (not from the history). */
function directView(engine: Engine): Omit<HostView, 'time'> {
  const d = contextOf<DockerdState>(engine.host.dockerd);
  const cd = contextOf<ContainerdState>(engine.host.containerd);
  return {
    images: Object.values(d.images).map(imageView),
    containers: Object.values(d.containers).map((c) =>
      containerView(c, engine.host.shims.has(c.id)),
    ),
    shims: [...engine.host.shims.keys()],
    content: Object.keys(cd.content).length,
    snapshots: Object.keys(cd.snapshots).length,
  };
}

const withoutTime = ({ time: _time, ...rest }: HostView) => rest;

const SESSION = [
  'docker run hello-world',
  'docker run -d -p 8080:80 --name web nginx',
  'docker pull alpine',
  'docker run --rm alpine echo hi',
  'docker create --name box alpine sleep 100',
  'docker start box',
  'docker stop web',
  'docker tag alpine mine:1',
  'docker rm web',
  'docker rmi mine:1',
  'docker kill box',
  'docker rm box',
  'docker rmi hello-world',
];

/**
 * Runs the session, and after every single message records what the
 * components themselves held at that moment: the ground truth a rewind must
 * reproduce.
 */
function recordTruth(seed = 1) {
  const engine = new Engine({ seed });
  const truth: Array<Omit<HostView, 'time'>> = [directView(engine)];
  engine.onMessage(() => {
    // The view "at seq" is what held once the message was delivered, i.e. just
    // before the next one is recorded: overwrite until the next message arrives.
    truth.push(directView(engine));
  });
  const settle = () => (truth[engine.trace.length] = directView(engine));
  for (const line of SESSION) {
    engine.run(line);
    settle();
    engine.advance(1000);
    settle();
  }
  return { engine, truth };
}

describe('rewind: the host at any message', () => {
  it('rebuilds, at every message, exactly what the components held then', () => {
    const { engine, truth } = recordTruth();
    expect(engine.trace.length).toBeGreaterThan(300);
    // truth[seq] was taken as message seq was recorded; changes made while it was
    // the newest message are applied after it, so compare with the state just
    // before message seq+1 (taken at its recording, before its own effects).
    for (let seq = 0; seq < engine.trace.length; seq++) {
      expect(withoutTime(engine.hostAt(seq)), `at message ${seq}`).toEqual(truth[seq + 1]);
    }
    expect(withoutTime(engine.hostAt(engine.trace.length))).toEqual(directView(engine));
    expect(withoutTime(engine.view())).toEqual(directView(engine));
  });

  it('rewinding then replaying gives an identical state, whatever the order of jumps', () => {
    const { engine } = recordTruth();
    const n = engine.trace.length;
    const forward = Array.from({ length: n + 1 }, (_, seq) => engine.hostAt(seq));
    // Jump around: back to the start, to the end, to random points, and step back one by one.
    const order = [
      n,
      0,
      Math.floor(n / 2),
      1,
      n - 1,
      ...Array.from({ length: n + 1 }, (_, i) => n - i),
    ];
    for (const seq of order) expect(engine.hostAt(seq)).toEqual(forward[seq]);
    expect(engine.hostAt(n)).toEqual({ ...engine.view(), time: engine.trace[n - 1]!.time });
  });

  it('shows a container appear at its create and vanish at its removal', () => {
    const engine = new Engine({ seed: 3 });
    engine.run('docker run -d --name web nginx');
    const created = engine.trace.find(
      (m) =>
        m.kind === 'response' && m.status === 201 && m.operation.includes('/containers/create'),
    )!;
    expect(engine.hostAt(created.replyTo! - 1).containers).toEqual([]);
    expect(engine.hostAt(created.seq).containers.map((c) => [c.name, c.state])).toEqual([
      ['web', 'created'],
    ]);
    expect(engine.hostAt(engine.trace.length).containers[0]!.state).toBe('running');
    const end = engine.trace.length;
    engine.run('docker rm -f web');
    expect(engine.hostAt(end).containers).toHaveLength(1);
    expect(engine.hostAt(engine.trace.length).containers).toEqual([]);
    expect(engine.hostAt(0)).toMatchObject({ images: [], containers: [], shims: [], time: 0 });
  });

  it('is the same history for the same seed and commands', () => {
    const a = recordTruth(9).engine.host.history.log;
    const b = recordTruth(9).engine.host.history.log;
    expect(a).toEqual(b);
  });
});

describe('replaying a session from its inputs', () => {
  it('rebuilds the same trace, output and objects', () => {
    const engine = new Engine({ seed: 5, tty: true, columns: 100 });
    engine.run('docker run -d --name web nginx');
    engine.advance(500);
    engine.advance(500);
    const it = engine.run('docker run -i alpine sh');
    engine.stdin(it.id, 'echo hi\n');
    engine.endInput(it.id);
    const logs = engine.run('docker logs -f web');
    engine.interrupt(logs.id);
    engine.run('docker ps -a');
    expect(engine.inputs.filter((i) => i.op === 'advance')).toEqual([{ op: 'advance', ms: 1000 }]);
    const again = Engine.replay(engine.inputs, engine.options);
    expect(again.trace).toEqual(engine.trace);
    expect(again.view()).toEqual(engine.view());
    expect(again.result(it.id)).toEqual(engine.result(it.id));
    expect(again.inputs).toEqual(engine.inputs);
  });
});
