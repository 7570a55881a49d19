/**
 * Go's `time.ParseDuration`, which pflag's DurationVar calls for every
 * `duration` flag (`--health-interval 5s`, `--stop-timeout` is an int): a
 * signed sequence of decimal numbers, each with a unit (`300ms`, `1h30m`,
 * `-1.5s`). Errors are Go's own text; the CLI wraps them in pflag's
 * `invalid argument "…" for "--flag" flag: …`.
 */

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's strconv.Quote for the plain strings a flag carries. */
const quote = (s: string) => JSON.stringify(s);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Nanoseconds, or Go's error text. */
export function parseGoDuration(
  text: string,
): { ok: true; ns: number } | { ok: false; error: string } {
  const invalid = { ok: false as const, error: `time: invalid duration ${quote(text)}` };
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ns: 0 };
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    let i = 0;
    while (isDigit(s[i])) i++;
    const whole = s.slice(0, i);
    s = s.slice(i);
    let frac = '';
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      while (isDigit(s[j])) j++;
      frac = s.slice(0, j);
      s = s.slice(j);
    }
    if (whole === '' && frac === '') return invalid;
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    if (u === 0) return { ok: false, error: `time: missing unit in duration ${quote(text)}` };
    const unit = s.slice(0, u);
    s = s.slice(u);
    const scale = UNIT_NS[unit];
    if (scale === undefined)
      return {
        ok: false,
        error: `time: unknown unit ${quote(unit)} in duration ${quote(text)}`,
      };
    total += Number(whole || '0') * scale + (frac ? Number(`0.${frac}`) * scale : 0);
  }
  // Go keeps whole nanoseconds.
  total = Math.floor(total);
  return { ok: true, ns: neg ? -total : total };
}

/** Go's `time.Duration.String()`: `1m30s`, `500ms`, `0s` (as `docker inspect --format` would print). */
export function goDurationString(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  let out: string;
  if (n < 1e9) {
    out = n < 1e3 ? `${n}ns` : n < 1e6 ? `${trim(n / 1e3)}µs` : `${trim(n / 1e6)}ms`;
  } else {
    const h = Math.floor(n / 3600e9);
    n -= h * 3600e9;
    const m = Math.floor(n / 60e9);
    n -= m * 60e9;
    const sec = `${trim(n / 1e9)}s`;
    out = h > 0 ? `${h}h${m}m${sec}` : m > 0 ? `${m}m${sec}` : sec;
  }
  return neg ? `-${out}` : out;
}

const trim = (x: number) => String(Number(x.toFixed(9)));
