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

/** Something due at `time`; `order` breaks ties in the order things were scheduled. */
interface Due {
  time: number;
  order: number;
  run(): void;
}

interface Timer extends Due {
  run: () => void;
}

/**
 * A task being run: the scheduler's entry for it whenever it is due (a task waits for
 * one thing at a time, so it is in the heap at most once). One object per task, where
 * every resume used to make a timer and one or two closures.
 */
/** Where a task's end is told: its result, or what it threw. A `Signal` is one. */
export interface TaskEnd<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

class Runner<T> implements Due {
  time = 0;
  order = 0;
  /** What the task waits for, once it has settled; undefined: resume with no value. */
  private settled: Signal<unknown> | undefined;
  /** The task's wait ended: it resumes at the current time (after what is due now). */
  readonly wake: () => void;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly task: Task<T>,
    private readonly done: TaskEnd<T>,
  ) {
    this.wake = () => scheduler.due(this, scheduler.now);
  }

  run(): void {
    const signal = this.settled;
    if (signal === undefined) {
      this.resume(true, undefined);
      return;
    }
    this.settled = undefined;
    try {
      this.resume(true, signal.take());
    } catch (error) {
      this.resume(false, error);
    }
  }

  private resume(ok: boolean, input: unknown): void {
    let step: IteratorResult<Wait, T>;
    try {
      step = ok ? this.task.next(input) : this.task.throw(input);
    } catch (error) {
      this.scheduler.faults.push(error);
      this.done.reject(error);
      return;
    }
    if (step.done) {
      this.done.resolve(step.value);
      return;
    }
    const w = step.value;
    if (w.kind === 'sleep') {
      this.scheduler.due(this, this.scheduler.now + w.ms);
    } else {
      this.settled = w.signal;
      w.signal.onSettle(this.wake);
    }
  }
}

/**
 * Discrete-event scheduler over simulated time. Timers run in (time, order)
 * order, so ties keep the order they were scheduled in: runs are
 * deterministic. No real timers are ever used.
 */
export class Scheduler {
  now = 0;
  private heap: Due[] = [];
  private order = 0;
  /** Errors that escaped a task: engine bugs, surfaced instead of thrown. */
  readonly faults: unknown[] = [];

  at(time: number, run: () => void): void {
    const timer: Timer = { time: 0, order: 0, run };
    this.due(timer, time);
  }

  /** @internal Put `item` in the queue at `time` (it must not be in it already). */
  due(item: Due, time: number): void {
    // Times are sums of latencies (in thousandths of a ms) added to a clock
    // that may have any fraction: two equal times computed along different
    // sums can differ in their last bits, and which one is smaller would then
    // depend on when the run began. A nanosecond grid keeps ties ties.
    item.time = Math.round(Math.max(time, this.now) * 1e6) / 1e6;
    item.order = this.order++;
    this.push(item);
  }

  /** Start a task at the current time; its result settles the returned signal. */
  spawn<T>(task: Task<T>): Signal<T> {
    const done = new Signal<T>();
    this.spawnInto(task, done);
    return done;
  }

  /** Start a task at the current time; its end is told to `end` (no signal made). */
  spawnInto<T>(task: Task<T>, end: TaskEnd<T>): void {
    this.due(new Runner(this, task, end), this.now);
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

  private push(t: Due): void {
    const h = this.heap;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!before(t, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = t;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[m]!, last)) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}

const before = (a: Due, b: Due): boolean =>
  a.time < b.time || (a.time === b.time && a.order < b.order);
