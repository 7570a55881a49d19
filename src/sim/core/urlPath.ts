/**
 * Paths on the wire the way Go writes and reads them. The docker CLI (moby
 * client `getAPIPath`) joins `/v1.50` and `/containers/<name as typed>/stop`
 * with `path.Join`, which also cleans the result, and prints it with
 * `url.URL{Path: …}.String()`, which percent-encodes it. dockerd's HTTP server
 * decodes the path before its router (gorilla/mux, matching the decoded path)
 * sees it.
 */

/** Go's path.Clean for an absolute path: no `.`, no `..`, no `//`, no trailing `/`. */
export function cleanPath(p: string): string {
  // Most paths are clean already (every path the CLI builds): kept as they are.
  if (CLEAN.test(p)) return p;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** An absolute path `cleanPath` leaves as it is: segments that are neither empty, `.` nor `..`. */
const CLEAN = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/** Bytes Go's `shouldEscape(c, encodePath)` keeps as they are: unreserved marks and `$&+,/:;=@`. */
const KEPT = /^[A-Za-z0-9\-_.~$&+,/:;=@]$/;
const ALL_KEPT = /^[A-Za-z0-9\-_.~$&+,/:;=@]*$/;

/** Go's `url.URL{Path: p}.EscapedPath()`: every other byte of the UTF-8 text as `%XX`. */
export function escapePath(p: string): string {
  if (ALL_KEPT.test(p)) return p;
  let out = '';
  for (const ch of p) {
    if (KEPT.test(ch)) out += ch;
    else for (const b of UTF8.encode(ch)) out += `%${hex(b)}`;
  }
  return out;
}

const UTF8 = new TextEncoder();
const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/**
 * The path of a request as its handler sees it: `%XX` decoded (Go's
 * `unescape(s, encodePath)`; `+` stays `+`). Undefined for a bad escape
 * (`%zz`, a lone `%`), which Go's HTTP server refuses before any handler runs.
 */
export function decodePath(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '%') {
      const pair = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(pair)) return undefined;
      bytes.push(parseInt(pair, 16));
      i += 2;
    } else {
      // Keep the rest as its UTF-8 bytes (a surrogate pair is two code units).
      const cp = raw.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      bytes.push(...UTF8.encode(s));
      i += s.length - 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
