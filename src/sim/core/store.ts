/**
 * The bookkeeping of a component that has no states of its own, only records:
 * the kernel's processes and devices, runc's state directory, containerd's
 * metadata, dockerd's images and containers, the CLI's commands. Every change
 * is still an event, checked by a guard and applied by an update, and read back
 * through `getSnapshot().context`, as from an xstate actor.
 *
 * Why not an xstate machine: each of these was a machine with a single state
 * whose every transition was a self-transition with an `assign`. xstate still
 * computed each event's microstep (transition domain, exit and entry sets, a
 * new snapshot, eventless transitions): about a fifth of a `docker run`'s CPU
 * time, for some thirty events that move no state. Where there are states
 * (a container's lifecycle, the shim), xstate stays.
 */
export interface Rule<C, E> {
  /** When false, the event is refused: nothing changes (`commit` throws on that). */
  guard?: (context: C, event: E) => boolean;
  /** The fields that change (collections are written in place by `put`/`drop`). */
  update: (context: C, event: E) => Partial<C>;
}

/** One rule per event type; an event without one is refused. */
export type Rules<C, E extends { type: string }> = {
  [T in E['type']]?: Rule<C, Extract<E, { type: T }>>;
};

/** What a store starts from and how it changes: the counterpart of a machine definition. */
export interface StoreLogic<C, E extends { type: string }> {
  readonly initial: () => C;
  readonly rules: Rules<C, E>;
}

export function storeLogic<C, E extends { type: string }>(
  initial: () => C,
  rules: Rules<C, E>,
): StoreLogic<C, E> {
  return { initial, rules };
}

/** A snapshot, shaped as xstate's (`context`, `status`) for the code that reads both. */
export interface StoreSnapshot<C> {
  readonly context: C;
  readonly status: 'active';
}

export class Store<C, E extends { type: string }> {
  private snapshot: StoreSnapshot<C>;

  constructor(
    readonly id: string,
    private readonly logic: StoreLogic<C, E>,
  ) {
    this.snapshot = { context: logic.initial(), status: 'active' };
  }

  /**
   * Apply `event` if its rule's guard allows it. An accepted event makes a new snapshot
   * (and context object); a refused one leaves the snapshot object as it was, as xstate
   * does, which is how `commit` tells them apart.
   */
  send(event: E): void {
    const rule = (this.logic.rules as Record<string, Rule<C, E> | undefined>)[event.type];
    const context = this.snapshot.context;
    if (rule === undefined || (rule.guard !== undefined && !rule.guard(context, event))) return;
    this.snapshot = { context: { ...context, ...rule.update(context, event) }, status: 'active' };
  }

  getSnapshot(): StoreSnapshot<C> {
    return this.snapshot;
  }
}
