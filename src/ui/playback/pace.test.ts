import { describe, expect, it } from 'vitest';
import { familyOf, paceOf } from './pace';

const call = { kind: 'request', protocol: 'http' } as const;

describe('paceOf', () => {
  it('gives a request the reading pace and a stream chunk less', () => {
    expect(paceOf(call, { backlog: 0, speed: 1, repeat: false })).toBe(650);
    expect(
      paceOf({ kind: 'stream', protocol: 'stream' }, { backlog: 0, speed: 1, repeat: false }),
    ).toBeLessThan(300);
  });

  it('speeds up repeats and follows the speed control, never below the floor', () => {
    expect(paceOf(call, { backlog: 0, speed: 1, repeat: true })).toBeLessThan(650);
    expect(paceOf(call, { backlog: 0, speed: 2, repeat: false })).toBe(325);
    expect(
      paceOf({ kind: 'stream', protocol: 'stream' }, { backlog: 1000, speed: 4, repeat: true }),
    ).toBe(70);
  });
});

describe('familyOf', () => {
  it('sees two blob downloads as the same step', () => {
    const a = familyOf({
      from: 'dockerd',
      to: 'registry',
      kind: 'request',
      operation: 'GET /v2/library/nginx/blobs/sha256:5ccd73992ba0',
    });
    const b = familyOf({
      from: 'dockerd',
      to: 'registry',
      kind: 'request',
      operation: 'GET /v2/library/nginx/blobs/sha256:50f3eb5a814b',
    });
    expect(a).toBe(b);
  });

  it('sees two shims as the same component', () => {
    const a = familyOf({
      from: 'containerd',
      to: 'shim-88ad7c16b3dc',
      kind: 'request',
      operation: 'containerd.task.v2.Task/Start',
    });
    const b = familyOf({
      from: 'containerd',
      to: 'shim-50aff3c83e01',
      kind: 'request',
      operation: 'containerd.task.v2.Task/Start',
    });
    expect(a).toBe(b);
  });
});
