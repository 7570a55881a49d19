/**
 * Issue 9 found sentences that taught something false. This test reads every
 * file a learner's text can come from (the engine's summaries, narration,
 * inspector, lessons, questions, drills, the page's chrome, the README) and
 * fails if one of the old wrong sentences comes back, in any wording we
 * have seen. Tests are skipped: they quote the old sentences on purpose.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'vendor' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const FILES = [...sources(join(ROOT, 'src')), join(ROOT, 'README.md')].map((path) => ({
  path: path.slice(ROOT.length + 1),
  // Line breaks inside a sentence (JSX, wrapped strings) must not hide it.
  text: readFileSync(path, 'utf8').replace(/\s+/g, ' '),
}));

const WRONG: ReadonlyArray<readonly [string, RegExp]> = [
  [
    'Ctrl-C stops an attached container (it forwards SIGINT; the program decides)',
    /Ctrl(-|<\/kbd>\+<kbd>)C(<\/kbd>)? stops (it|an attached|the container)/i,
  ],
  ['runc mounts the overlay (dockerd mounts the rootfs)', /runc mounts the overlay/i],
  ['the abridged seccomp sample counted as the profile', /47 syscalls allowed/],
  ['a SIGKILL death told as an exit status', /exited with status 137/],
  [
    'containerd and runc only at start (the snapshotter works at create)',
    /only take part when a container starts/,
  ],
  ['a repository that is only not carried, said not to exist', /is not a public repository/],
];

describe('the old wrong sentences of issue 9 stay gone', () => {
  it('scans a real set of files', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.some((f) => f.path === 'src/ui/chrome/HintLine.tsx')).toBe(true);
  });
  it.each(WRONG)('%s', (_what, pattern) => {
    expect(FILES.filter((f) => pattern.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});

/**
 * Issue 11 let the CLI reach other daemons (-H, DOCKER_HOST, contexts: tcp, TLS, ssh), which
 * made some sentences about the one local daemon untrue.
 */
const WRONG_SINCE_MANY_DAEMONS: ReadonlyArray<readonly [string, RegExp]> = [
  [
    'the CLI reaches dockerd only over /var/run/docker.sock (docker/cli opts/hosts.go: tcp, ssh too)',
    /only ever talks to dockerd|API version it speaks, over \/var\/run\/docker\.sock|Engine API over a Unix socket, or the registry/i,
  ],
  [
    'with --tls alone the CLI checks the certificate "against no CA" (it skips the check: InsecureSkipVerify)',
    /against no CA/,
  ],
];

describe('sentences about one local daemon stay true with many daemons', () => {
  it.each(WRONG_SINCE_MANY_DAEMONS)('%s', (_what, pattern) => {
    expect(FILES.filter((f) => pattern.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});
