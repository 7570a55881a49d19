import type { Key } from './keys';

/** A command line being edited: its text and where the cursor is in it. */
export interface Line {
  readonly buffer: string;
  readonly cursor: number;
}

export const EMPTY_LINE: Line = { buffer: '', cursor: 0 };

const isWordChar = (ch: string | undefined) => ch !== undefined && ch !== ' ';

function wordStartBefore(buffer: string, from: number): number {
  let i = from;
  while (i > 0 && !isWordChar(buffer[i - 1])) i--;
  while (i > 0 && isWordChar(buffer[i - 1])) i--;
  return i;
}

function wordEndAfter(buffer: string, from: number): number {
  let i = from;
  while (i < buffer.length && !isWordChar(buffer[i])) i++;
  while (i < buffer.length && isWordChar(buffer[i])) i++;
  return i;
}

/**
 * Readline-style editing of one line; returns the same object when the key
 * does not change the line (so the caller can skip a redraw).
 *
 * @example editLine({ buffer: 'dcker', cursor: 1 }, { type: 'text', text: 'o' }) // { buffer: 'docker', cursor: 2 }
 */
export function editLine(line: Line, key: Key): Line {
  const { buffer, cursor } = line;
  switch (key.type) {
    case 'text':
      return {
        buffer: buffer.slice(0, cursor) + key.text + buffer.slice(cursor),
        cursor: cursor + key.text.length,
      };
    case 'backspace':
      return cursor === 0
        ? line
        : { buffer: buffer.slice(0, cursor - 1) + buffer.slice(cursor), cursor: cursor - 1 };
    case 'delete':
      return cursor >= buffer.length
        ? line
        : { buffer: buffer.slice(0, cursor) + buffer.slice(cursor + 1), cursor };
    case 'left':
      return cursor === 0 ? line : { buffer, cursor: cursor - 1 };
    case 'right':
      return cursor >= buffer.length ? line : { buffer, cursor: cursor + 1 };
    case 'home':
      return cursor === 0 ? line : { buffer, cursor: 0 };
    case 'end':
      return cursor === buffer.length ? line : { buffer, cursor: buffer.length };
    case 'wordLeft':
      return { buffer, cursor: wordStartBefore(buffer, cursor) };
    case 'wordRight':
      return { buffer, cursor: wordEndAfter(buffer, cursor) };
    case 'killLine':
      return { buffer: buffer.slice(cursor), cursor: 0 };
    case 'killToEnd':
      return { buffer: buffer.slice(0, cursor), cursor };
    case 'killWord': {
      const start = wordStartBefore(buffer, cursor);
      return { buffer: buffer.slice(0, start) + buffer.slice(cursor), cursor: start };
    }
    default:
      return line;
  }
}

/** ↑/↓ through past commands; the line being typed is kept as a draft at the bottom. */
export class History {
  private entries: string[] = [];
  private index = 0;
  private draft = '';

  constructor(private readonly limit = 500) {}

  /** Every entry, oldest first (what a saved session keeps). */
  get all(): readonly string[] {
    return this.entries;
  }

  /** Replace the entries (a restored session), keeping the newest `limit`. */
  load(entries: readonly string[]): void {
    this.entries = entries.filter((e) => e.trim()).slice(-this.limit);
    this.index = this.entries.length;
    this.draft = '';
  }

  push(command: string): void {
    if (command.trim() && this.entries[this.entries.length - 1] !== command)
      this.entries.push(command);
    if (this.entries.length > this.limit) this.entries.shift();
    this.index = this.entries.length;
    this.draft = '';
  }

  /** The entry above, or undefined at the top. */
  up(current: string): string | undefined {
    if (this.index === 0) return undefined;
    if (this.index === this.entries.length) this.draft = current;
    this.index--;
    return this.entries[this.index];
  }

  /** The entry below, the draft at the bottom, or undefined when already there. */
  down(): string | undefined {
    if (this.index >= this.entries.length) return undefined;
    this.index++;
    return this.index === this.entries.length ? this.draft : this.entries[this.index];
  }
}
