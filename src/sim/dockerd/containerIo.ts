import { Signal } from '../core/signal';
import { type Task, wait } from '../core/scheduler';

const MAX_EARLY_STDIN = 256;

export type StdStream = 'stdout' | 'stderr';
type Listener = (stream: StdStream, text: string) => void;

export interface ExitInfo {
  exitCode: number;
  error?: string;
}

/**
 * The live plumbing dockerd keeps per container, beside its records: who is
 * attached to its output, and who waits for it to exit or be removed.
 */
export class ContainerIo {
  private listeners = new Map<string, Set<Listener>>();
  private exits = new Map<string, Signal<ExitInfo>>();
  private removals = new Map<string, Signal<ExitInfo>>();
  /** Containers whose stdin FIFO the shim has open (their task started and has not exited). */
  private stdinOpen = new Set<string>();
  /** Input sent to an attached container before its task started (dockerd's copy waits). */
  private earlyStdin = new Map<string, Array<string | undefined>>();
  private locks = new Map<string, Signal<void>>();
  private restarting = new Set<string>();

  /** During `docker restart` the stop must not trigger --rm (moby turns AutoRemove off meanwhile). */
  setRestarting(id: string, on: boolean): void {
    if (on) this.restarting.add(id);
    else this.restarting.delete(id);
  }

  isRestarting(id: string): boolean {
    return this.restarting.has(id);
  }

  /**
   * dockerd's per-container lock: start, stop and exit handling of one
   * container never interleave. Resolves with a release function.
   */
  *lock(id: string): Task<() => void> {
    while (this.locks.has(id)) yield* wait(this.locks.get(id)!);
    const held = new Signal<void>();
    this.locks.set(id, held);
    return () => {
      this.locks.delete(id);
      held.resolve();
    };
  }

  attach(id: string, listener: Listener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(id: string, stream: StdStream, text: string): void {
    for (const l of this.listeners.get(id) ?? []) l(stream, text);
  }

  /** Settles when the container's current (or next) run ends. */
  nextExit(id: string): Signal<ExitInfo> {
    let s = this.exits.get(id);
    if (!s) this.exits.set(id, (s = new Signal()));
    return s;
  }

  exited(id: string, info: ExitInfo): void {
    const s = this.exits.get(id);
    this.exits.delete(id);
    s?.resolve(info);
  }

  /** Settles when the container is removed. */
  removal(id: string): Signal<ExitInfo> {
    let s = this.removals.get(id);
    if (!s) this.removals.set(id, (s = new Signal()));
    return s;
  }

  removed(id: string, info: ExitInfo): void {
    const s = this.removals.get(id);
    this.removals.delete(id);
    this.listeners.delete(id);
    this.earlyStdin.delete(id);
    // A daemon that runs for days removes thousands.
    this.stdinOpen.delete(id);
    s?.resolve(info);
  }

  /**
   * The container's task started: its shim reads the stdin FIFO now. Returns
   * the input that waited, to be written in order.
   */
  taskStarted(id: string): Array<string | undefined> {
    this.stdinOpen.add(id);
    const early = this.earlyStdin.get(id) ?? [];
    this.earlyStdin.delete(id);
    return early;
  }

  /** The task exited: nothing reads its stdin until it starts again. */
  taskExited(id: string): void {
    this.stdinOpen.delete(id);
  }

  /**
   * A line of input for the container (`undefined`: end of input): true when
   * it can be written to the FIFO now, false when it waits for the task.
   */
  acceptStdin(id: string, text: string | undefined): boolean {
    if (this.stdinOpen.has(id)) return true;
    // The real CLI writes stdin as soon as attach answers 101, before `start`.
    const early = this.earlyStdin.get(id) ?? [];
    if (early.length < MAX_EARLY_STDIN) this.earlyStdin.set(id, [...early, text]);
    return false;
  }
}
