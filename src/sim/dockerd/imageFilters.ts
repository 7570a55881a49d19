/**
 * The `reference` filter of `GET /images/json` (`docker images alpine` sends
 * `filters={"reference":{"alpine":true}}`): dockerd keeps the references that
 * match a pattern, as distribution's `reference.FamiliarMatch` does — Go's
 * `path.Match` against the familiar string (`alpine:latest`), then against the
 * familiar name alone (`alpine`).
 *
 * @example matchesReference('alpine', 'alpine:latest') === true
 * @example matchesReference('ng*:latest', 'nginx:latest') === true
 */
export function referencePatterns(filters: string | undefined): string[] {
  if (!filters) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(filters);
  } catch {
    return [];
  }
  const ref = (parsed as Record<string, unknown> | null)?.reference;
  if (Array.isArray(ref)) return ref.filter((p): p is string => typeof p === 'string');
  if (ref && typeof ref === 'object')
    return Object.entries(ref)
      .filter(([, on]) => on === true)
      .map(([p]) => p);
  return [];
}

/** `familiar` is a familiar reference: `alpine:latest`, `user/app@sha256:…`. */
export function matchesReference(pattern: string, familiar: string): boolean {
  if (pathMatch(pattern, familiar)) return true;
  return pathMatch(pattern, familiarName(familiar));
}

/** `user/app:1` → `user/app`, `app@sha256:…` → `app` (a `:` after the last `/` starts the tag). */
function familiarName(familiar: string): string {
  const at = familiar.indexOf('@');
  const name = at < 0 ? familiar : familiar.slice(0, at);
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/**
 * Go's `path.Match`: `*` (any run without `/`), `?`, `[a-z]`, `[^…]`, `\x`.
 * Written as Go does it, chunk by chunk, each star taking the first place its
 * chunk fits: a regular expression of `[^/]*` per star would backtrack
 * polynomially (`a*a*a*…b` against a long name). A bad pattern matches nothing.
 */
export function pathMatch(pattern: string, name: string): boolean {
  let p = [...pattern];
  let s = [...name];
  for (;;) {
    if (p.length === 0) return s.length === 0;
    let star = false;
    while (p[0] === '*') {
      p = p.slice(1);
      star = true;
    }
    const end = chunkEnd(p);
    const chunk = p.slice(0, end);
    p = p.slice(end);
    if (star && chunk.length === 0) return !s.includes('/');
    const here = matchChunk(chunk, s);
    if (here === BAD) return false;
    if (here && (here.length === 0 || p.length > 0)) {
      s = here;
      continue;
    }
    let next: string[] | undefined;
    if (star) {
      for (let i = 0; i < s.length && s[i] !== '/'; i++) {
        const t = matchChunk(chunk, s.slice(i + 1));
        if (t === BAD) return false;
        if (t && !(p.length === 0 && t.length > 0)) {
          next = t;
          break;
        }
      }
    }
    if (!next) return false;
    s = next;
  }
}

const BAD = 'bad pattern';

/** Where the chunk after the stars ends: at the next `*` outside a `[…]`. */
function chunkEnd(p: readonly string[]): number {
  let inRange = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) return i;
  }
  return p.length;
}

/** Match a star-free chunk at the start of `s`: the rest of `s`, undefined, or BAD. */
function matchChunk(
  chunk: readonly string[],
  s: readonly string[],
): string[] | undefined | typeof BAD {
  let failed = false;
  let i = 0;
  let at = 0;
  while (i < chunk.length) {
    if (!failed && at >= s.length) failed = true;
    const c = chunk[i]!;
    if (c === '[') {
      const r = failed ? '' : s[at++]!;
      i++;
      const negated = chunk[i] === '^';
      if (negated) i++;
      let match = false;
      let ranges = 0;
      for (;;) {
        if (chunk[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        const lo = escaped(chunk, i);
        if (!lo) return BAD;
        i = lo.next;
        let hi = lo;
        if (chunk[i] === '-') {
          const h = escaped(chunk, i + 1);
          if (!h) return BAD;
          hi = h;
          i = h.next;
        }
        const code = r.codePointAt(0);
        if (code !== undefined && lo.code <= code && code <= hi.code) match = true;
        ranges++;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed && s[at++] === '/') failed = true;
      i++;
    } else {
      if (c === '\\') {
        i++;
        if (i >= chunk.length) return BAD;
      }
      if (!failed && chunk[i] !== s[at++]) failed = true;
      i++;
    }
  }
  return failed ? undefined : s.slice(at);
}

/** One character of a `[…]` range, `\`-escaped or not; undefined for a bad pattern. */
function escaped(chunk: readonly string[], i: number): { code: number; next: number } | undefined {
  let c = chunk[i];
  if (c === undefined || c === '-' || c === ']') return undefined;
  if (c === '\\') {
    c = chunk[++i];
    if (c === undefined) return undefined;
  }
  // Go also refuses a range that ends the pattern with no closing `]`.
  if (i + 1 >= chunk.length) return undefined;
  return { code: c.codePointAt(0)!, next: i + 1 };
}
