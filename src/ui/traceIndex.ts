import type { Message } from '../sim/engine';

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
 * component and each pair of components first and last took part. The diagram
 * asks it "does `shim-…` exist yet at seq N?" without rescanning the trace.
 */
export class TraceIndex {
  readonly components = new Map<string, SeqSpan>();
  readonly pairs = new Map<string, SeqSpan & { a: string; b: string }>();
  private seen = 0;

  /** Forget everything (the host was replaced). */
  reset(): void {
    this.components.clear();
    this.pairs.clear();
    this.seen = 0;
  }

  catchUp(trace: readonly Message[]): void {
    for (; this.seen < trace.length; this.seen++) {
      const m = trace[this.seen]!;
      this.touch(m.from, m.seq);
      this.touch(m.to, m.seq);
      const key = pairKey(m.from, m.to);
      const pair = this.pairs.get(key);
      if (pair) pair.last = m.seq;
      else this.pairs.set(key, { a: m.from, b: m.to, first: m.seq, last: m.seq });
    }
  }

  private touch(id: string, seq: number): void {
    const span = this.components.get(id);
    if (span) span.last = seq;
    else this.components.set(id, { first: seq, last: seq });
  }
}
