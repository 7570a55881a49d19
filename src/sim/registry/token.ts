/**
 * Docker Hub's pull tokens, as the token service issues them and the registry
 * checks them: a JWT (`header.claims.signature`, each part base64url) whose
 * claims say which repository it may pull and until when. The registry keeps
 * no list of issued tokens: it checks the signature with the token service's
 * public key and reads the claims (distribution's token authenticator).
 *
 * DockScope's signature is a stand-in, not cryptography: a digest of the
 * header and claims under a key both sides know, so a token that was altered
 * or made up fails the check, as a forged RS256 signature would.
 */

/** `{"alg":"RS256","typ":"JWT"}`, base64url: what Docker Hub's tokens start with. */
const HEADER = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
/** The token service's signing key, and the public half the registry is configured with. */
const HUB_KEY = 'dockscope-hub-signing-key';

export interface TokenClaims {
  iss: string;
  aud: string;
  /** Seconds since 1970. */
  iat: number;
  exp: number;
  jti: string;
  access: { type: 'repository'; name: string; actions: string[] }[];
}

/** A signed token carrying `claims`. */
export function signToken(claims: TokenClaims): string {
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${signature(body)}`;
}

/** The claims of `token` if its signature checks out, else undefined (forged, altered, not a JWT). */
export function verifyToken(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
  const body = `${parts[0]}.${parts[1]}`;
  if (parts[2] !== signature(body)) return undefined;
  try {
    return JSON.parse(fromBase64url(parts[1]!)) as TokenClaims;
  } catch {
    return undefined;
  }
}

/** Whether `claims` allow `action` on `repository`. */
export function grants(claims: TokenClaims, repository: string, action: string): boolean {
  return claims.access.some(
    (a) => a.type === 'repository' && a.name === repository && a.actions.includes(action),
  );
}

/** 32 bytes (base64url) from two FNV-1a passes over the key and `body`: stable, and changes with any byte. */
function signature(body: string): string {
  const bytes: number[] = [];
  for (let round = 0; round < 8; round++) {
    let h = (0x811c9dc5 ^ round) >>> 0;
    const input = `${HUB_KEY}:${round}:${body}`;
    for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input.charCodeAt(i), 0x01000193) >>> 0;
    bytes.push(h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255);
  }
  return bytesToBase64url(bytes);
}

function base64url(text: string): string {
  return bytesToBase64url([...new TextEncoder().encode(text)]);
}

function bytesToBase64url(bytes: readonly number[]): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64url(s: string): string {
  const binary = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
