/**
 * A keyed collection with no prototype: every key a learner can type
 * (`toString`, `constructor`, `__proto__`…) is data, never an inherited
 * property. Records built while a request is handled (a decoded body, a
 * label set) are these.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A `dict()` for a component's long-lived state (containers, tasks, snapshots,
 * processes…); `put` and `drop` write in place, so it stays one.
 *
 * An index above 2^29 marks V8's element dictionary as one that stays a dictionary,
 * and the mark outlives the key. Without it, a table keyed by numbers that come and go
 * (the kernel's processes, by PID) is rechecked for a switch to an array on each new
 * key: past ~500 live entries every insert cost O(n), so each command got slower
 * with every container left running. The mark costs an element dictionary per
 * record (some hundreds of bytes), so records made per request go without it.
 */
export function stateDict<T>(): Record<string, T> {
  const record = dict<T>();
  record[2 ** 30] = undefined as T;
  delete record[2 ** 30];
  return record;
}

/** `dict()` filled from entries (what Object.fromEntries does, without the prototype). */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = dict<T>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** `record[key]` if `key` is the record's own, never something inherited from Object.prototype. */
export function own<T>(
  record: Readonly<Record<string, T>> | undefined,
  key: string,
): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Updating the large keyed collections in component state (containers,
 * tasks, snapshots, processes…).
 *
 * These write in place and hand back the same object. Copying a record of a
 * thousand containers on every event made each `docker run` cost O(live
 * containers); xstate does not require copies, and nothing in the engine
 * keeps an old snapshot's collections around. Records *inside* the
 * collections are still replaced, never edited, so a reference to one
 * container record stays a consistent picture of that moment.
 * (Rewind will restore state from checkpoints, not from old snapshots.)
 */
export function put<T>(
  record: Record<string, T>,
  key: string | number,
  value: T,
): Record<string, T> {
  record[key] = value;
  return record;
}

export function drop<T>(record: Record<string, T>, key: string | number): Record<string, T> {
  delete record[key];
  return record;
}
