import type { Host } from '../host';
import type { Inbound } from '../core/network';
import type { Task } from '../core/scheduler';
import { AUTH_MACHINE, AUTH_SERVICE, HUB_MACHINE } from '../registry/hub';
import { isRedactedMark, redactedMark } from '../core/secrets';
import { DaemonError } from './errors';
import { rtt } from './pullWire';
import { registryRoute } from './registryHosts';

/** The fields of a `POST /auth` body dockerd reads (Go's JSON is case-insensitive). */
export interface LoginBody {
  username: string;
  password: string;
  serveraddress: string;
}

/** Read a login body as Go's encoding/json does: field names case-insensitively. */
export function loginBodyOf(body: unknown): LoginBody {
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const field = (name: string) => {
    const key = Object.keys(o).find((k) => k.toLowerCase() === name);
    const v = key === undefined ? undefined : o[key];
    return typeof v === 'string' ? v : '';
  };
  return {
    username: field('username'),
    password: field('password'),
    serveraddress: field('serveraddress'),
  };
}

/** A registry address as `docker login` names it: `''`, Docker Hub's index URL, or host[:port]. */
export function loginHost(serverAddress: string): string {
  const host = serverAddress.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return ['', 'index.docker.io', 'docker.io', 'registry-1.docker.io'].includes(host)
    ? 'docker.io'
    : host;
}

/**
 * `POST /auth`: dockerd checks the credentials by logging in to the registry
 * itself (moby 28 registry/auth.go loginV2): `GET /v2/` answers 401 with a
 * Bearer challenge, the token handler asks the token service for a token
 * with the username and password (Basic, `account=`, `offline_token=true`,
 * `client_id=docker`, no scope), and `GET /v2/` with that token answers 200.
 * A refused login is an Unauthorized error:
 * `Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password`.
 *
 * The password travels only as DockScope's mark (`[redacted by DockScope: N bytes]`):
 * what the simulated wire records never holds it.
 */
export function* registryLogin(host: Host, inbound: Inbound, body: LoginBody): Task<string> {
  const domain = loginHost(body.serveraddress);
  const route = registryRoute(domain);
  if (route.kind !== 'hub')
    throw new DaemonError(
      'System',
      `Get "https://${domain}/v2/": DockScope does not simulate logins to ${domain} (only to Docker Hub)`,
    );
  const url = 'https://registry-1.docker.io/v2/';
  const ping = () =>
    inbound.call({
      to: 'registry',
      host: HUB_MACHINE,
      protocol: 'http',
      operation: 'GET /v2/',
      op: 'registry.v2.login',
      request: { method: 'GET', path: '/v2/' },
      summary: 'dockerd pings the registry to learn how it wants to be logged in to',
      latency: rtt(host),
    });
  const first = yield* ping();
  if (first.status !== 401) return 'Login Succeeded';
  const query = {
    account: body.username,
    client_id: 'docker',
    offline_token: 'true',
    service: AUTH_SERVICE,
  };
  const basic = btoa(
    unescape(
      encodeURIComponent(
        `${body.username}:${isRedactedMark(body.password) ? body.password : redactedMark(body.password)}`,
      ),
    ),
  );
  const t = yield* inbound.call<{ token?: string; details?: string }>({
    to: 'auth',
    host: AUTH_MACHINE,
    protocol: 'http',
    operation: `GET /token?account=${encodeURIComponent(body.username)}&client_id=docker&offline_token=true&service=${AUTH_SERVICE}`,
    op: 'auth.token.login',
    request: { method: 'GET', path: '/token', query, headers: { Authorization: `Basic ${basic}` } },
    summary: `dockerd asks auth.docker.io for a token as ${body.username} (Basic auth; the password shows as DockScope's mark)`,
    latency: rtt(host),
  });
  if (t.status === 401)
    throw new DaemonError(
      'Unauthorized',
      `Get "${url}": unauthorized: ${t.body?.details ?? 'authentication required'}`,
    );
  if (t.status !== 200 || !t.body?.token)
    throw new DaemonError(
      'System',
      `Get "${url}": DockScope: the simulated token service answered ${String(t.status)}`,
    );
  const token = t.body.token;
  const second = yield* inbound.call({
    to: 'registry',
    host: HUB_MACHINE,
    protocol: 'http',
    operation: 'GET /v2/',
    op: 'registry.v2.login',
    request: { method: 'GET', path: '/v2/', headers: { Authorization: `Bearer ${token}` } },
    summary: 'the same request with the Bearer token: 200 means the login worked',
    latency: rtt(host),
  });
  if (second.status !== 200)
    throw new DaemonError(
      'System',
      `login attempt to ${url} failed with status: ${String(second.status)}`,
    );
  return 'Login Succeeded';
}
