import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../ui/chrome/HintLine';
import { BANNER } from '../ui/terminal/shellSession';

/** The text a person sees in index.html's shell (tags dropped, spaces collapsed). */
function shellText(): string {
  const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
  const shell = html.slice(
    html.indexOf('id="boot"'),
    html.indexOf('<script', html.indexOf('id="boot"')),
  );
  return shell
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
}

describe("index.html's shell says what the app then shows", () => {
  it("the terminal's banner", () => {
    // eslint-disable-next-line no-control-regex -- the banner's colour codes are not text
    const lines = BANNER.replace(/\x1b\[[0-9;]*m/g, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(shellText()).toContain(line);
  });

  it('the hint line’s example commands', () => {
    for (const example of EXAMPLES) expect(shellText()).toContain(`${example}`);
  });
});
