/**
 * docker/cli's list formatter (cli/command/formatter/formatter.go): the
 * `--format` of `ps`, `images`, `context ls`, `network ls`, `volume ls`.
 *
 *   - `table` or nothing: the command's default table;
 *   - `table TEMPLATE`: a header row (the template run on the CLI's header
 *     names, with json/upper/… turned into the identity), then one row per
 *     item, aligned by Go's text/tabwriter (min width 10, padding 3);
 *   - `json`: `{{json .}}`, each row as json.Marshal writes the formatter's
 *     context (keys sorted, `<>&` escaped);
 *   - anything else: the template once per item, each followed by a newline.
 *
 * A literal `\t` or `\n` typed in the format becomes a tab or a newline, and
 * blanks around it are trimmed. A row is a plain object whose keys are the Go
 * method names the CLI's context has (`ID`, `Names`, `Ports`…); a function
 * value is a method with arguments (`Label`).
 */
import {
  MARSHAL,
  TemplateExecError,
  TemplateParseError,
  goJsonString,
  executeTemplate,
  parseTemplate,
} from './goTemplate';

export interface ListFormatSpec {
  /** The Go type of a row, for "can't evaluate field X in type T" (`*formatter.ContainerContext`). */
  rowType: string;
  /** The CLI's header for each field (`{ ID: 'CONTAINER ID', Names: 'NAMES' }`). */
  headers: Readonly<Record<string, string>>;
  /** What `table` alone, or no format, prints. */
  defaultTable: string;
  /** The command's `raw` form, with `-q` and without (network and volume ls have one). */
  raw?: { quiet: string; full: string };
}

export type ListFormatResult = { ok: true; text: string } | { ok: false; error: string };

/** A row of a list: its Go method names; functions are methods with arguments. */
export type ListRow = Readonly<Record<string, unknown>>;

/**
 * The formatter's `{{json .}}` of a row: docker/cli's MarshalJSON calls every
 * method without arguments and marshals the map, so keys come sorted and
 * HTML characters escaped; `null` for a nil pointer (a ps row's Platform).
 */
export function rowJson(row: ListRow): string {
  const keys = Object.keys(row)
    .filter((k) => typeof row[k] !== 'function')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const value = (v: unknown): string =>
    v === null || v === undefined
      ? 'null'
      : typeof v === 'string'
        ? goJsonString(v, true)
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : JSON.stringify(v);
  return `{${keys.map((k) => `${goJsonString(k, true)}:${value(row[k])}`).join(',')}}`;
}

/** Render rows as `docker … --format FORMAT` would; the error is the line the CLI prints. */
export function formatList(
  format: string,
  rows: readonly ListRow[],
  spec: ListFormatSpec,
): ListFormatResult {
  const source = format === '' || format === 'table' ? spec.defaultTable : format;
  const isTable = source.startsWith('table');
  let body = isTable ? source.slice('table'.length) : source === 'json' ? '{{json .}}' : source;
  body = trimSpaces(body).replace(/\\t|\\n/g, (m) => (m === '\\t' ? '\t' : '\n'));
  let tmpl;
  try {
    tmpl = parseTemplate(body);
  } catch (e) {
    if (e instanceof TemplateParseError)
      return { ok: false, error: `template parsing error: ${e.message}` };
    throw e;
  }
  let out = '';
  for (const row of rows) {
    const withJson = { ...row, [MARSHAL]: () => rowJson(row) };
    try {
      out += `${executeTemplate(tmpl, withJson, { rootType: spec.rowType })}\n`;
    } catch (e) {
      if (e instanceof TemplateExecError)
        return { ok: false, error: `template parsing error: ${e.message}` };
      throw e;
    }
  }
  if (!isTable) return { ok: true, text: out };
  // The header: the same template on a map of header names; an error leaves what was written.
  let header: string;
  try {
    header = executeTemplate(tmpl, spec.headers, { allMaps: true, headerFunctions: true });
  } catch (e) {
    if (!(e instanceof TemplateExecError)) throw e;
    header = e.partial;
  }
  return { ok: true, text: tabwrite(`${header}\n${out}`) };
}

/**
 * A list command given `--format` other than `table`: the rows through the formatter
 * (`raw`, where the command has one, is its own template), printed; the exit code.
 */
export function printFormatted(
  ctx: { out(text: string): void; err(text: string): void },
  format: string,
  quiet: boolean,
  rows: readonly ListRow[],
  spec: ListFormatSpec,
): number {
  const source = format === 'raw' && spec.raw ? (quiet ? spec.raw.quiet : spec.raw.full) : format;
  const done = formatList(source, rows, spec);
  if (!done.ok) {
    ctx.err(`${done.error}\n`);
    return 1;
  }
  ctx.out(done.text);
  return 0;
}

/** strings.Trim(s, " "): spaces only. */
function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === ' ') a++;
  while (b > a && s[b - 1] === ' ') b--;
  return s.slice(a, b);
}

/**
 * Go's text/tabwriter with docker/cli's settings (minwidth 10, tabwidth 1,
 * padding 3, pad with spaces, no flags): a cell ends at a tab; a column's
 * width is set per block of consecutive lines that have that cell; the last
 * cell of a line is not aligned. Padding is written even after the last
 * aligned cell, so a line whose last cell is empty keeps trailing blanks.
 */
export function tabwrite(text: string): string {
  const lines = text.split('\n');
  const trailing = lines.pop() ?? '';
  const cells = lines.map((l) => l.split('\t'));
  const width = (s: string) => [...s].length;
  const widths: number[] = [];
  let out = '';
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = cells[i]!;
      line.forEach((c, j) => {
        out += j < widths.length ? c + ' '.repeat(widths[j]! - width(c)) : c;
      });
      out += '\n';
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= cells[i]!.length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let w = 10;
      for (; i < line1; i++) {
        const line = cells[i]!;
        if (column >= line.length - 1) break;
        w = Math.max(w, width(line[column]!) + 3);
      }
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--; // the for loop's i++ comes back to the line that ended the block
    }
    writeLines(line0, line1);
  };
  format(0, cells.length);
  return out + trailing;
}
