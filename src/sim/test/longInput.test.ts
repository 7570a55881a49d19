/**
 * Long user input must cost linear time. A regular expression that can try a
 * long run of blanks from every position (`/ +$/`, `/\s*\n\s*\/`) is
 * quadratic: one 95,000-character command froze `docker ps --no-trunc` for
 * seconds (and, behind `npm run daemon`, the event loop with it).
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { table } from '../client/format';
import { matchesReference } from '../dockerd/imageFilters';
import { parseReference } from '../image/reference';

/** Generous: the linear versions take a few milliseconds; the quadratic ones took seconds. */
const BOUND_MS = 1000;

function timed(f: () => void): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

const BLANKS = ' '.repeat(95_000);

describe('long input is handled in linear time', () => {
  it('table() trims trailing blanks without backtracking over a long run of spaces', () => {
    const row = ['a', `x${BLANKS}y`, 'z'];
    let out = '';
    expect(timed(() => (out = table([row, ['b', 'c', 'd']])))).toBeLessThan(BOUND_MS);
    expect(out.split('\n')[0]!.endsWith('z')).toBe(true);
    // Only spaces are trimmed, like the tabwriter's padding; the last cell is not padded.
    expect(table([['a', 'b  ']])).toBe('a         b\n');
    expect(table([['a', '']])).toBe('a\n');
  });

  it('docker ps -a --no-trunc lists a container whose command is 95,000 characters', () => {
    const engine = new Engine({ seed: 1 });
    // One argument that is a long run of blanks between two letters.
    engine.run(`docker create alpine echo "a${BLANKS}b"`);
    let r: ReturnType<Engine['run']> | undefined;
    expect(timed(() => (r = engine.run('docker ps -a --no-trunc')))).toBeLessThan(BOUND_MS);
    expect(r!.exitCode).toBe(0);
    expect(r!.stdout).toContain(`"echo 'a${BLANKS}b'"`);
  });

  it('the trace summary of a long output line of blanks is cut in linear time', () => {
    const engine = new Engine({ seed: 1 });
    let r: ReturnType<Engine['run']> | undefined;
    const ms = timed(() => (r = engine.run(`docker run alpine echo "a${BLANKS}b"`)));
    expect(ms).toBeLessThan(BOUND_MS * 3); // a whole run: pull, create, start, attach
    expect(r!.stdout).toBe(`a${BLANKS}b\n`);
  });

  it('sh -c splits a long script of blanks in linear time', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker pull alpine');
    let r: ReturnType<Engine['run']> | undefined;
    const ms = timed(() => (r = engine.run(`docker run alpine sh -c "echo a${BLANKS}b"`)));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(r!.stdout).toBe('a b\n');
  });

  it('a program path with a long run of slashes is checked in linear time', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker pull alpine');
    let r: ReturnType<Engine['run']> | undefined;
    const prog = `/bin${'/'.repeat(95_000)}x`;
    expect(timed(() => (r = engine.run(`docker run alpine ${prog}`)))).toBeLessThan(BOUND_MS);
    expect(r!.exitCode).toBe(127);
    expect(engine.run('docker run alpine /bin///').stderr).toContain('is a directory');
  });

  it('an image filter pattern with many stars is matched like Go path.Match, not by backtracking', () => {
    const pattern = `${'a*'.repeat(30)}b`;
    const name = 'a'.repeat(5000);
    let hit = true;
    expect(timed(() => (hit = matchesReference(pattern, name)))).toBeLessThan(BOUND_MS);
    expect(hit).toBe(false);
    expect(matchesReference('ng*x', 'nginx:latest')).toBe(true);
    expect(matchesReference('a*/b?', 'a1/bc:latest')).toBe(true);
    expect(matchesReference('a*', 'a/b:latest')).toBe(false);
    expect(matchesReference('[a-c]lpine', 'alpine:3')).toBe(true);
    expect(matchesReference('[^a]lpine', 'alpine:3')).toBe(false);
  });

  it('a long reference is parsed in linear time', () => {
    for (const input of [
      `${'a'.repeat(95_000)}!`,
      `${'a-'.repeat(47_000)}!`,
      `${'a.'.repeat(47_000)}/x`,
      `a:${'b'.repeat(95_000)}`,
    ]) {
      expect(timed(() => parseReference(input))).toBeLessThan(BOUND_MS);
    }
  });
});
