/** One keystroke (or one pasted run of text) from xterm's `onData`. */
export type Key =
  | { type: 'text'; text: string }
  | {
      type:
        | 'enter'
        | 'backspace'
        | 'delete'
        | 'left'
        | 'right'
        | 'wordLeft'
        | 'wordRight'
        | 'up'
        | 'down'
        | 'home'
        | 'end'
        | 'tab'
        | 'interrupt'
        | 'eof'
        | 'clearScreen'
        | 'killLine'
        | 'killToEnd'
        | 'killWord'
        | 'escape'
        /** Ctrl-P: history up at the prompt; the first detach key when attached. */
        | 'ctrlP'
        /** Ctrl-Q: the second detach key (Ctrl-P Ctrl-Q leaves an attached container). */
        | 'ctrlQ';
    };

type Named = Exclude<Key, { type: 'text' }>['type'];

const CONTROL: Record<string, Named> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x03': 'interrupt',
  '\x04': 'eof',
  '\x0c': 'clearScreen',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x10': 'ctrlP',
  '\x11': 'ctrlQ',
  '\x0e': 'down',
  '\x15': 'killLine',
  '\x0b': 'killToEnd',
  '\x17': 'killWord',
};

/** CSI / SS3 sequences by their parameters + final byte. */
const SEQUENCES: Record<string, Named> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '1;5C': 'wordRight',
  '1;5D': 'wordLeft',
  '1;3C': 'wordRight',
  '1;3D': 'wordLeft',
};

/**
 * Split what the terminal sends into keys: escape sequences, control keys
 * and runs of printable text (a paste arrives as one long run, with `\r`
 * between its lines).
 *
 * @example parseKeys('ls\x1b[D\r') // [{text:'ls'}, {left}, {enter}]
 */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ type: 'text', text });
    text = '';
  };
  for (let i = 0; i < data.length; i++) {
    const ch = data[i]!;
    if (ch === '\x1b') {
      flush();
      const next = data[i + 1];
      if (next === '[' || next === 'O') {
        let j = i + 2;
        while (j < data.length && !/[@-~]/.test(data[j]!)) j++;
        const body = data.slice(i + 2, j + 1);
        const named = SEQUENCES[body];
        if (named) keys.push({ type: named });
        i = j; // bracketed-paste markers and unknown sequences are dropped
      } else if (next === 'b' || next === 'f') {
        keys.push({ type: next === 'b' ? 'wordLeft' : 'wordRight' });
        i++;
      } else if (next === '\x7f') {
        keys.push({ type: 'killWord' });
        i++;
      } else {
        keys.push({ type: 'escape' });
      }
      continue;
    }
    const named = CONTROL[ch];
    if (named) {
      flush();
      // "\r\n" in a paste is one line break, not two.
      if (ch === '\n' && data[i - 1] === '\r') continue;
      keys.push({ type: named });
    } else if (ch >= ' ') {
      text += ch;
    }
  }
  flush();
  return keys;
}

/** How queued keys read in the "typed ahead" hint. */
export function describeKeys(keys: readonly Key[]): string {
  return keys.map((k) => (k.type === 'text' ? k.text : k.type === 'enter' ? ' ⏎ ' : '')).join('');
}
