import { describe, expect, it } from 'vitest';
import { checkInputs, checkSession, isPrintable, parseJson, SESSION_VERSION } from './schema';

const lessons = (id: string) => ({ 'client-daemon': 4 })[id];

function session(patch: Record<string, unknown> = {}) {
  return {
    version: SESSION_VERSION,
    columns: 80,
    inputs: [
      { op: 'run', line: 'docker run -d --name web nginx' },
      { op: 'advance', ms: 1500 },
      { op: 'run', line: 'docker run -it alpine sh' },
      { op: 'stdin', command: 2, text: 'ls\n' },
      { op: 'interrupt', command: 2 },
    ],
    mode: 'lessons',
    history: ['docker ps'],
    lesson: {
      id: 'client-daemon',
      step: 1,
      sinceSeq: 40,
      sinceCommand: 2,
      hints: 1,
      solution: false,
    },
    completed: { 'client-daemon': ['version'] },
    ...patch,
  };
}

describe('checkSession', () => {
  it('accepts a session the page wrote and rebuilds it field by field', () => {
    const r = checkSession({ ...session(), extra: '<script>' }, lessons);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.inputs).toHaveLength(5);
    expect(r.value).not.toHaveProperty('extra');
    expect(r.value.lesson?.step).toBe(1);
  });

  it.each([
    ['another version', { version: 2 }, /another version/],
    ['no version', { version: undefined }, /no format version/],
    ['a string width', { columns: '80' }, /width/],
    ['an unknown mode', { mode: 'hacker' }, /mode/],
    [
      'an unknown lesson',
      { lesson: { id: 'nope', step: 0, sinceSeq: 0, sinceCommand: 0, hints: 0, solution: false } },
      /no lesson/,
    ],
    [
      'a step out of range',
      {
        lesson: {
          id: 'client-daemon',
          step: 4,
          sinceSeq: 0,
          sinceCommand: 0,
          hints: 0,
          solution: false,
        },
      },
      /step/,
    ],
    [
      'a script tag as lesson id',
      {
        lesson: {
          id: '<script>alert(1)</script>',
          step: 0,
          sinceSeq: 0,
          sinceCommand: 0,
          hints: 0,
          solution: false,
        },
      },
      /not a valid id/,
    ],
    ['a script tag as progress key', { completed: { '<img onerror=x>': [] } }, /invalid lesson id/],
    ['history that is not text', { history: [42] }, /not text/],
    ['inputs that are not a list', { inputs: 'docker ps' }, /not a list/],
  ])('refuses %s', (_what, patch, reason) => {
    const r = checkSession(session(patch), lessons);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('drops progress of lessons that no longer exist', () => {
    const r = checkSession(session({ completed: { 'old-lesson': ['a'] } }), lessons);
    expect(r.ok && r.value.completed).toEqual({});
  });
});

describe('checkInputs', () => {
  it.each([
    ['an unknown op', [{ op: 'eval', line: 'x' }], /not a known operation/],
    ['Ctrl-C before any command', [{ op: 'interrupt', command: 1 }], /never ran/],
    [
      'stdin to a command not run yet',
      [
        { op: 'run', line: 'docker ps' },
        { op: 'stdin', command: 2, text: 'x' },
      ],
      /never ran/,
    ],
    ['a negative advance', [{ op: 'advance', ms: -1 }], /impossible/],
    ['an infinite advance', [{ op: 'advance', ms: Infinity }], /impossible/],
    // daemon: a host setting must be one the panel can send
    [
      'an engine version that is an inherited name',
      [{ op: 'setting', setting: { key: 'engine-version', value: 'toString' } }],
      /setting DockScope does not know/,
    ],
    [
      'a live-restore that is not a boolean',
      [{ op: 'setting', setting: { key: 'live-restore', value: 'yes' } }],
      /setting DockScope does not know/,
    ],
    [
      'escape sequences in a command',
      [{ op: 'run', line: 'docker ps\x1b[2J' }],
      /control characters/,
    ],
    [
      'a newline in a command',
      [{ op: 'run', line: 'docker ps\ndocker images' }],
      /control characters/,
    ],
    ['a huge command', [{ op: 'run', line: 'x'.repeat(5000) }], /longer than/],
    [
      'too many entries',
      Array.from({ length: 6000 }, () => ({ op: 'run', line: 'docker ps' })),
      /more than/,
    ],
    ['null entries', [null], /not an object/],
  ])('refuses %s', (_what, inputs, reason) => {
    const r = checkInputs(inputs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('keeps a command with HTML in it: the engine, not the page, deals with odd names', () => {
    const r = checkInputs([
      { op: 'run', line: 'docker run --name "<script>alert(1)</script>" nginx' },
    ]);
    expect(r.ok).toBe(true);
  });
});

describe('isPrintable and parseJson', () => {
  it('tells typed text from control characters and broken surrogates', () => {
    expect(isPrintable('docker run -e A=é 🐳 nginx')).toBe(true);
    expect(isPrintable('a\u0007b')).toBe(false);
    expect(isPrintable('a\u009bb')).toBe(false);
    expect(isPrintable('\ud83d')).toBe(false);
    expect(isPrintable('echo hi\n', true)).toBe(true);
  });

  it('refuses oversized and invalid JSON without throwing', () => {
    expect(parseJson('{"a":1}').ok).toBe(true);
    expect(parseJson('{"a":').ok).toBe(false);
    expect(parseJson('[1]', 2).ok).toBe(false);
  });
});

describe('checkInputs: host settings (daemon)', () => {
  it('keeps a setting the panel sent', () => {
    const inputs = [{ op: 'setting', setting: { key: 'engine-version', value: '26.1.4' } }];
    expect(checkInputs(inputs)).toEqual({ ok: true, value: inputs });
  });
});
