import { parseScript } from './syntax';

/**
 * The words of a line that is one plain command, quotes removed, as the shell
 * would pass them to the program: for tools that check a docker command line
 * without running a shell (lessons, the conformance harness). It reads the
 * line with the shell's own parser, so quoting rules are the same as in the
 * terminal; a line that needs the shell (`;`, `$X`, `> file`) is refused.
 *
 * @example splitWords(`docker run -e "A=b c" alpine echo 'hi there'`)
 * // { ok: true, words: ['docker','run','-e','A=b c','alpine','echo','hi there'] }
 */
export type SplitResult = { ok: true; words: string[] } | { ok: false; error: string };

export function splitWords(line: string): SplitResult {
  const parsed = parseScript(line);
  if (!parsed.ok) {
    const p = parsed.problem;
    if (p.kind === 'eof' && (p.inside === '"' || p.inside === "'"))
      return { ok: false, error: `unexpected EOF while looking for matching \`${p.inside}'` };
    return {
      ok: false,
      error:
        p.kind === 'token'
          ? `syntax error near unexpected token \`${p.token}'`
          : p.kind === 'eof'
            ? 'syntax error: unexpected end of file'
            : `${p.what} needs a shell`,
    };
  }
  const script = parsed.script;
  if (script.length === 0) return { ok: true, words: [] };
  const only = script[0]!;
  const cmd = only.first.commands[0]!;
  if (
    script.length > 1 ||
    only.rest.length > 0 ||
    only.background ||
    only.first.negated ||
    only.first.commands.length > 1 ||
    cmd.assigns.length > 0 ||
    cmd.redirects.length > 0
  ) {
    return { ok: false, error: 'not a single command: it needs a shell' };
  }
  const words: string[] = [];
  for (const w of cmd.words) {
    let text = '';
    for (const part of w.parts) {
      if (part.kind !== 'text') return { ok: false, error: 'an expansion needs a shell' };
      text += part.text;
    }
    words.push(text);
  }
  return { ok: true, words };
}
