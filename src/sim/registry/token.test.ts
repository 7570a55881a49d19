import { describe, expect, it } from 'vitest';
import { grants, signToken, verifyToken, type TokenClaims } from './token';
import { Engine } from '../engine';

const claims: TokenClaims = {
  iss: 'auth.docker.io',
  aud: 'registry.docker.io',
  iat: 1_768_467_600,
  exp: 1_768_467_900,
  jti: 'abc',
  access: [{ type: 'repository', name: 'library/alpine', actions: ['pull'] }],
};

describe('Docker Hub pull tokens: the registry checks a signature, it keeps no list', () => {
  it('verifies what the token service signed, and reads its claims', () => {
    const token = signToken(claims);
    expect(token).toMatch(/^eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9\.[\w-]+\.[\w-]+$/);
    expect(verifyToken(token)).toEqual(claims);
    expect(grants(claims, 'library/alpine', 'pull')).toBe(true);
    expect(grants(claims, 'library/nginx', 'pull')).toBe(false);
    expect(grants(claims, 'library/alpine', 'push')).toBe(false);
  });

  it('refuses a token whose claims were changed, a made-up one, and garbage', () => {
    const token = signToken(claims);
    const [head, , sig] = token.split('.');
    const widened = Buffer.from(
      JSON.stringify({ ...claims, access: [{ ...claims.access[0], name: 'library/nginx' }] }),
    ).toString('base64url');
    expect(verifyToken(`${head}.${widened}.${sig}`)).toBeUndefined();
    expect(verifyToken(`${head}.${token.split('.')[1]}.AAAA`)).toBeUndefined();
    expect(verifyToken('not a token')).toBeUndefined();
    expect(verifyToken('')).toBeUndefined();
  });

  it('a pull gets a token for its own repository, and the registry serves it on the signature alone', () => {
    const engine = new Engine({ seed: 1 });
    expect(engine.run('docker pull alpine').exitCode).toBe(0);
    const token = engine.trace.find((m) => m.op === 'auth.token.get' && m.kind === 'response')!
      .response as { token: string };
    expect(verifyToken(token.token)?.access).toEqual([
      { type: 'repository', name: 'library/alpine', actions: ['pull'] },
    ]);
    expect(
      engine.world.registry.getSnapshot().context,
      'the registry keeps no tokens, only what it served',
    ).not.toHaveProperty('tokens');
  });
});
