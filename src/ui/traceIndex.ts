import type { Message } from '../sim/engine';
import { nodeIdOf } from './diagram/nodeIds';

/** First and last seq at which something took part in the trace. */
export interface SeqSpan {
  first: number;
  last: number;
}

/** The unordered pair of components an edge joins, as one stable key. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}~${b}` : `${b}~${a}`;
}

/**
 * Grows with the trace (append-only, so each message is read once): when each
 * diagram node (a component on its machine, see nodeIdOf), each pair of them
 * and each machine first and last took part. The diagram asks it "does
 * `shim-…` exist yet at seq N?" or "has anything reached node-2 yet?"
 * without rescanning the trace.
 */
export class TraceIndex {
  readonly components = new Map<string, SeqSpan>();
  readonly pairs = new Map<string, SeqSpan & { a: string; b: string }>();
  readonly machines = new Map<string, SeqSpan>();
  private seen = 0;

  /** Forget everything (the host was replaced). */
  reset(): void {
    this.components.clear();
    this.pairs.clear();
    this.machines.clear();
    this.seen = 0;
  }

  catchUp(trace: readonly Message[]): void {
    for (; this.seen < trace.length; this.seen++) {
      const m = trace[this.seen]!;
      const from = nodeIdOf(m.fromHost, m.from);
      const to = nodeIdOf(m.toHost, m.to);
      touch(this.components, from, m.seq);
      touch(this.components, to, m.seq);
      if (m.fromHost) touch(this.machines, m.fromHost, m.seq);
      if (m.toHost) touch(this.machines, m.toHost, m.seq);
      const key = pairKey(from, to);
      const pair = this.pairs.get(key);
      if (pair) pair.last = m.seq;
      else this.pairs.set(key, { a: from, b: to, first: m.seq, last: m.seq });
    }
  }
}

function touch(spans: Map<string, SeqSpan>, id: string, seq: number): void {
  const span = spans.get(id);
  if (span) span.last = seq;
  else spans.set(id, { first: seq, last: seq });
}
