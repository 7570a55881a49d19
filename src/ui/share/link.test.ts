import { describe, expect, it } from 'vitest';
import { decodeScenario, encodeScenario, SHARE_LIMITS } from './link';

const lessons = (id: string) => ({ 'client-daemon': 4 })[id];
const b64 = (text: string) =>
  Buffer.from(text, 'utf8')
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

describe('shared scenario links', () => {
  it('round-trips commands, setup and lesson steps, non-ASCII included', () => {
    const scenario = {
      v: 1 as const,
      setup: ['docker pull nginx'],
      commands: ['docker run -e A=é nginx'],
    };
    expect(decodeScenario(encodeScenario(scenario), lessons)).toEqual({
      ok: true,
      value: scenario,
    });
    const lesson = { v: 1 as const, lesson: 'client-daemon', step: 2 };
    expect(decodeScenario(encodeScenario(lesson), lessons)).toEqual({ ok: true, value: lesson });
  });

  it.each([
    ['bad base64', '#s=***', /encoding/],
    ['bad JSON', `#s=${b64('{"v":1,"commands":[')}`, /not valid JSON/],
    ['a 1 MB payload', `#s=${'A'.repeat(1_000_000)}`, /too large/],
    ['wrong types', `#s=${b64('{"v":1,"commands":"docker ps"}')}`, /not a list/],
    ['a number as a command', `#s=${b64('{"v":1,"commands":[1]}')}`, /not text/],
    ['an unknown version', `#s=${b64('{"v":2,"commands":["docker ps"]}')}`, /version/],
    [
      'a script tag as lesson id',
      `#s=${b64('{"v":1,"lesson":"<script>alert(1)</script>"}')}`,
      /not valid/,
    ],
    ['an unknown lesson', `#s=${b64('{"v":1,"lesson":"nope"}')}`, /no lesson/],
    ['a step past the end', `#s=${b64('{"v":1,"lesson":"client-daemon","step":4}')}`, /no step 4/],
    [
      'too many commands',
      `#s=${b64(JSON.stringify({ v: 1, commands: Array(SHARE_LIMITS.maxCommands + 1).fill('docker ps') }))}`,
      /more than/,
    ],
    [
      'escape sequences',
      `#s=${b64(JSON.stringify({ v: 1, commands: ['docker ps\u001b[2J'] }))}`,
      /control/,
    ],
    ['no commands', `#s=${b64('{"v":1,"commands":[]}')}`, /no commands/],
    ['an array', `#s=${b64('[]')}`, /not an object/],
  ])('refuses %s', (_what, hash, reason) => {
    const r = decodeScenario(hash, lessons);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
