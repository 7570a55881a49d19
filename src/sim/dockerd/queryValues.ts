/**
 * Query parameters read the way moby's handlers read them, with Go's strconv
 * errors: the API answers a bad number with the text Go prints.
 */
import { DaemonError, invalid } from './errors';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Go `strconv.Atoi`: the int, or its error text (`strconv.Atoi: parsing "x": invalid syntax`). */
export function atoi(s: string): { ok: true; value: number } | { ok: false; error: string } {
  if (!/^[+-]?[0-9]+$/.test(s))
    return { ok: false, error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN)
    return { ok: false, error: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  return { ok: true, value: Number(big) };
}

/**
 * The `t` of stop and restart. moby returns strconv's error as it is, which
 * no errdefs kind marks, so the API answers 500 (not 400).
 */
export function stopTimeout(t: string | undefined): number | undefined {
  if (t === undefined || t === '') return undefined;
  const n = atoi(t);
  if (!n.ok) throw new DaemonError('System', n.error);
  return n.value;
}

/** moby `httputils.Uint32Value` for `h`/`w` of resize: 400 `invalid resize height "x": invalid syntax`. */
export function resizeValue(v: string | undefined, what: 'height' | 'width'): number {
  const raw = v ?? '';
  const negative = raw.startsWith('-');
  const digits = negative ? raw.slice(1) : raw;
  const fail = (why: string) => invalid(`invalid resize ${what} ${goQuote(raw)}: ${why}`);
  if (!/^[0-9]+$/.test(digits)) throw fail('invalid syntax');
  if (negative || BigInt(digits) > 4294967295n) throw fail('value out of range');
  return Number(digits);
}

/** Go's `%q` for text a client sent (printable ASCII as is, the rest escaped). */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

/** moby `httputils.BoolValue`: false only for "", 0, no, false and none (any case, blanks trimmed). */
export function boolValue(v: string | undefined): boolean {
  return !['', '0', 'no', 'false', 'none'].includes((v ?? '').trim().toLowerCase());
}

/** `limit` of the container list: strconv.Atoi, its error returned as is (a 500 in moby). */
export function listLimit(v: string | undefined): number {
  if (v === undefined || v === '') return -1;
  const n = atoi(v);
  if (!n.ok) throw new DaemonError('System', n.error);
  return n.value;
}
