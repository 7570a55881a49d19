import type { EventObject } from 'xstate';

/**
 * Send a state change to a component's actor, insisting it is accepted. A
 * refused event means a route tried a move the real component never makes
 * (e.g. starting a removed container): an engine bug, so it throws loudly.
 */
export function commit<E extends EventObject>(
  actor: { readonly id: string; send(e: E): void; getSnapshot(): unknown },
  event: E,
): void {
  // An event no transition takes leaves the snapshot object unchanged: cheaper
  // than asking `can()` first, which would compute the transition twice.
  const before = actor.getSnapshot();
  actor.send(event);
  if (actor.getSnapshot() === before) {
    throw new Error(`${String(actor.id)} refused ${event.type}: not a move it can make now`);
  }
}

/** The current context of a machine actor, typed. */
export function contextOf<C>(actor: { getSnapshot(): unknown }): C {
  return (actor.getSnapshot() as { context: C }).context;
}
