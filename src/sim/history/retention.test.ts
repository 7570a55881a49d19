// A long-running daemon keeps only its newest messages, and rewinds exactly to the oldest kept
// (issue 10, defect 3).
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

const session = (engine: Engine, rounds: number) => {
  engine.run('docker pull alpine');
  for (let i = 0; i < rounds; i++) {
    engine.advance(50);
    engine.run(`docker run -d --name c${i} alpine sleep 1`);
    engine.run('docker ps');
    if (i >= 2) engine.run(`docker rm -f c${i - 2}`);
  }
};

describe('keepMessages', () => {
  const all = new Engine({ seed: 3 });
  const kept = new Engine({ seed: 3, keepMessages: 2000 });
  session(all, 120);
  session(kept, 120);

  it('keeps about the newest N messages, numbered as before, starting with a request the client sent', () => {
    expect(all.trace.length).toBeGreaterThan(10_000);
    expect(kept.trace.length).toBeLessThanOrEqual(2200);
    expect(kept.trace.length).toBeGreaterThanOrEqual(2000);
    expect(kept.lastSeq).toBe(all.lastSeq);
    expect(kept.firstSeq).toBe(kept.lastSeq - kept.trace.length + 1);
    kept.trace.forEach((m, i) => expect(m.seq).toBe(kept.firstSeq + i));
    expect(kept.trace[0]).toMatchObject({ kind: 'request', from: 'client' });
    // Same messages as the engine that keeps everything: dropping changes nothing else.
    expect(kept.trace).toEqual(all.trace.slice(kept.firstSeq - 1));
  });

  it('commands still know their messages', () => {
    const r = kept.run('docker ps -a');
    const r2 = all.run('docker ps -a');
    expect(r.stdout).toBe(r2.stdout);
    expect([r.firstSeq, r.lastSeq]).toEqual([r2.firstSeq, r2.lastSeq]);
    expect(kept.trace.at(-1)!.seq).toBe(r.lastSeq);
  });

  it('rewinds exactly to every kept message, and holds only the host history it needs', () => {
    for (let seq = kept.firstSeq; seq <= kept.lastSeq; seq += 7)
      expect(kept.hostAt(seq), `at ${seq}`).toEqual(all.hostAt(seq));
    expect(kept.hostAt(kept.firstSeq)).toEqual(all.hostAt(kept.firstSeq));
    expect(kept.host.history.first).toBeGreaterThan(0);
    expect(kept.host.history.log.length).toBeLessThan(all.host.history.log.length / 2);
    expect(kept.host.history.length).toBe(all.host.history.length);
  });
});
