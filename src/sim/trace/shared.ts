/**
 * One frozen copy of each payload that repeats, for the trace to keep.
 *
 * The trace keeps every request body it carried, and many are the same from one
 * command to the next: `docker run` sends a create body of some eighty fields that
 * differ from run to run only in what the options set (2 KB of objects each time).
 * A payload passed through `shared` is replaced by the first one seen with the same
 * JSON, so identical payloads are kept once. It is frozen, so neither the receiver
 * nor a reader of the trace can change what every message sharing it shows.
 *
 * Only for plain JSON values (what goes over the wire as JSON): two values with the
 * same JSON must be interchangeable. The table is bounded: when full it starts again,
 * which only costs another copy of a payload still in use.
 */
const SHARED = new Map<string, unknown>();
const MAX_SHARED = 256;

export function shared<T>(value: T): T {
  const key = JSON.stringify(value);
  if (key === undefined) return value;
  const known = SHARED.get(key);
  if (known !== undefined) return known as T;
  if (SHARED.size >= MAX_SHARED) SHARED.clear();
  SHARED.set(key, deepFreeze(value));
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * One string per text. Summaries and wire forms are mostly built with template
 * literals at each send, from few values (`the container writes to ${stream}; …`):
 * each was a fresh chain of concatenation nodes, 32 bytes a node. A text seen before is
 * kept as the one copy. (The lookup does not flatten a chain, and flattening on purpose
 * costs more than it saves: the chain shares its long literal parts, a flat copy repeats
 * them; measured on Node 20, 273 against 288 bytes a trace message.) The table is
 * bounded (texts naming one container do not repeat for long): when full it starts
 * again, which only costs a second copy of a text still in use.
 */
const STRINGS = new Map<string, string>();
const MAX_STRINGS = 4096;

export function sharedText(s: string): string {
  let t = STRINGS.get(s);
  if (t === undefined) {
    if (STRINGS.size >= MAX_STRINGS) STRINGS.clear();
    STRINGS.set(s, s);
    t = s;
  }
  return t;
}
