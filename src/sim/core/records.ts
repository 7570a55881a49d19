/** A copy of `record` without `key`: the immutable delete used by every component's state. */
export function without<T>(
  record: Record<string | number, T>,
  key: string | number,
): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}
