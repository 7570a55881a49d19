/**
 * Split a command line into words the way a POSIX shell does before running
 * a program: blanks separate words; single quotes keep everything literally;
 * double quotes keep blanks and let backslash escape `"`, `\`, `$` and `` ` ``;
 * outside quotes a backslash escapes the next character.
 *
 * @example splitWords(`docker run -e "A=b c" alpine echo 'hi there'`)
 * // { ok: true, words: ['docker','run','-e','A=b c','alpine','echo','hi there'] }
 */
export type SplitResult = { ok: true; words: string[] } | { ok: false; error: string };

export function splitWords(line: string): SplitResult {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!))
        current += line[++i];
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < line.length) current += line[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) {
    return { ok: false, error: `unexpected EOF while looking for matching \`${quote}'` };
  }
  if (inWord) words.push(current);
  return { ok: true, words };
}
