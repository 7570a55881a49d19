/**
 * A one-shot value that tasks can wait for: the engine's deterministic
 * stand-in for a Promise. Resolving it wakes its waiters through the
 * scheduler, in the order they started waiting.
 */
export class Signal<T> {
  private settled = false;
  private value: T | undefined;
  private error: unknown;
  private failed = false;
  /** Who waits: most signals have one waiter (a reply, a task's result), so no array for it. */
  private waiters: (() => void) | Array<() => void> | undefined = undefined;

  get isSettled(): boolean {
    return this.settled;
  }

  resolve(value: T): void {
    if (this.settled) return;
    this.settled = true;
    this.value = value;
    this.flush();
  }

  reject(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.failed = true;
    this.error = error;
    this.flush();
  }

  /** The value, or throws the rejection. Only valid once settled. */
  take(): T {
    if (this.failed) throw this.error;
    return this.value as T;
  }

  onSettle(waiter: () => void): void {
    if (this.settled) waiter();
    else if (this.waiters === undefined) this.waiters = waiter;
    else if (typeof this.waiters === 'function') this.waiters = [this.waiters, waiter];
    else this.waiters.push(waiter);
  }

  private flush(): void {
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters === undefined) return;
    if (typeof waiters === 'function') waiters();
    else for (const w of waiters) w();
  }
}

/**
 * An ordered queue of chunks with one reader: the body of a streamed HTTP
 * response (pull progress, attach frames, logs) or a pipe.
 */
export class Channel<T> {
  private items: T[] = [];
  private closed = false;
  private wake: Signal<void> | undefined;

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.notify();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Next chunk now, or `undefined` if none is buffered. */
  shift(): T | undefined {
    return this.items.shift();
  }

  get drained(): boolean {
    return this.closed && this.items.length === 0;
  }

  /** A signal that settles when a chunk arrives or the channel closes. */
  whenReadable(): Signal<void> {
    if (this.items.length > 0 || this.closed) {
      const s = new Signal<void>();
      s.resolve();
      return s;
    }
    this.wake ??= new Signal<void>();
    return this.wake;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.resolve();
  }
}
