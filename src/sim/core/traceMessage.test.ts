/**
 * A recorded message is a compact object (who talks to whom is a shared `Link`, an answer
 * reads its ends from its request, the time is kept as two integers), read through getters. What it reads as must
 * be what the literal it replaced was: these tests pin the JSON (key order, absent keys
 * left out), the time to the last bit, and the two ends of every answer.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { Message } from './types';

/** The keys of a trace message, in the order the trace has always printed them. */
const ORDER = [
  'seq',
  'time',
  'from',
  'fromHost',
  'to',
  'toHost',
  'protocol',
  'kind',
  'operation',
  'op',
  'subjects',
  'request',
  'response',
  'responseHeaders',
  'status',
  'replyTo',
  'summary',
  'commandId',
] as const;

function session(): { engine: Engine; times: Map<Message, number> } {
  const engine = new Engine({ seed: 5 });
  const times = new Map<Message, number>();
  engine.onMessage((m) => times.set(m, engine.now));
  // Requests and answers (with and without headers), pull progress on a stream, a
  // container's output on a pipe, events, a remote daemon, a refused call.
  engine.run('docker run --name web -d -p 8080:80 nginx');
  engine.run('docker logs web');
  engine.advance(1234.5678);
  engine.run('docker stop web');
  engine.run('docker -H tcp://node-2:2375 run --rm alpine echo hi');
  engine.run('docker rm nope');
  return { engine, times };
}

describe('a recorded message reads as the Message it stands for', () => {
  const { engine, times } = session();
  const trace = engine.trace;

  it('covers every kind of message', () => {
    expect(new Set(trace.map((m) => m.kind))).toEqual(
      new Set(['request', 'response', 'stream', 'event']),
    );
    expect(trace.some((m) => m.responseHeaders !== undefined)).toBe(true);
    expect(trace.some((m) => m.fromHost !== m.toHost)).toBe(true);
  });

  it('prints as JSON with the trace’s keys, in its order, absent ones left out', () => {
    for (const m of trace) {
      const parsed = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
      const present = ORDER.filter((k) => m[k] !== undefined);
      expect(Object.keys(parsed)).toEqual(present);
      for (const k of present) expect(parsed[k]).toEqual(JSON.parse(JSON.stringify(m[k])));
    }
  });

  it('keeps its time to the last bit', () => {
    for (const m of trace) expect(Object.is(m.time, times.get(m))).toBe(true);
    expect(trace.some((m) => !Number.isInteger(m.time * 1000))).toBe(true);
  });

  it('answers come back from the callee, about what the request was about', () => {
    for (const m of trace) {
      if (m.kind !== 'response') continue;
      const req = trace[m.replyTo! - 1]!;
      expect(req.kind).toBe('request');
      expect([m.from, m.fromHost, m.to, m.toHost]).toEqual([
        req.to,
        req.toHost,
        req.from,
        req.fromHost,
      ]);
      expect([m.protocol, m.operation, m.op, m.subjects, m.commandId]).toEqual([
        req.protocol,
        req.operation,
        req.op,
        req.subjects,
        req.commandId,
      ]);
      expect(req.response).toBeUndefined();
      expect(m.request).toBeUndefined();
    }
  });
});
