import { describe, expect, it } from 'vitest';
import { canonicalString, familiarString, parseReference, withDefaultTag } from './reference';

const parsed = (s: string) => {
  const r = parseReference(s);
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('parseReference', () => {
  it('normalises Docker Hub official images', () => {
    const r = withDefaultTag(parsed('nginx'));
    expect(canonicalString(r)).toBe('docker.io/library/nginx:latest');
    expect(familiarString(r)).toBe('nginx:latest');
  });

  it('keeps user repositories, tags, digests and other registries', () => {
    expect(canonicalString(parsed('user/app:v1'))).toBe('docker.io/user/app:v1');
    expect(parsed('localhost:5000/app').domain).toBe('localhost:5000');
    expect(familiarString(parsed('ghcr.io/a/b:1'))).toBe('ghcr.io/a/b:1');
    const d = 'sha256:' + 'a'.repeat(64);
    expect(parsed(`alpine@${d}`).digest).toBe(d);
  });

  it('finds the registry host as distribution/reference does: a first part with "." or ":", or localhost', () => {
    const cases: Array<[string, string, string]> = [
      ['nginx', 'docker.io', 'library/nginx'],
      ['docker.io/nginx', 'docker.io', 'library/nginx'],
      ['index.docker.io/nginx', 'docker.io', 'library/nginx'],
      ['docker.io/user/app', 'docker.io', 'user/app'],
      ['localhost/nginx', 'localhost', 'nginx'],
      ['localhost:5000/nginx', 'localhost:5000', 'nginx'],
      ['ghcr.io/o/r', 'ghcr.io', 'o/r'],
      ['registry.example.com/team/app', 'registry.example.com', 'team/app'],
      ['myregistry:5000/team/app', 'myregistry:5000', 'team/app'],
      ['10.0.0.5:5000/app', '10.0.0.5:5000', 'app'],
      // No dot, colon or localhost: a Docker Hub user, not a host; library/ only for docker.io.
      ['myregistry/app', 'docker.io', 'myregistry/app'],
    ];
    for (const [input, domain, path] of cases)
      expect(parsed(input), input).toMatchObject({ domain, path });
  });

  it('rejects what the CLI rejects, with its words', () => {
    expect(parseReference('NGINX')).toEqual({
      ok: false,
      error: 'invalid reference format: repository name (library/NGINX) must be lowercase',
    });
    expect(parseReference('nginx:')).toEqual({ ok: false, error: 'invalid reference format' });
    expect(parseReference('')).toEqual({ ok: false, error: 'invalid reference format' });
    expect(parseReference('a b')).toEqual({ ok: false, error: 'invalid reference format' });
    expect(parseReference('f'.repeat(64))).toMatchObject({ ok: false });
  });
});
