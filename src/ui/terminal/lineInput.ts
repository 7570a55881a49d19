import type { Key } from './keys';
import { EMPTY_LINE, editLine, type Line } from './lineEditor';
import { LineView } from './lineView';

/**
 * A line being typed after a prompt, drawn as it is edited: the shell's
 * `$ ` line, or a line typed to an attached container. Typing at the end
 * only prints the new text; any other edit redraws from the prompt on.
 */
export class LineInput {
  private current: Line = EMPTY_LINE;
  private readonly view: LineView;
  private prompt = '';
  private promptWidth = 0;

  constructor(
    private readonly print: (data: string) => void,
    columns: () => number,
  ) {
    this.view = new LineView(columns);
  }

  get line(): Line {
    return this.current;
  }

  /**
   * Start an empty line; the prompt is already on screen and the cursor after it.
   * `redrawPrompt` gets the cursor from the row's start to after the prompt.
   */
  begin(redrawPrompt: string, promptWidth: number): void {
    this.current = EMPTY_LINE;
    this.prompt = redrawPrompt;
    this.promptWidth = promptWidth;
    this.view.reset(promptWidth);
  }

  /** Apply an editing key; false when the key is not an editing key or changed nothing. */
  edit(key: Key): boolean {
    const next = editLine(this.current, key);
    if (next === this.current) return false;
    this.set(next);
    return true;
  }

  set(next: Line): void {
    const prev = this.current;
    if (next === prev) return;
    this.current = next;
    const appended =
      next.cursor === next.buffer.length &&
      prev.cursor === prev.buffer.length &&
      next.buffer.startsWith(prev.buffer);
    if (appended && this.view.atEnd(this.promptWidth, prev.buffer.length)) {
      this.print(
        this.view.append(
          next.buffer.slice(prev.buffer.length),
          this.promptWidth,
          next.buffer.length,
        ),
      );
    } else {
      this.redraw();
    }
  }

  redraw(): void {
    this.print(
      this.view.draw(this.prompt, this.promptWidth, this.current.buffer, this.current.cursor),
    );
  }

  /** Enter: leave the line on screen, move below it, and return its text. */
  finish(suffix = ''): string {
    const text = this.current.buffer;
    this.print(this.view.finish().replace('\r\n', `${suffix}\r\n`));
    this.current = EMPTY_LINE;
    return text;
  }

  /** Take the typed text off the screen (someone else will echo it) and return it. */
  erase(): string {
    const text = this.current.buffer;
    this.current = EMPTY_LINE;
    this.redraw();
    return text;
  }
}
