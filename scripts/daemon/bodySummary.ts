// What the trace keeps of a request body. A body the real CLI sends is a few hundred bytes of
// JSON and is kept whole, so the inspector shows it. Anything large, or nested deeper than any
// Engine API object, is kept as a summary: holding 10 MB bodies for ever runs the daemon out of
// memory, and a deep one breaks everything that walks it recursively (JSON.stringify included).
import { createHash } from 'node:crypto';
import { bodyMayHoldSecret, isRedactedMark } from '../../src/sim/core/secrets';

/** Bodies up to this many bytes are kept whole. */
export const KEEP_BODY_BYTES = 16 * 1024;
/** Engine API objects nest a few levels (HostConfig.LogConfig.Config…); past this, a summary. */
export const KEEP_BODY_DEPTH = 32;
/** How much of a summarised body is shown. */
const FIRST_CHARS = 200;

export interface BodySummary {
  summary: string;
  bytes: number;
  sha256?: string;
  /** The first characters (none for paths whose bodies carry secrets). */
  first?: string;
}

/**
 * How deep `[` and `{` nest in a JSON text, counted without recursion (and without parsing:
 * brackets inside strings are skipped). Stops counting at `limit`.
 */
export function nestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max && (max = depth) >= limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** The body as the trace keeps it: `parsed` itself, or a summary of `raw`. */
export function traceBody(path: string, raw: string, parsed: unknown): unknown {
  const bytes = Buffer.byteLength(raw);
  if (bytes <= KEEP_BODY_BYTES && nestingDepth(raw, KEEP_BODY_DEPTH + 1) <= KEEP_BODY_DEPTH)
    return parsed;
  const why =
    bytes > KEEP_BODY_BYTES
      ? `over ${KEEP_BODY_BYTES} bytes`
      : `nested over ${KEEP_BODY_DEPTH} levels`;
  const summary: BodySummary = {
    summary: `DockScope kept a summary of this ${bytes}-byte body, not the body (${why})`,
    bytes,
  };
  // A body that may hold a password gets neither its first bytes nor its digest (a digest of a
  // short login can be matched against guesses).
  const redacted =
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.values(parsed as Record<string, unknown>).some(isRedactedMark);
  if (bodyMayHoldSecret(path) || redacted) return summary;
  summary.sha256 = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  // A copy: V8's slice of a string keeps the whole string alive (a "sliced string"), and the
  // trace would hold every 10 MB body through its first 200 characters.
  summary.first = Buffer.from(raw.slice(0, FIRST_CHARS), 'utf8').toString('utf8');
  return summary;
}
