import { Signal } from './signal';

/**
 * A task is a generator that yields only to wait: for simulated time to pass
 * or for a signal to settle. Everything else (sending a message, starting
 * another task) is a plain call. `yield*` the helpers below:
 *
 * @example
 * function* job(s: Scheduler): Task<void> {
 *   yield* sleep(50);          // 50 simulated ms later…
 *   const v = yield* wait(sig); // …and once `sig` settles
 * }
 */
export type Wait = { kind: 'sleep'; ms: number } | { kind: 'wait'; signal: Signal<unknown> };
export type Task<T> = Generator<Wait, T, unknown>;

export function* sleep(ms: number): Task<void> {
  yield { kind: 'sleep', ms };
}

export function* wait<T>(signal: Signal<T>): Task<T> {
  if (!signal.isSettled) yield { kind: 'wait', signal: signal as Signal<unknown> };
  return signal.take();
}

interface Timer {
  time: number;
  order: number;
  run: () => void;
}

/**
 * Discrete-event scheduler over simulated time. Timers run in (time, order)
 * order, so ties keep the order they were scheduled in: runs are
 * deterministic. No real timers are ever used.
 */
export class Scheduler {
  now = 0;
  private heap: Timer[] = [];
  private order = 0;
  /** Errors that escaped a task: engine bugs, surfaced instead of thrown. */
  readonly faults: unknown[] = [];

  at(time: number, run: () => void): void {
    // Times are sums of latencies (in thousandths of a ms) added to a clock
    // that may have any fraction: two equal times computed along different
    // sums can differ in their last bits, and which one is smaller would then
    // depend on when the run began. A nanosecond grid keeps ties ties.
    const t = Math.round(Math.max(time, this.now) * 1e6) / 1e6;
    this.push({ time: t, order: this.order++, run });
  }

  /** Start a task at the current time; its result settles the returned signal. */
  spawn<T>(task: Task<T>): Signal<T> {
    const done = new Signal<T>();
    this.at(this.now, () => this.resume(task, done, { ok: true, value: undefined }));
    return done;
  }

  /** Run timers until none are left or `until` says stop. Returns false when idle. */
  runUntil(stop: () => boolean, limitTime = Infinity): boolean {
    while (!stop()) {
      const next = this.heap[0];
      if (!next || next.time > limitTime) return false;
      this.pop();
      this.now = next.time;
      next.run();
    }
    return true;
  }

  /** Run everything due up to `time`, then set the clock to it. */
  advanceTo(time: number): void {
    this.runUntil(() => false, time);
    if (time > this.now) this.now = time;
  }

  get pending(): number {
    return this.heap.length;
  }

  private resume<T>(
    task: Task<T>,
    done: Signal<T>,
    input: { ok: true; value: unknown } | { ok: false; error: unknown },
  ): void {
    let step: IteratorResult<Wait, T>;
    try {
      step = input.ok ? task.next(input.value) : task.throw(input.error);
    } catch (error) {
      this.faults.push(error);
      done.reject(error);
      return;
    }
    if (step.done) {
      done.resolve(step.value);
      return;
    }
    const w = step.value;
    if (w.kind === 'sleep') {
      this.at(this.now + w.ms, () => this.resume(task, done, { ok: true, value: undefined }));
    } else {
      const signal = w.signal;
      signal.onSettle(() =>
        this.at(this.now, () => {
          try {
            this.resume(task, done, { ok: true, value: signal.take() });
          } catch (error) {
            this.resume(task, done, { ok: false, error });
          }
        }),
      );
    }
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

const before = (a: Timer, b: Timer): boolean =>
  a.time < b.time || (a.time === b.time && a.order < b.order);
