/**
 * The detach keys (`--detach-keys`, default Ctrl-P Ctrl-Q) as docker/cli watches for them on
 * a raw terminal: moby/term's EscapeProxy holds back bytes that may start the sequence, and
 * on the whole sequence stops reading with "read escape sequence".
 */

/** Ctrl-P, Ctrl-Q: docker/cli's defaultEscapeKeys. */
const DEFAULT_KEYS = '\x10\x11';

/**
 * term.ToBytes of `--detach-keys` (`ctrl-p,ctrl-q`, `ctrl-x,x`); the CLI falls back to the
 * default on a sequence it cannot read.
 */
export function escapeKeys(spec: string): string {
  if (!spec) return DEFAULT_KEYS;
  let out = '';
  for (const key of spec.split(',')) {
    if (key.length === 1) out += key;
    else if (key === 'DEL') out += '\x7f';
    else {
      const m = /^ctrl-([a-z@[\\\]^_])$/.exec(key);
      if (!m) return DEFAULT_KEYS;
      const ch = m[1]!;
      out += String.fromCharCode(
        ch >= 'a' && ch <= 'z'
          ? ch.charCodeAt(0) - 96
          : '@[\\]^_'.indexOf(ch) + (ch === '@' ? 0 : 26),
      );
    }
  }
  return out;
}

export class EscapeProxy {
  private held = '';

  constructor(private readonly keys: string) {}

  /** What passes on to the connection, and whether the whole sequence was typed. */
  feed(text: string): { pass: string; escaped: boolean } {
    let pass = '';
    for (const ch of text) {
      if (ch === this.keys[this.held.length]) {
        this.held += ch;
        if (this.held.length === this.keys.length) return { pass, escaped: true };
        continue;
      }
      // Not the sequence after all: what was held back goes through.
      pass += this.held + ch;
      this.held = '';
    }
    return { pass, escaped: false };
  }
}
