import { describe, expect, it } from 'vitest';
import { familyOf, overviewPaceOf, paceOf } from './pace';

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

describe('overviewPaceOf', () => {
  const ctx = { backlog: 0, speed: 1, repeat: false };
  const step = (kind: 'request' | 'response' | 'stream' | 'event', collapsed = false) =>
    ({ kind, protocol: kind === 'stream' ? 'stream' : 'http', collapsed }) as const;

  it('lets the CLI’s requests go slowest, then steps inside the host, answers and events, then stream runs', () => {
    const request = overviewPaceOf(step('request'), ctx);
    const inside = overviewPaceOf(step('request', true), ctx);
    const response = overviewPaceOf(step('response'), ctx);
    const stream = overviewPaceOf(step('stream'), ctx);
    expect(request).toBe(220);
    expect(inside).toBeLessThan(request);
    expect(response).toBeLessThan(inside);
    expect(overviewPaceOf(step('event', true), ctx)).toBe(response);
    expect(stream).toBeLessThan(response);
  });

  it('fits docker ps (two round trips) in under a second at 1×', () => {
    const trip = overviewPaceOf(step('request'), ctx) + overviewPaceOf(step('response'), ctx);
    expect(2 * trip).toBeLessThan(1000);
  });

  it('halves a repeated step, follows the speed control, never below the floor', () => {
    expect(overviewPaceOf(step('request', true), { ...ctx, repeat: true })).toBe(100);
    expect(overviewPaceOf(step('request'), { ...ctx, speed: 0.25 })).toBe(880);
    expect(overviewPaceOf(step('stream'), { backlog: 1000, speed: 4, repeat: true })).toBe(70);
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
