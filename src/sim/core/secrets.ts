// Credentials that travel in Engine API requests, and how DockScope keeps them out of its
// trace. `npm run daemon` redacts them at the door, before the request is recorded or
// handed to the simulated dockerd; the inspector explains the mark it leaves in their place.

import { dictFrom } from './records';

/**
 * Request headers that carry a credential, with what the credential is (lower-case names:
 * HTTP header names are case-insensitive, Node gives them lower-cased).
 */
export const SECRET_HEADERS: Readonly<Record<string, string>> = {
  'x-registry-auth':
    'the registry login: base64url JSON of a username and password (or an identity token) that the docker CLI sends with a pull or push once you have run `docker login`',
  'x-registry-config':
    'the registry logins for a build: base64url JSON of every login the docker CLI has stored',
  authorization: 'credentials for this request',
  'proxy-authorization': 'credentials for a proxy',
  cookie: 'a browser cookie',
  'set-cookie': 'a browser cookie',
};

/**
 * Body fields that are secrets, per Engine API path (without its `/v1.xx` prefix). Go's
 * encoding/json matches field names case-insensitively, so dockerd reads `Password` and
 * `PASSWORD` as `password`: the names are compared lower-cased.
 */
const SECRET_FIELDS: ReadonlyArray<{ path: RegExp; fields: readonly string[]; what: string }> = [
  // No Engine API body has a top-level field of these names but a login: a login sent to any
  // other path (by mistake, or to probe the daemon) is redacted as well.
  {
    path: /^/,
    fields: ['password', 'identitytoken', 'registrytoken'],
    what: 'a registry password or token (a login sent to this path)',
  },
  {
    path: /^\/auth$/,
    fields: ['password', 'auth', 'identitytoken', 'registrytoken'],
    what: 'the registry password `docker login` sends to dockerd to check',
  },
  { path: /^\/secrets\/create$/, fields: ['data'], what: 'the content of a swarm secret' },
  { path: /^\/secrets\/[^/]+\/update$/, fields: ['data'], what: 'the content of a swarm secret' },
  {
    path: /^\/swarm\/join$/,
    fields: ['jointoken'],
    what: 'the token that admits a node to a swarm',
  },
  { path: /^\/swarm\/unlock$/, fields: ['unlockkey'], what: 'the key that unlocks a swarm' },
];

const MARK = /^\[redacted by DockScope: [^\]]*\]$/;

/** What a redacted value becomes: its size stays visible, its content does not. */
export function redactedMark(value: unknown): string {
  return typeof value === 'string'
    ? `[redacted by DockScope: ${new TextEncoder().encode(value).length} bytes]`
    : `[redacted by DockScope: a ${Array.isArray(value) ? 'list' : typeof value}]`;
}

export function isRedactedMark(value: unknown): value is string {
  return typeof value === 'string' && MARK.test(value);
}

const unversioned = (path: string) => path.replace(/^\/v\d+\.\d+(?=\/)/, '');

/** Whether requests to `path` may carry a secret in their body (its first bytes are then never kept). */
export function bodyMayHoldSecret(path: string): boolean {
  const p = unversioned(path);
  return SECRET_FIELDS.some((s) => s.path.source !== '^' && s.path.test(p));
}

/** Why the value of header `name`, or of body field `field` on `path`, was redacted. */
export function whyRedacted(name: string, path?: string): string | undefined {
  const header = SECRET_HEADERS[name.toLowerCase()];
  if (header) return header;
  if (path === undefined) return undefined;
  const p = unversioned(path);
  // The rule of this very path, before the one of every path.
  const rule = SECRET_FIELDS.findLast(
    (s) => s.path.test(p) && s.fields.includes(name.toLowerCase()),
  );
  return rule?.what;
}

/** Headers with every credential replaced by its mark. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return dictFrom(
    Object.entries(headers).map(([k, v]) => [
      k,
      k.toLowerCase() === 'x-registry-auth'
        ? redactRegistryAuth(v)
        : SECRET_HEADERS[k.toLowerCase()]
          ? redactedMark(v)
          : v,
    ]),
  );
}

const AUTH_SECRETS = new Set(['password', 'auth', 'identitytoken', 'registrytoken']);

/**
 * X-Registry-Auth with only its secrets marked: the base64url JSON keeps the username and
 * the registry (dockerd needs them to push as that user), the password becomes its mark.
 * A header that is not base64url JSON of an object is marked whole.
 */
export function redactRegistryAuth(header: string): string {
  let parsed: unknown;
  try {
    const binary = atob(header.replace(/-/g, '+').replace(/_/g, '/'));
    parsed = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        Uint8Array.from(binary, (c) => c.charCodeAt(0)),
      ),
    );
  } catch {
    return redactedMark(header);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return redactedMark(header);
  const redacted = dictFrom(
    Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [
      k,
      AUTH_SECRETS.has(k.toLowerCase()) ? redactedMark(v) : v,
    ]),
  );
  const bytes = new TextEncoder().encode(JSON.stringify(redacted));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/**
 * A request body with its secret fields replaced by their mark (top-level fields of a JSON
 * object, as the Engine API puts them). Anything else is returned as it is.
 */
export function redactBody(path: string, body: unknown): unknown {
  const p = unversioned(path);
  const rules = SECRET_FIELDS.filter((s) => s.path.test(p));
  if (rules.length === 0 || typeof body !== 'object' || body === null || Array.isArray(body))
    return body;
  const secret = new Set(rules.flatMap((r) => r.fields));
  // A null-prototype record: a `__proto__` key stays a plain key.
  return dictFrom(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [
      k,
      secret.has(k.toLowerCase()) ? redactedMark(v) : v,
    ]),
  );
}
