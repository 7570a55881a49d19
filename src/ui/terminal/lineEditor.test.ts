import { describe, expect, it } from 'vitest';
import { EMPTY_LINE, History, editLine, type Line } from './lineEditor';
import { parseKeys } from './keys';

const type = (line: Line, data: string) => parseKeys(data).reduce(editLine, line);

describe('editLine', () => {
  it('inserts at the cursor and deletes around it', () => {
    expect(type(EMPTY_LINE, 'dcker\x1b[H\x1b[Co')).toEqual({ buffer: 'docker', cursor: 2 });
    expect(type({ buffer: 'docker ps', cursor: 9 }, '\x7f\x7f')).toEqual({
      buffer: 'docker ',
      cursor: 7,
    });
    expect(type({ buffer: 'docker ps', cursor: 0 }, '\x1b[3~')).toEqual({
      buffer: 'ocker ps',
      cursor: 0,
    });
  });

  it('kills a word, the line before the cursor, and the rest', () => {
    expect(type({ buffer: 'docker run nginx', cursor: 16 }, '\x17')).toEqual({
      buffer: 'docker run ',
      cursor: 11,
    });
    expect(type({ buffer: 'docker run', cursor: 6 }, '\x15')).toEqual({
      buffer: ' run',
      cursor: 0,
    });
    expect(type({ buffer: 'docker run', cursor: 6 }, '\x0b')).toEqual({
      buffer: 'docker',
      cursor: 6,
    });
  });

  it('returns the same object when nothing changes', () => {
    expect(editLine(EMPTY_LINE, { type: 'backspace' })).toBe(EMPTY_LINE);
  });
});

describe('History', () => {
  it('walks up and back down to the draft', () => {
    const h = new History();
    h.push('docker ps');
    h.push('docker images');
    expect(h.up('dock')).toBe('docker images');
    expect(h.up('')).toBe('docker ps');
    expect(h.up('')).toBeUndefined();
    expect(h.down()).toBe('docker images');
    expect(h.down()).toBe('dock');
    expect(h.down()).toBeUndefined();
  });

  it('skips blank lines and immediate repeats', () => {
    const h = new History();
    h.push('docker ps');
    h.push('docker ps');
    h.push('   ');
    expect(h.up('')).toBe('docker ps');
    expect(h.up('')).toBeUndefined();
  });
});
