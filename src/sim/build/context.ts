import { digestOf } from '../image/digest';
import type { Step } from './dockerfile';

/**
 * The build context as BuildKit's session filesync sends it: the files under
 * the context directory, minus what `.dockerignore` excludes (the client's
 * fsutil walks with moby/patternmatcher), and what COPY/ADD take from it.
 */

/** One `.dockerignore` line, as ignorefile.ReadAll keeps it. */
export interface IgnorePattern {
  pattern: string;
  exclusion: boolean;
  regex: RegExp;
}

/** path.Clean for a relative slash path (`.` for nothing). */
function clean(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out.at(-1) !== '..') out.pop();
      else if (!path.startsWith('/')) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return path.startsWith('/') ? `/${joined}` : joined || '.';
}

/** patternmatcher's compile: `**` any depth, `*` and `?` within one path element, `[…]` classes. */
function compile(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` also matches nothing at all; a trailing `**` matches everything below.
        if (pattern[i + 1] === '/') {
          i++;
          re += '(.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += /[.+^${}()|\]\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(`${re}$`);
}

/** ignorefile.ReadAll: comments and blank lines dropped, `!` inverts, paths cleaned, a leading `/` removed. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let exclusion = false;
    if (line.startsWith('!')) {
      exclusion = true;
      line = line.slice(1).trim();
      if (line === '') continue;
    }
    let pattern = clean(line);
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    out.push({ pattern, exclusion, regex: compile(pattern) });
  }
  return out;
}

/**
 * PatternMatcher.MatchesOrParentMatches: whether a context path is left out.
 * Each pattern in order may flip the answer; a pattern matching a directory
 * above the file counts as matching the file.
 */
export function isIgnored(patterns: readonly IgnorePattern[], path: string): boolean {
  const parents = path.split('/').slice(0, -1);
  let matched = false;
  for (const p of patterns) {
    if (p.exclusion !== matched) continue;
    let match = p.regex.test(path);
    for (let i = 0; !match && i < parents.length; i++)
      match = p.regex.test(parents.slice(0, i + 1).join('/'));
    if (match) matched = !p.exclusion;
  }
  return matched;
}

/** The context: relative path → content, for the files filesync sends. */
export type BuildContext = ReadonlyMap<string, string>;

/**
 * The files under `root` (absolute) that the client sends: `.dockerignore`
 * at the root applies to all of them. The Dockerfile and .dockerignore
 * themselves go too unless ignored, as with fsutil.
 */
export function collectContext(
  files: ReadonlyMap<string, string>,
  root: string,
): { context: Map<string, string>; ignored: string[] } {
  const prefix = root === '/' ? '/' : `${root}/`;
  const patterns = parseDockerignore(files.get(`${prefix}.dockerignore`) ?? '');
  const context = new Map<string, string>();
  const ignored: string[] = [];
  const paths = [...files.keys()].filter((p) => p.startsWith(prefix)).sort();
  for (const abs of paths) {
    const rel = abs.slice(prefix.length);
    if (isIgnored(patterns, rel)) ignored.push(rel);
    else context.set(rel, files.get(abs)!);
  }
  return { context, ignored };
}

/** A COPY/ADD source resolved against the context: the files it takes, with paths relative to the source. */
export type Sources =
  | { ok: true; files: [string, string][] }
  | {
      ok: false;
      /** The source as contenthash reports it: cleaned, absolute in the context (`"/x": not found`). */
      missing: string;
    };

/**
 * What COPY/ADD sources take from the context: a file, a directory's
 * contents (`site/` → everything below it), or a `*` / `?` wildcard. A
 * source that matches nothing fails like BuildKit's checksum of it.
 */
export function resolveSources(context: BuildContext, sources: readonly string[]): Sources {
  const files: [string, string][] = [];
  for (const src of sources) {
    const rel = clean(`/${src}`).slice(1);
    if (/[*?[]/.test(rel)) {
      const re = compile(rel);
      const hits = [...context].filter(([p]) => re.test(p));
      if (hits.length === 0) return { ok: false, missing: `/${rel}` };
      for (const [p, text] of hits) files.push([p.slice(p.lastIndexOf('/') + 1), text]);
      continue;
    }
    const direct = context.get(rel);
    if (direct !== undefined) {
      files.push([rel.slice(rel.lastIndexOf('/') + 1), direct]);
      continue;
    }
    const under = rel === '' ? '' : `${rel}/`;
    const inside = [...context].filter(([p]) => p.startsWith(under));
    if (inside.length === 0) return { ok: false, missing: `/${rel}` };
    for (const [p, text] of inside) files.push([p.slice(under.length), text]);
  }
  return { ok: true, files };
}

/**
 * A step's cache key, as BuildKit derives its keys: from the parent's key and
 * the operation, and for COPY/ADD from the checksum of the files copied (not
 * their names in the Dockerfile). DockScope's digests are its own: BuildKit
 * digests the LLB vertex, which DockScope does not serialise.
 */
export function stepCacheKey(
  parent: string,
  step: Step,
  copied?: readonly (readonly [string, string])[],
): string {
  const content = copied ? digestOf(copied.map(([p, t]) => `${p}\0${digestOf(t)}`).join('\n')) : '';
  return digestOf(
    `${parent}\n${step.keyword} ${JSON.stringify(step.flags)} ${step.text}\n${content}`,
  );
}
