import { describe, expect, it } from 'vitest';
import { decodeScenario, encodeScenario, SHARE_LIMITS } from './link';
import { sessionCommands } from './actions';

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

  it('round-trips the waits between commands; a link without them still opens', () => {
    const timed = {
      v: 1 as const,
      setup: [],
      commands: ['docker run -d alpine sleep 2', 'docker ps -a'],
      waits: [0, 5000],
    };
    expect(decodeScenario(encodeScenario(timed), lessons)).toEqual({ ok: true, value: timed });
    const old = decodeScenario(`#s=${b64('{"v":1,"commands":["docker ps"]}')}`, lessons);
    expect(old).toEqual({ ok: true, value: { v: 1, setup: [], commands: ['docker ps'] } });
  });

  it('a session gives its commands with the simulated time between them, capped', () => {
    const { commands, waits } = sessionCommands([
      { op: 'advance', ms: 99_000 },
      { op: 'run', line: 'docker run -d alpine sleep 2' },
      { op: 'advance', ms: 500 },
      { op: 'advance', ms: 4500 },
      { op: 'run', line: 'docker ps -a' },
      { op: 'advance', ms: SHARE_LIMITS.maxWaitMs * 10 },
      { op: 'run', line: 'docker ps' },
    ]);
    expect(commands).toEqual(['docker run -d alpine sleep 2', 'docker ps -a', 'docker ps']);
    // Before the first command the host is empty: no wait; over the cap, the cap.
    expect(waits).toEqual([0, 5000, SHARE_LIMITS.maxWaitMs]);
    const checked = decodeScenario(encodeScenario({ v: 1, setup: [], commands, waits }), lessons);
    expect(checked.ok).toBe(true);
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
    ['bad JSON, worded', `#s=${b64('{"v":1')}`, /^the scenario is not valid JSON$/],
    [
      'waits not matching the commands',
      `#s=${b64('{"v":1,"commands":["docker ps"],"waits":[0,1]}')}`,
      /do not match/,
    ],
    [
      'a negative wait',
      `#s=${b64('{"v":1,"commands":["docker ps"],"waits":[-5]}')}`,
      /not a valid time/,
    ],
    [
      'a fractional wait',
      `#s=${b64('{"v":1,"commands":["docker ps"],"waits":[0.5]}')}`,
      /not a valid time/,
    ],
    [
      'a wait over the cap',
      `#s=${b64(JSON.stringify({ v: 1, commands: ['docker ps'], waits: [SHARE_LIMITS.maxWaitMs + 1] }))}`,
      /not a valid time/,
    ],
    [
      'waits adding up past the total cap',
      `#s=${b64(JSON.stringify({ v: 1, commands: Array(5).fill('docker ps'), waits: Array(5).fill(SHARE_LIMITS.maxWaitMs) }))}`,
      /more than an hour/,
    ],
    ['an array', `#s=${b64('[]')}`, /not an object/],
  ])('refuses %s', (_what, hash, reason) => {
    const r = decodeScenario(hash, lessons);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
