/**
 * Draws an editable line (prompt + text) on a terminal whose rows wrap, and
 * keeps track of which row the cursor is on so the next redraw can start at
 * the line's first row. Returns escape sequences; it never writes itself.
 */
export class LineView {
  /** Rows between the line's first row and the cursor. */
  private cursorRow = 0;
  /** What is on screen now. */
  private shown = { width: 0, cursor: 0 };

  constructor(private readonly columns: () => number) {}

  /** The cursor is at the start of a fresh row (a prompt was just printed). */
  reset(promptWidth: number): void {
    this.cursorRow = 0;
    this.shown = { width: promptWidth, cursor: promptWidth };
  }

  /**
   * Redraw everything after the prompt. `prompt` is what gets the cursor past
   * the prompt from the row's start: the prompt itself, or a cursor move when
   * someone else printed it (a container shell's `/ # `).
   */
  draw(prompt: string, promptWidth: number, buffer: string, cursor: number): string {
    let out = this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : '';
    out += `\r${prompt}\x1b[J${buffer}`;
    return out + this.settle(promptWidth + buffer.length, promptWidth + cursor);
  }

  /**
   * Text added at the end of the line with the cursor already there (typing,
   * a paste): just print it. Cheap even for a 10,000-character paste.
   */
  append(text: string, promptWidth: number, newLength: number): string {
    const width = promptWidth + newLength;
    return text + this.settle(width, width);
  }

  /** True when the cursor sits at the end of what is shown (the fast path applies). */
  atEnd(promptWidth: number, bufferLength: number): boolean {
    return (
      this.shown.cursor === this.shown.width && this.shown.width === promptWidth + bufferLength
    );
  }

  /** Move to the end of the line and start a new row (Enter). */
  finish(): string {
    const cols = this.columns();
    const endRow = Math.floor(this.shown.width / cols);
    const down = endRow - this.cursorRow;
    this.cursorRow = 0;
    return (down > 0 ? `\x1b[${down}B` : '') + '\r\n';
  }

  /** After printing `width` cells, put the cursor at cell `target` of the line. */
  private settle(width: number, target: number): string {
    const cols = this.columns();
    let out = '';
    // At an exact multiple of the width the terminal waits to wrap; make it wrap now.
    if (width > 0 && width % cols === 0) out += ' \b';
    const endRow = Math.floor(width / cols);
    const row = Math.floor(target / cols);
    const col = target % cols;
    if (row !== endRow || col !== width % cols) {
      if (endRow > row) out += `\x1b[${endRow - row}A`;
      out += '\r' + (col > 0 ? `\x1b[${col}C` : '');
    }
    this.cursorRow = row;
    this.shown = { width, cursor: target };
    return out;
  }
}
