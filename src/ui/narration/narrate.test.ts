import { broadSession } from '../../sim/test/broadSession';
import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../../sim/engine';
import { OverviewIndex } from '../../sim/trace/overview';
import { sentenceCase } from '../../sim/trace/sentence';
import { isFallbackWhy, narrate, narrateStep, shortOperation, whyOf } from './narrate';

describe('narration', () => {
  it('has a why for every message of a typical session', () => {
    const engine = new Engine({ seed: 1, tty: true });
    for (const line of [
      'docker run hello-world',
      'docker run -d -p 8080:80 --name web nginx',
      'docker ps',
      'docker stop web',
      'docker rm web',
    ]) {
      engine.run(line);
    }
    const missing = engine.trace
      .filter((m) => !whyOf(m))
      .map((m) => `${m.protocol} ${m.from}→${m.to} ${m.operation}`);
    expect(missing).toEqual([]);
  });

  it('picks the 404 explanation for a create that finds no image', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker create alpine');
    const notFound = engine.trace.find(
      (m) => m.status === 404 && m.operation.includes('/containers/create'),
    );
    expect(notFound && narrate(notFound).why).toMatch(/not local/);
  });

  describe('texts checked against the reference', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker run -d -p 8080:80 --name web nginx');
    engine.advance(1000);
    engine.run('docker stop web');
    const heads = engine.trace.filter((m) => /^HEAD \/v2\/.*manifests/.test(m.operation));

    it('does not mention the 401 before it happened: first HEAD, its 401, the retry, its 200', () => {
      expect(heads.map((m) => `${m.kind} ${String(m.status)}`)).toEqual([
        'request undefined',
        'response 401',
        'request undefined',
        'response 200',
      ]);
      const [first, challenge, retry, resolved] = heads.map((m) => whyOf(m));
      expect(first).not.toMatch(/401|token/);
      expect(retry).toBe(first);
      expect(challenge).toMatch(/401/);
      expect(resolved).toMatch(/digest/);
      expect(resolved).not.toMatch(/401/);
    });

    it('explains docker-proxy’s SIGINT as dockerd stopping its helper, not as a PID 1 signal', () => {
      const proxyKill = engine.trace.find(
        (m) => m.from === 'dockerd' && m.to === 'kernel' && m.operation.startsWith('kill('),
      )!;
      expect(whyOf(proxyKill)).toMatch(/docker-proxy/);
      expect(whyOf(proxyKill)).not.toMatch(/PID 1/);
    });

    it('shows summaries as sentences: a capital first, program names as written', () => {
      const retry = heads[2]!;
      expect(retry.summary).toMatch(/^the same question/);
      expect(narrate(retry).summary).toMatch(/^The same question/);
      const dockerdFirst = engine.trace.find((m) => m.summary.startsWith('dockerd '))!;
      expect(narrate(dockerdFirst).summary).toBe(dockerdFirst.summary);
      for (const m of engine.trace)
        expect(narrate(m).summary).toMatch(
          /^([A-Z0-9`"/]|(dockerd|containerd|runc|docker-proxy|docker|iptables|nginx|alpine|stdout|stderr|stdin)\b)/,
        );
    });
  });

  it('shortens operations for labels', () => {
    expect(shortOperation(`POST /v1.50/containers/${'a'.repeat(64)}/start`)).toBe(
      `POST /containers/${'a'.repeat(12)}/start`,
    );
    expect(shortOperation('containerd.services.tasks.v1.Tasks/Create')).toBe('Tasks/Create');
  });
});

/** An operation with its IDs, digests, numbers and query values taken out: one row per kind of message. */
function family(m: Message): string {
  const op = m.operation
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/sha256:[0-9a-f]+…?/g, '<digest>')
    .replace(/\/v1\.\d+\/containers\/[^/?\s]+/, '/v1.x/containers/<id>')
    .replace(/\/v1\.\d+\/images\/[^?\s]+?(\/json)?(?=\?|$)/, '/v1.x/images/<name>$1')
    .replace(/\/v2\/.+\/(manifests|blobs)\/.*/, '/v2/<repo>/$1/<ref>')
    .replace(/=[^&\s]*/g, '=')
    .replace(/\d+/g, 'N')
    .replace(/"[^"]*"/g, '"…"');
  return `${m.protocol} ${m.kind} ${m.from.replace(/-.*/, '')}→${m.to.replace(/-.*/, '')} ${op}`;
}

/** A broad session: every kind of command and failure the simulator has (the catalogue test's too). */
const broadTrace = (): Message[] => [...broadSession().trace];

describe('narration covers every kind of message', () => {
  const trace = broadTrace();

  it('has a specific why (not a per-protocol fallback) for every kind of message', () => {
    const seen = new Map<string, Message>();
    for (const m of trace) if (!seen.has(family(m))) seen.set(family(m), m);
    expect(seen.size).toBeGreaterThan(80);
    const missing = [...seen.entries()].filter(([, m]) => isFallbackWhy(m)).map(([f]) => f);
    expect(missing).toEqual([]);
  });

  it('narrates every overview step, collapsed ones by their title', () => {
    const index = new OverviewIndex();
    index.catchUp(trace);
    let runs = 0;
    for (const step of index.steps) {
      const n = narrateStep(step, trace[step.first - 1]!);
      expect(n.summary.length).toBeGreaterThan(0);
      expect(n.why.length).toBeGreaterThan(0);
      expect(n.level).toBe('overview');
      if (step.collapsed) {
        expect(n.summary).toBe(sentenceCase(step.title));
        // Only what the overview draws is named; the rest is the host's internals.
        expect(n.route).not.toMatch(/containerd|shim|runc|kernel/);
      }
      // A run of frames is told as the run, not as its first frame.
      if (!step.collapsed && step.last > step.first) {
        expect(n.summary).toBe(sentenceCase(step.title));
        expect(n.summary).toMatch(
          /^(dockerd streams (the (pull progress|push progress|container’s output|exec’s output)|resource usage samples) to the CLI|The CLI sends what you type .*)$/,
        );
        expect(n.operation).toMatch(new RegExp(`^${step.last - step.first + 1} `));
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(0);
  });
});

describe('narration across machines', () => {
  it('names another host’s components by machine, as the diagram does', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker -H tcp://node-2:2375 run -d --name api nginx');
    engine.advance(2000);
    const trace = engine.trace;
    const toNode2 = trace.find((m) => m.toHost === 'node-2' && m.from === 'client')!;
    expect(narrate(toNode2).route).toBe('client → node-2/dockerd');
    const index = new OverviewIndex();
    index.catchUp(trace);
    const collapsed = index.steps.find(
      (s) => s.collapsed && trace[s.first - 1]!.from === 'dockerd',
    )!;
    expect(narrateStep(collapsed, trace[collapsed.first - 1]!).route).toBe(
      'node-2/dockerd → Docker host internals (node-2)',
    );
  });
});
