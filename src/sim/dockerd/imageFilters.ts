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
  const re = globToRegExp(pattern);
  if (!re) return false;
  if (re.test(familiar)) return true;
  const name = /^(.*?)(?:@.*|:[^/:]*)?$/.exec(familiar)?.[1] ?? familiar;
  return re.test(name);
}

/** Go's path.Match as a regular expression: `*` and `?` never cross a `/`. */
function globToRegExp(pattern: string): RegExp | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '\\') out += escape(pattern[++i] ?? '');
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return undefined; // path.ErrBadPattern
      const body = pattern.slice(i + 1, end);
      out += `[${body.startsWith('^') ? `^${body.slice(1)}` : body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += escape(ch);
  }
  return new RegExp(`^${out}$`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
