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
