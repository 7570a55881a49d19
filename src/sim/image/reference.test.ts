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
