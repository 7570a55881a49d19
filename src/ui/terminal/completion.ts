/** What Tab does to the line: the new text before the cursor, and a list to print when ambiguous. */
export interface Completion {
  before: string;
  list: string[];
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Complete the last word before the cursor from the engine's candidates:
 * one candidate is inserted with a trailing space; several extend the word
 * to their common prefix, or are listed when they cannot.
 *
 * @example completeWord('docker ru', ['run']) // { before: 'docker run ', list: [] }
 */
export function completeWord(before: string, candidates: readonly string[]): Completion {
  const start = before.search(/\S*$/);
  const word = before.slice(start);
  const matches = [...new Set(candidates)].filter((c) => c.startsWith(word));
  if (matches.length === 0) return { before, list: [] };
  if (matches.length === 1) return { before: before.slice(0, start) + matches[0] + ' ', list: [] };
  const prefix = commonPrefix(matches);
  if (prefix.length > word.length) return { before: before.slice(0, start) + prefix, list: [] };
  return { before, list: matches };
}

/** Candidates laid out in columns, as a shell lists them. */
export function formatColumns(words: readonly string[], columns: number): string {
  const width = Math.max(...words.map((w) => w.length)) + 2;
  const perRow = Math.max(1, Math.floor(columns / width));
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += perRow) {
    rows.push(
      words
        .slice(i, i + perRow)
        .map((w) => w.padEnd(width))
        .join('')
        .trimEnd(),
    );
  }
  return rows.join('\r\n');
}
