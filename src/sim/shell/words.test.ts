import { describe, expect, it } from 'vitest';
import { splitWords } from './words';

describe('splitWords', () => {
  it('splits on blanks and honours both kinds of quotes', () => {
    expect(splitWords(`docker run -e "A=b c" alpine echo 'hi  there'`)).toEqual({
      ok: true,
      words: ['docker', 'run', '-e', 'A=b c', 'alpine', 'echo', 'hi  there'],
    });
  });

  it('keeps empty quoted words and backslash escapes', () => {
    expect(splitWords(`a '' "x\\"y" b\\ c`)).toEqual({ ok: true, words: ['a', '', 'x"y', 'b c'] });
  });

  it('reports an unbalanced quote instead of guessing', () => {
    expect(splitWords(`echo "hi`)).toEqual({
      ok: false,
      error: 'unexpected EOF while looking for matching `"\'',
    });
  });
});
