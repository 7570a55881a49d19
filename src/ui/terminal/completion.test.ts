import { describe, expect, it } from 'vitest';
import { completeWord, formatColumns } from './completion';

describe('completeWord', () => {
  it('completes a single candidate with a space', () => {
    expect(completeWord('docker ru', ['run'])).toEqual({ before: 'docker run ', list: [] });
  });

  it('extends to the common prefix, then lists', () => {
    expect(completeWord('docker ima', ['image', 'images'])).toEqual({
      before: 'docker image',
      list: [],
    });
    expect(completeWord('docker image', ['image', 'images'])).toEqual({
      before: 'docker image',
      list: ['image', 'images'],
    });
  });

  it('leaves the line alone without candidates', () => {
    expect(completeWord('docker zz', [])).toEqual({ before: 'docker zz', list: [] });
  });
});

describe('formatColumns', () => {
  it('lays candidates out in rows that fit the width', () => {
    expect(formatColumns(['alpine', 'busybox', 'nginx'], 20)).toBe('alpine   busybox\r\nnginx');
  });
});
