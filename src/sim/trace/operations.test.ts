import { describe, expect, it } from 'vitest';
import { broadSession } from '../test/broadSession';
import { OPERATIONS, entryOf, type OperationEntry, type StepTitle } from './operations';
import { engineApi } from '../dockerd/server';
import type { CallSpec } from '../core/network';
import type { HttpRequest } from '../core/http';

const { trace } = broadSession();
const ENTRIES = Object.entries(OPERATIONS) as [string, OperationEntry][];

describe('the operation catalogue', () => {
  it('has an entry for every op the engine records', () => {
    const unknown = [...new Set(trace.filter((m) => !entryOf(m.op)).map((m) => String(m.op)))];
    expect(unknown).toEqual([]);
  });

  it('has no entry the engine never uses', () => {
    const used = new Set<string>(trace.map((m) => m.op));
    expect(ENTRIES.map(([op]) => op).filter((op) => !used.has(op))).toEqual([]);
  });

  it('only accepts known ops at a call site (a compile error otherwise)', () => {
    const spec: CallSpec = {
      to: 'containerd',
      protocol: 'grpc',
      operation: 'containerd.services.tasks.v1.Tasks/Create',
      // @ts-expect-error: not an op of the catalogue
      op: 'containerd.tasks.creat',
      summary: '',
    };
    expect(entryOf(spec.op)).toBeUndefined();
  });

  it('gives messages only the subjects their op concerns', () => {
    const wrong = new Set<string>();
    for (const m of trace) {
      const concerns: readonly string[] = OPERATIONS[m.op].concerns;
      for (const key of Object.keys(m.subjects ?? {}))
        if (!concerns.includes(key)) wrong.add(`${m.op}: ${key}`);
      if (m.subjects) expect(Object.keys(m.subjects).length).toBeGreaterThan(0);
    }
    expect([...wrong]).toEqual([]);
  });

  it('renders a summary and has a why for every op', () => {
    for (const m of trace) {
      const entry = OPERATIONS[m.op] as OperationEntry;
      expect(entry.summary(m.subjects ?? {}).length).toBeGreaterThan(0);
      expect(entry.why.length).toBeGreaterThan(0);
    }
  });

  it('names only catalogued ops in what an overview step absorbs', () => {
    const titles = ENTRIES.flatMap(([, e]): StepTitle[] =>
      typeof e.overview === 'function'
        ? [e.overview({}), e.overview({ layer: 'sha256:0' }), e.overview({ container: 'c' })]
        : e.overview
          ? [e.overview]
          : [],
    );
    const absorbed = titles.flatMap((t) => t.absorbs ?? []);
    expect(absorbed.length).toBeGreaterThan(0);
    expect(absorbed.filter((op) => !entryOf(op))).toEqual([]);
  });

  it('gives the CLI’s requests the op of the route dockerd serves them with', () => {
    const requests = trace.filter((m) => m.kind === 'request' && m.to === 'dockerd');
    expect(requests.length).toBeGreaterThan(50);
    for (const m of requests.filter((r) => r.protocol === 'http'))
      expect([m.operation, m.op]).toEqual([
        m.operation,
        engineApi.opOf(m.request as HttpRequest).op,
      ]);
  });

  it('gives a request from the real CLI the subjects its route names', () => {
    const inspect = trace.find((m) => m.op === 'engine.images.inspect' && m.kind === 'request')!;
    expect(inspect.subjects).toEqual({ image: 'alpine' });
    expect(engineApi.opOf({ method: 'POST', path: '/v1.50/containers/web/stop' })).toEqual({
      op: 'engine.containers.stop',
      subjects: { container: 'web' },
    });
    expect(engineApi.opOf({ method: 'GET', path: '/v1.50/nosuch' })).toEqual({
      op: 'engine.api.unknown',
    });
  });

  it('gives a response and the stream of an answer the subjects of their request, not a copy', () => {
    const bySeq = new Map(trace.map((m) => [m.seq, m]));
    for (const m of trace)
      if (m.kind === 'response' && m.replyTo !== undefined) {
        const req = bySeq.get(m.replyTo)!;
        expect(m.op).toBe(req.op);
        expect(m.subjects).toBe(req.subjects);
      }
  });
});
