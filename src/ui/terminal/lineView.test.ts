import { describe, expect, it } from 'vitest';
import { LineView } from './lineView';

describe('LineView', () => {
  it('redraws from the first row of a wrapped line', () => {
    const view = new LineView(() => 10);
    view.reset(2);
    // 2 + 12 = 14 cells: two rows; the cursor ends on row 1.
    expect(view.append('docker image', 2, 12)).toBe('docker image');
    const out = view.draw('$ ', 2, 'docker images', 3);
    expect(out.startsWith('\x1b[1A\r$ \x1b[Jdocker images')).toBe(true);
    // Cursor back to cell 5 of row 0.
    expect(out.endsWith('\x1b[1A\r\x1b[5C')).toBe(true);
  });

  it('forces the wrap at an exact multiple of the width', () => {
    const view = new LineView(() => 10);
    view.reset(2);
    expect(view.append('12345678', 2, 8)).toBe('12345678 \b');
    expect(view.finish()).toBe('\r\n');
  });
});
