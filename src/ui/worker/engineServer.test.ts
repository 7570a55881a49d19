import { describe, expect, it } from 'vitest';
import { Engine, type SessionInput } from '../../sim/engine';
import { DOCKER_HOSTS } from '../../sim/world';
import { DRILLS, LESSONS, QUESTIONS } from '../../lessons';
import { EngineMirror } from './engineMirror';
import { EngineServer, WORKER_KEEPS, transferOf } from './engineServer';
import type { EngineRequest, EngineUpdate } from './protocol';

const OPTIONS = { seed: 1, tty: true, columns: 100 };
/** Every name a daemon is read by: each machine (all its daemons), each daemon's address alone. */
const DAEMONS = [
  ...DOCKER_HOSTS.map((h) => h.name),
  'dockerd',
  'dockerd-bootstrap',
  'node-2/dockerd',
];

/**
 * The engine in a worker, seen from the page: every request and answer cloned as postMessage
 * does, the answer's message columns transferred as the worker transfers them.
 */
function workerPage() {
  const server = new EngineServer();
  const mirror = new EngineMirror((id, chunk) => printed.push([id, chunk.text]));
  const printed: Array<[number, string]> = [];
  const send = (request: EngineRequest, quiet = false): EngineUpdate => {
    const sent = server.handle(structuredClone(request));
    const update = structuredClone(sent, { transfer: transferOf(sent) });
    // Transferred, not copied: the worker keeps nothing of what it sent.
    if (sent.messages) expect(sent.messages.time.byteLength).toBe(0);
    mirror.apply(update, quiet);
    return update;
  };
  return { server, mirror, printed, send };
}

/** Every field the page reads, from the engine itself or from the mirror. */
function picture(host: Pick<Engine, 'trace' | 'result' | 'attached' | 'view' | 'hostAt'>) {
  const results = [];
  for (let id = 1; host.result(id); id++) results.push(host.result(id));
  const seqs = [0, 1, 7, Math.floor(host.trace.length / 2), host.trace.length];
  return {
    trace: JSON.parse(JSON.stringify(host.trace)) as unknown,
    results,
    attached: host.attached(),
    views: DAEMONS.map((name) => host.view(name)),
    rewinds: DAEMONS.map((name) => seqs.map((s) => host.hostAt(s, name))),
  };
}

const SESSION: SessionInput[] = [
  { op: 'run', line: 'docker run hello-world' },
  { op: 'advance', ms: 1000 },
  { op: 'run', line: 'docker run -d --name web -p 8080:80 nginx' },
  { op: 'run', line: 'docker -H tcp://node-2:2375 run -d alpine sleep 5' },
  // The learner's machine's second dockerd: its objects join the machine's picture.
  {
    op: 'run',
    line: 'docker -H unix:///var/run/docker-bootstrap.sock run -d --name b busybox sleep 900',
  },
  { op: 'advance', ms: 6000 },
  { op: 'run', line: 'docker run -it alpine sh' },
  { op: 'stdin', command: 5, text: 'echo hi\n' },
  { op: 'interrupt', command: 5 },
  { op: 'stdin', command: 5, text: 'exit\n' },
  { op: 'run', line: 'docker ps -a' },
  { op: 'run', line: 'docker logs -f web' },
  { op: 'advance', ms: 2000 },
  { op: 'interrupt', command: 7 },
  { op: 'run', line: 'docker rm -f web' },
  // Attached in the foreground (longer than a command's 30 s horizon); it exits with time alone, with no input naming it.
  { op: 'run', line: 'docker run alpine sleep 60' },
  { op: 'advance', ms: 61_000 },
];

/** A fixed amount of work (every lesson's, drill's and question's commands), not a speed test: room for a busy shared machine. */
const WORK_TIMEOUT = 60_000;

