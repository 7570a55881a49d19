import { describe, expect, it } from 'vitest';
import { describeKeys, parseKeys } from './keys';

describe('parseKeys', () => {
  it('splits text, arrows and Enter', () => {
    expect(parseKeys('ls\x1b[D\r')).toEqual([
      { type: 'text', text: 'ls' },
      { type: 'left' },
      { type: 'enter' },
    ]);
  });

  it('reads a pasted block as lines separated by Enter, CR LF counting once', () => {
    expect(parseKeys('docker ps\r\ndocker images\n')).toEqual([
      { type: 'text', text: 'docker ps' },
      { type: 'enter' },
      { type: 'text', text: 'docker images' },
      { type: 'enter' },
    ]);
  });

  it('knows the control keys of the shell', () => {
    expect(parseKeys('\x03\x0c\x7f\t\x1b[3~\x1b[1;5D\x1b').map((k) => k.type)).toEqual([
      'interrupt',
      'clearScreen',
      'backspace',
      'tab',
      'delete',
      'wordLeft',
      'escape',
    ]);
  });

  it('tells Ctrl-P and Ctrl-Q apart from the arrows: together they are the docker CLI’s detach keys', () => {
    expect(parseKeys('\x10\x11\x1b[A').map((k) => k.type)).toEqual(['ctrlP', 'ctrlQ', 'up']);
  });

  it('drops bracketed-paste markers and unknown sequences', () => {
    expect(parseKeys('\x1b[200~hi\x1b[201~\x1b[99Z')).toEqual([{ type: 'text', text: 'hi' }]);
  });
});

describe('describeKeys', () => {
  it('shows queued keys as text with ⏎ for Enter', () => {
    expect(describeKeys(parseKeys('docker ps\rdocker'))).toBe('docker ps ⏎ docker');
  });
});
