/**
 * A recorded message is a row of packed columns (who talks to whom is a shared `Link`, an
 * answer reads its ends from its request, the time is a Float64Array's slot), made into a
 * `Message` when read. What it reads as must be what the literal it replaced was: these
 * tests pin the JSON (key order, absent keys left out), the time to the last bit, the two
 * ends of every answer, an answer whose request was dropped, and the copy a Worker sends.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { Message } from './types';
import { TraceStore } from './traceStore';

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

function session(options: ConstructorParameters<typeof Engine>[0] = { seed: 5 }): {
  engine: Engine;
  times: Map<number, number>;
  heard: Message[];
} {
  const engine = new Engine(options);
  const times = new Map<number, number>();
  const heard: Message[] = [];
  engine.onMessage((m) => {
    times.set(m.seq, engine.now);
    heard.push(m);
  });
  // Requests and answers (with and without headers), pull progress on a stream, a
  // container's output on a pipe, events, a remote daemon, a refused call.
  engine.run('docker run --name web -d -p 8080:80 nginx');
  engine.run('docker logs web');
  engine.advance(1234.5678);
  engine.run('docker stop web');
  engine.run('docker -H tcp://node-2:2375 run --rm alpine echo hi');
  engine.run('docker rm nope');
  return { engine, times, heard };
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
    for (const m of trace) expect(Object.is(m.time, times.get(m.seq))).toBe(true);
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

describe('the packed trace', () => {
  it('reads each message as the listeners heard it, through every array method', () => {
    const { engine, heard } = session();
    expect(engine.trace.length).toBe(heard.length);
    expect(JSON.stringify(engine.trace)).toBe(JSON.stringify(heard));
    expect([...engine.trace]).toEqual(heard);
    expect(engine.trace.slice(3, 5)).toEqual(heard.slice(3, 5));
    expect(engine.trace.filter((m) => m.kind === 'event')).toEqual(
      heard.filter((m) => m.kind === 'event'),
    );
    expect(engine.trace.map((m, i) => [m.seq, i])).toEqual(heard.map((m, i) => [m.seq, i]));
    const seen: number[] = [];
    engine.trace.forEach((m, i, all) => seen.push(m.seq - i - all.length));
    expect(seen).toEqual(heard.map((m, i) => m.seq - i - heard.length));
    expect(engine.trace.some((m) => m.kind === 'stream')).toBe(true);
    expect(engine.trace.some((m) => m.seq > heard.length)).toBe(false);
    expect(engine.trace.find((m) => m.kind === 'response')).toEqual(
      heard.find((m) => m.kind === 'response'),
    );
    expect(engine.trace.findLast((m) => m.kind === 'event')).toEqual(
      heard.findLast((m) => m.kind === 'event'),
    );
    expect(String(engine.trace.slice(0, 1))).toBe('[object Object]');
    expect(engine.trace[heard.length]).toBeUndefined();
    expect(Array.isArray(engine.trace)).toBe(true);
  });

  it('keeps what an answer reads of its request once the request is dropped', () => {
    // The attach of a `docker run` streams the container's output long after it was sent.
    const { engine, heard } = session({ seed: 5, keepMessages: 50 });
    const follow = engine.run("docker run alpine sh -c 'echo start; sleep 3; echo done'");
    const request = heard.find(
      (m) =>
        m.commandId === follow.id && m.op === 'engine.containers.attach' && m.kind === 'request',
    )!;
    expect(engine.firstSeq).toBeGreaterThan(request.seq);
    const chunks = engine.trace.filter((m) => m.commandId === follow.id && m.kind === 'stream');
    expect(chunks.length).toBeGreaterThan(0);
    for (const m of chunks) expect([m.from, m.to]).toEqual([request.to, request.from]);
    for (const m of engine.trace) expect(m).toEqual(heard[m.seq - 1]);
  });

  it('gives another store (the page’s mirror) the same messages, in parts', () => {
    const { engine } = session();
    const source = engine.host.net.store;
    const copy = new TraceStore();
    let sent = 0;
    for (const upTo of [7, 8, 200, source.lastSeq]) {
      const part = structuredClone(source.exportFrom(sent + 1, copy.linkCount));
      part.time = part.time.slice(0, upTo - sent);
      for (const k of ['command', 'ref', 'shape'] as const)
        part[k] = part[k].slice(0, upTo - sent) as never;
      for (const k of ['a', 'b', 'c'] as const) part[k] = part[k].slice(0, upTo - sent);
      part.d = part.d.slice(0, upTo - sent);
      copy.append(part);
      sent = upTo;
    }
    expect(copy.lastSeq).toBe(source.lastSeq);
    for (let seq = 1; seq <= source.lastSeq; seq++)
      expect(JSON.stringify(copy.message(seq))).toBe(JSON.stringify(source.message(seq)));
    expect(() => copy.append(source.exportFrom(3, 0))).toThrow();
    // Plain data only: nothing of the engine travels with a part (a postMessage would copy it).
    const part = source.exportFrom(source.lastSeq, 0);
    for (const link of part.links)
      expect(Object.keys(link)).toEqual([
        'from',
        'fromHost',
        'to',
        'toHost',
        'protocol',
        'kind',
        'op',
      ]);
    expect(JSON.stringify(part).length).toBeLessThan(20_000);
  });
});