describe('the engine behind the worker boundary', () => {
  it('gives the page the same trace, results, hosts and rewinds as the engine itself', () => {
    const engine = new Engine(OPTIONS);
    const page = workerPage();
    page.send({ type: 'start', options: OPTIONS, inputs: [] });
    const heard: Array<[number, string]> = [];
    engine.onOutput((id, chunk) => heard.push([id, chunk.text]));
    for (const input of SESSION) {
      engine.apply(input);
      page.send({ type: 'input', input });
      // After every answer, not only at the end: the page reads the mirror at any time.
      expect(page.mirror.trace.length).toBe(engine.trace.length);
      expect(page.mirror.attached()).toEqual(engine.attached());
    }
    expect(engine.trace.length).toBeGreaterThan(100);
    expect(picture(page.mirror)).toEqual(picture(engine));
    // The timeline reads each message's command without making the message.
    const commands = engine.trace.map((m) => m.commandId);
    expect(commands.map((_, i) => page.mirror.commandIdOf(i + 1))).toEqual(commands);
    expect(commands.some((c) => c === undefined)).toBe(true);
    expect(page.mirror.commandIdOf(engine.trace.length + 1)).toBeUndefined();
    // Output reaches the page's listeners once each, in the engine's order.
    expect(page.printed).toEqual(heard);
  });

  it('replays a saved input log to the same host, and says nothing of the replay', () => {
    const engine = Engine.replay(SESSION, OPTIONS);
    const page = workerPage();
    const update = page.send({ type: 'start', options: OPTIONS, inputs: SESSION }, true);
    expect(update.fresh).toBe(true);
    expect(page.printed).toEqual([]);
    expect(picture(page.mirror)).toEqual(picture(engine));
    // And it goes on from there like the engine.
    engine.run('docker images');
    page.send({ type: 'input', input: { op: 'run', line: 'docker images' } });
    expect(picture(page.mirror)).toEqual(picture(engine));
  });

  it('completes a line as the engine does, and reports a refused input without losing state', () => {
    const page = workerPage();
    page.send({ type: 'start', options: OPTIONS, inputs: [] });
    page.send({ type: 'input', input: { op: 'run', line: 'docker run -d --name web nginx' } });
    const engine = Engine.replay([{ op: 'run', line: 'docker run -d --name web nginx' }], OPTIONS);
    expect(page.send({ type: 'complete', line: 'docker stop w' }).completions).toEqual(
      engine.complete('docker stop w'),
    );
    const refused = page.send({ type: 'input', input: { op: 'advance', ms: Number.NaN } });
    expect(refused.error).toMatch(/not a finite number/);
    expect(picture(page.mirror)).toEqual(picture(engine));
  });

  it('sends each message once: time passing with nothing to do sends nothing', () => {
    const page = workerPage();
    page.send({ type: 'start', options: OPTIONS, inputs: [] });
    page.send({ type: 'input', input: { op: 'run', line: 'docker version' } });
    const idle = page.send({ type: 'input', input: { op: 'advance', ms: 500 } });
    expect(idle.messages).toBeUndefined();
    expect(idle.results).toEqual([]);
    expect(idle.changes).toEqual({});
  });

  it(
    'every lesson, drill and question scenario crosses the boundary whole (postMessage clones what it sends)',
    () => {
      const scenarios = [
        ...LESSONS.map((l) => [...l.setup, ...l.steps.flatMap((s) => s.solution)]),
        ...DRILLS.map((d) => [...d.setup, d.command]),
        ...QUESTIONS.map((q) => [...q.show.setup, ...q.show.commands]),
      ];
      expect(scenarios.length).toBeGreaterThan(20);
      for (const lines of scenarios) {
        const inputs: SessionInput[] = lines.flatMap((line, i): SessionInput[] =>
          i > 0
            ? [
                { op: 'advance', ms: 1000 },
                { op: 'run', line },
              ]
            : [{ op: 'run', line }],
        );
        const engine = Engine.replay(inputs, OPTIONS);
        const page = workerPage();
        // A function or a symbol anywhere in a message would throw DataCloneError here, as in the worker.
        page.send({ type: 'start', options: OPTIONS, inputs }, true);
        // Byte for byte (and cheaper than a deep compare of two proxies' made messages).
        expect(JSON.stringify(page.mirror.trace)).toBe(JSON.stringify(engine.trace));
      }
    },
    WORK_TIMEOUT,
  );

  it(
    'the worker keeps only recent messages once sent: the page holds the trace, and rewinds exactly',
    () => {
      const inputs: SessionInput[] = [];
      for (let i = 0; i < 30; i++)
        inputs.push({ op: 'run', line: `docker run --name c${i} alpine echo ${i}` });
      const engine = Engine.replay(inputs, OPTIONS);
      const page = workerPage();
      page.send({ type: 'start', options: OPTIONS, inputs: [] });
      for (const input of inputs) page.send({ type: 'input', input });
      expect(engine.trace.length).toBeGreaterThan(WORKER_KEEPS * 2);
      expect(page.server.held).toBeLessThanOrEqual(WORKER_KEEPS * 1.1);
      expect(picture(page.mirror)).toEqual(picture(engine));
      // And from a replay, whose messages were all sent at once.
      const replayed = workerPage();
      replayed.send({ type: 'start', options: OPTIONS, inputs }, true);
      expect(replayed.server.held).toBeLessThanOrEqual(WORKER_KEEPS * 1.1);
      expect(picture(replayed.mirror)).toEqual(picture(engine));
    },
    WORK_TIMEOUT,
  );
});
