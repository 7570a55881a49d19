import {
  initialTransition,
  transition,
  type AnyStateMachine,
  type AnyStateNode,
  type EventFromLogic,
  type SnapshotFrom,
} from 'xstate';

/**
 * The moves of an xstate machine that has states and nothing else: no context, no
 * actions, no guards, no delays, no children. Where such a machine goes next depends
 * only on where it is and the event's type, so each move is asked of xstate once
 * (`transition`) and kept: the snapshot it answered is the one every actor in that
 * state shares (snapshots are immutable).
 *
 * Why: an actor per container (its lifecycle) and per shim made xstate build an actor
 * system, a mailbox and a new snapshot for every container and every event, and compute
 * each event's microstep again: about a tenth of a `docker run --rm`'s CPU time and a
 * quarter of what it allocated, for moves that never differ from one container to the
 * next. The machine stays xstate's definition and xstate still decides every move.
 */
export class Moves<M extends AnyStateMachine> {
  readonly initial: SnapshotFrom<M>;
  /** From a snapshot, by event type: the next snapshot, or null when the machine refuses. */
  private readonly table = new Map<SnapshotFrom<M>, Map<string, SnapshotFrom<M> | null>>();

  constructor(readonly machine: M) {
    const plain = plainStates(machine);
    if (plain !== true)
      throw new Error(`Moves: machine ${machine.id} ${plain}; run it with createActor instead`);
    this.initial = initialTransition(machine as AnyStateMachine)[0] as SnapshotFrom<M>;
  }

  /** Where `from` goes on an event of `type`, or null when no transition takes it. */
  next(from: SnapshotFrom<M>, type: string): SnapshotFrom<M> | null {
    let row = this.table.get(from);
    if (!row) this.table.set(from, (row = new Map()));
    const known = row.get(type);
    if (known !== undefined) return known;
    const event = { type } as EventFromLogic<M>;
    const taken = (from as { can(e: unknown): boolean }).can(event);
    // One snapshot per state: a move into a state seen before answers the one kept.
    const to = taken
      ? this.canonical(transition(this.machine, from, event)[0] as SnapshotFrom<M>)
      : null;
    row.set(type, to);
    return to;
  }

  /** The state a snapshot shows, as the key of the one snapshot kept for it. */
  private readonly byValue = new Map<string, SnapshotFrom<M>>();

  private canonical(s: SnapshotFrom<M>): SnapshotFrom<M> {
    const key = JSON.stringify((s as { value: unknown }).value);
    const known = this.byValue.get(key);
    if (known) return known;
    this.byValue.set(key, s);
    return s;
  }
}

/**
 * One actor of a states-only machine: its current snapshot, moved through `Moves`.
 * It answers `send`, `getSnapshot` and `id` as an xstate actor does (a refused event
 * leaves the snapshot object as it was, which is how `commit` tells).
 */
export class StateActor<M extends AnyStateMachine> {
  private snapshot: SnapshotFrom<M>;

  constructor(
    readonly id: string,
    private readonly moves: Moves<M>,
  ) {
    this.snapshot = moves.initial;
  }

  send(event: EventFromLogic<M>): void {
    const next = this.moves.next(this.snapshot, event.type);
    if (next) this.snapshot = next;
  }

  getSnapshot(): SnapshotFrom<M> {
    return this.snapshot;
  }
}

/** True when every state of `machine` only has plain moves; else what it has that is not. */
function plainStates(machine: AnyStateMachine): true | string {
  if (machine.config.context !== undefined) return 'has a context';
  const nodes: AnyStateNode[] = [machine.root];
  for (const node of nodes) {
    const where = `(state ${node.id})`;
    if (node.entry.length > 0 || node.exit.length > 0) return `has entry/exit actions ${where}`;
    if (node.config.always !== undefined) return `has eventless transitions ${where}`;
    if (node.config.after !== undefined) return `has delayed transitions ${where}`;
    if (node.config.invoke !== undefined) return `invokes actors ${where}`;
    for (const list of node.transitions.values())
      for (const t of list) {
        if (t.actions.length > 0) return `has transition actions ${where}`;
        if (t.guard !== undefined) return `has guards ${where}`;
      }
    nodes.push(...Object.values(node.states));
  }
  return true;
}
