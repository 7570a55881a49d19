import { describe, expect, it } from 'vitest';
import { session } from './helpers';
import { brokenInvariants } from './invariants';

const SCRIPT = [
  'docker run -d -p 8080:80 --name web nginx',
  'docker run hello-world',
  'docker run --rm alpine echo hi',
  'docker ps -a',
  'docker stop web',
  'docker rm web',
  'docker rmi nginx',
];

describe('determinism', () => {
  it('same seed and commands → identical trace and output', () => {
    const a = session(SCRIPT, 42);
    const b = session(SCRIPT, 42);
    expect(JSON.stringify(b.engine.trace)).toBe(JSON.stringify(a.engine.trace));
    expect(b.results.map((r) => r.stdout + r.stderr)).toEqual(
      a.results.map((r) => r.stdout + r.stderr),
    );
  });

  it('another seed changes IDs, names and timing jitter, not what the client asks', () => {
    const a = session(SCRIPT, 1);
    const b = session(SCRIPT, 2);
    expect(a.results[0]!.stdout).not.toBe(b.results[0]!.stdout);
    const ops = (s: typeof a) =>
      s.engine.trace
        .filter((m) => m.from === 'client' && m.kind === 'request')
        .map((m) => m.operation.replace(/[0-9a-f]{64}/g, 'X'));
    expect(ops(b)).toEqual(ops(a));
  });

  it('the trace is ordered: seq gap-free, time never goes backwards, responses follow their request', () => {
    const { engine } = session(SCRIPT);
    const t = engine.trace;
    t.forEach((m, i) => {
      expect(m.seq).toBe(i + 1);
      if (i > 0) expect(m.time).toBeGreaterThanOrEqual(t[i - 1]!.time);
      if (m.kind === 'response')
        expect(t[m.replyTo! - 1]).toMatchObject({
          kind: 'request',
          from: m.to,
          to: m.from,
          operation: m.operation,
        });
    });
  });

  it('invariants hold after a typical session', () => {
    const { engine } = session(SCRIPT);
    expect(brokenInvariants(engine)).toEqual([]);
  });
});

describe('simulated time always moves on', () => {
  it('a long session with sleeping containers never stalls the clock (float remainders once looped forever)', () => {
    const lines = [
      'docker version',
      'docker info',
      'docker pull alpine',
      'docker pull nginx',
      'docker pull redis',
      'docker pull hello-world',
      'docker images',
      'docker run -d -p 8080:80 --name web -e FOO=bar nginx',
      'docker run --rm -d alpine sleep 5',
      'docker run hello-world',
      'docker run alpine echo hi',
      'docker ps',
      'docker ps -a',
    ];
    const { engine } = session(lines);
    for (let i = 0; i < 20; i++) engine.advance(1000);
    expect(engine.now).toBeGreaterThan(30_000);
    expect(
      engine
        .view()
        .containers.filter((c) => c.state === 'running')
        .map((c) => c.name),
    ).toEqual(['web']);
  });
});
