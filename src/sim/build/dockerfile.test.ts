import { describe, expect, it } from 'vitest';
import { parseDockerfile, suggest } from './dockerfile';
import {
  collectContext,
  isIgnored,
  parseDockerignore,
  resolveSources,
  stepCacheKey,
} from './context';
import { STARTER_PROJECTS } from '../shell/starterProjects';

const error = (text: string) => {
  const r = parseDockerfile(text);
  return r.ok ? undefined : [r.message, r.line];
};

describe("the Dockerfile frontend (BuildKit's instructions.Parse)", () => {
  it('parses stages, names, flags, the exec form and ENV pairs', () => {
    const r = parseDockerfile(
      '# syntax=docker/dockerfile:1\nARG BASE=alpine\nFROM golang:1.23 AS Build\nCOPY --from=build --chown=1:1 a b /x/\nRUN echo hi \\\n  && echo there\nFROM ${BASE}:3.20\nENV A=1 B="two words"\nENV C d e\nCMD ["node", "s.js"]\nENTRYPOINT echo hi\n',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.syntax).toBe('docker/dockerfile:1');
    expect(r.metaArgs).toEqual([['BASE', 'alpine']]);
    expect(r.stages.map((s) => [s.base, s.name, s.line])).toEqual([
      ['golang:1.23', 'build', 3],
      ['${BASE}:3.20', undefined, 7],
    ]);
    const [copy, run] = r.stages[0]!.steps;
    expect(copy).toMatchObject({
      keyword: 'COPY',
      flags: { from: 'build', chown: '1:1' },
      args: ['a', 'b', '/x/'],
    });
    expect(run!.text).toBe('echo hi   && echo there');
    const [env1, env2, cmd, entry] = r.stages[1]!.steps;
    expect(env1!.pairs).toEqual([
      ['A', '1'],
      ['B', 'two words'],
    ]);
    expect(env2!.pairs).toEqual([['C', 'd e']]);
    expect(cmd!.json).toEqual(['node', 's.js']);
    expect(entry!.json).toBeUndefined();
  });

  it('parses every starter project', () => {
    for (const [path, text] of STARTER_PROJECTS)
      if (path.endsWith('Dockerfile')) expect(parseDockerfile(text).ok, path).toBe(true);
  });

  it("reports broken Dockerfiles with BuildKit's text and line number", () => {
    expect(error('')).toEqual(['file with no instructions', undefined]);
    expect(error('# only a comment\n')).toEqual(['file with no instructions', undefined]);
    expect(error('FROM alpine\nFORM x\n')).toEqual([
      'dockerfile parse error on line 2: unknown instruction: FORM (did you mean FROM?)',
      2,
    ]);
    expect(error('FROM alpine\nbogus x\n')).toEqual([
      'dockerfile parse error on line 2: unknown instruction: bogus',
      2,
    ]);
    expect(error('RUN echo\n')).toEqual(['no build stage in current context', 1]);
    expect(error('FROM a b\n')).toEqual([
      'dockerfile parse error on line 1: FROM requires either one or three arguments',
      1,
    ]);
    expect(error('FROM a AS 1x\n')).toEqual([
      `dockerfile parse error on line 1: invalid name for build stage: "1x", name can't start with a number or contain symbols`,
      1,
    ]);
    expect(error('FROM a\nCOPY x\n')).toEqual([
      'dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined',
      2,
    ]);
    expect(error('FROM a\nWORKDIR a b\n')![0]).toBe(
      'dockerfile parse error on line 2: WORKDIR requires exactly one argument',
    );
    expect(error('FROM a\nENV X\n')![0]).toBe(
      'dockerfile parse error on line 2: ENV must have two arguments',
    );
    expect(error('FROM a\nCOPY --form=b x y\n')![0]).toBe(
      'dockerfile parse error on line 2: unknown flag: --form (did you mean from?)',
    );
    expect(error('FROM a\nHEALTHCHECK CMD\n')![0]).toBe(
      'dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD',
    );
  });

  it('suggests as util/suggest does: distance under 3, in the typed case', () => {
    expect(suggest('form', ['FROM', 'RUN'])).toBe('from');
    expect(suggest('Cpy', ['COPY'])).toBe('copy');
    expect(suggest('XYZZY', ['FROM'])).toBeUndefined();
  });
});

describe('the build context (filesync with .dockerignore, moby/patternmatcher)', () => {
  it('drops what .dockerignore matches, a directory pattern excluding what is below it, ! re-including', () => {
    const p = parseDockerignore('# comment\n/node_modules\n*.md\n!KEEP.md\n**/*.log\n');
    expect(isIgnored(p, 'node_modules/x/y.js')).toBe(true);
    expect(isIgnored(p, 'README.md')).toBe(true);
    expect(isIgnored(p, 'KEEP.md')).toBe(false);
    expect(isIgnored(p, 'docs/a.md')).toBe(false);
    expect(isIgnored(p, 'a/b/c.log')).toBe(true);
    expect(isIgnored(p, 'c.log')).toBe(true);
    expect(isIgnored(p, 'src/index.js')).toBe(false);
  });

  it("collects a starter project's context without its ignored files", () => {
    const files = new Map(STARTER_PROJECTS.map(([p, t]) => [`/home/learner/${p}`, t]));
    const { context, ignored } = collectContext(files, '/home/learner/site');
    expect([...context.keys()]).toEqual(['.dockerignore', 'Dockerfile', 'public/index.html']);
    expect(ignored).toEqual(['README.md']);
  });

  it('resolves COPY sources: a file, a directory’s contents, a wildcard; a missing one is named as contenthash names it', () => {
    const ctx = new Map([
      ['a.txt', 'A'],
      ['src/x.js', 'X'],
      ['src/lib/y.js', 'Y'],
    ]);
    expect(resolveSources(ctx, ['a.txt'])).toEqual({ ok: true, files: [['a.txt', 'A']] });
    expect(resolveSources(ctx, ['src/'])).toEqual({
      ok: true,
      files: [
        ['x.js', 'X'],
        ['lib/y.js', 'Y'],
      ],
    });
    expect(resolveSources(ctx, ['*.txt'])).toEqual({ ok: true, files: [['a.txt', 'A']] });
    expect(resolveSources(ctx, ['./nope/../missing.txt'])).toEqual({
      ok: false,
      missing: '/missing.txt',
    });
  });

  it('keys a COPY by the content it copies: the same files give the same key, one changed file a new one', () => {
    const r = parseDockerfile('FROM alpine\nCOPY . /app\nRUN ls /app\n');
    if (!r.ok) throw new Error(r.message);
    const [copy, run] = r.stages[0]!.steps;
    const k1 = stepCacheKey('base', copy!, [['a', '1']]);
    const k2 = stepCacheKey('base', copy!, [['a', '1']]);
    const k3 = stepCacheKey('base', copy!, [['a', '2']]);
    expect(k1).toBe(k2);
    expect(k3).not.toBe(k1);
    // The RUN after it has a new key too, because its parent's changed.
    expect(stepCacheKey(k1, run!)).not.toBe(stepCacheKey(k3, run!));
    expect(stepCacheKey(k1, run!)).toBe(stepCacheKey(k2, run!));
  });
});
