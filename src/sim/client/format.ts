import { humanSize } from '../dockerd/progress';

/**
 * Output formatting the docker CLI does: Go's text/tabwriter tables
 * (min width 10, padding 3) and the pull progress stream (jsonmessage).
 */

const runeLength = (s: string): number => [...s].length;

/** Rows of cells → lines, aligned like `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const cols = Math.max(...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) {
    widths[c] = Math.max(10, ...rows.map((r) => runeLength(r[c] ?? '') + 3));
  }
  return rows
    .map((r) =>
      r
        .map((cell, c) =>
          c < r.length - 1 ? cell + ' '.repeat(widths[c]! - runeLength(cell)) : cell,
        )
        .join(''),
    )
    .map(trimSpaces)
    .map((l) => `${l}\n`)
    .join('');
}

/**
 * Drop trailing spaces (only spaces: the padding tabwriter added), by walking
 * back from the end. `/ +$/` would be quadratic: it tries the run of spaces
 * from every position inside it, and a learner can type a long one.
 */
export function trimSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** docker/cli `formatter.Ellipsis`: cut to `max` runes, the last one `…`. */
export function ellipsis(s: string, max: number): string {
  const runes = [...s];
  return runes.length <= max ? s : runes.slice(0, max - 1).join('') + '…';
}

export interface JsonMessage {
  id?: string;
  status?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number; units?: string; hidecounts?: boolean };
  errorDetail?: { message: string };
  error?: string;
  stream?: string;
}

/**
 * Renders a pull stream the way the CLI does. Without a terminal it prints
 * one line per message and drops those with a progress bar; on a terminal it
 * keeps one line per layer and redraws it in place with ANSI cursor moves.
 */
export class JsonMessageRenderer {
  private lines = new Map<string, number>();
  private count = 0;

  constructor(
    private readonly tty: boolean,
    private readonly columns = 80,
  ) {}

  /** Returns the text to print, or throws the stream's error message. */
  render(m: JsonMessage): string {
    if (m.errorDetail || m.error)
      throw new StreamError(m.errorDetail?.message ?? m.error ?? 'unknown error');
    if (!this.tty) {
      // jsonmessage.Display: a message whose progress has something to show
      // (Downloading, Extracting) is dropped; the deprecated `progress` text of
      // the others is printed after the status, with no line end.
      if (m.progressDetail && progressText(m.progressDetail, 0) !== '') return '';
      const id = m.id ? `${m.id}: ` : '';
      if (m.progress) return `${id}${m.status ?? ''} ${m.progress}`;
      if (m.stream) return `${id}${m.stream}`;
      return `${id}${m.status ?? ''}\n`;
    }
    const bar = m.progressDetail ? progressText(m.progressDetail, this.columns) : '';
    const text = `${m.id ? `${m.id}: ` : ''}${m.status ?? ''}${bar ? ` ${bar}` : ''}`;
    if (!m.id) {
      this.count++;
      return `${text}\n`;
    }
    const at = this.lines.get(m.id);
    if (at === undefined) {
      this.lines.set(m.id, this.count++);
      return `\x1b[2K\r${text}\n`;
    }
    const up = this.count - at;
    return `\x1b[${up}A\x1b[2K\r${text}\x1b[${up}B\r`;
  }
}

export class StreamError extends Error {}

/**
 * The progress part of a line as the CLI draws it on a terminal of `width`
 * columns (jsonmessage `JSONProgress.String`): the 50-column bar only when the
 * terminal is wider than 110 columns, then `current/total` in decimal units.
 */
export function progressText(
  p: { current?: number; total?: number; units?: string },
  width: number,
): string {
  const current = p.current ?? 0;
  const total = p.total ?? 0;
  if (current <= 0 && total <= 0) return '';
  // A count in other units (the containerd store's "Extracting 3 s") is printed as is.
  if (total <= 0) return p.units ? `${current} ${p.units}` : humanSize(current, 4).padStart(8);
  const pct = Math.min(50, Math.floor(Math.floor((current / total) * 100) / 2));
  const bar = width > 110 ? `[${'='.repeat(pct)}>${' '.repeat(50 - pct)}] ` : '';
  const numbers =
    current > total
      ? humanSize(current, 4).padStart(8)
      : `${humanSize(current, 4).padStart(8)}/${humanSize(total, 4)}`;
  return bar + numbers;
}
