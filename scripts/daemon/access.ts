// Who may talk to the daemon. The Engine API is for the real docker CLI (and other programs,
// which send no Origin); the live view is for the page this daemon serves. A web page from
// anywhere else must not drive either: its browser would send the request with the page's
// Origin (a cross-site POST needs no permission to be sent), or, after DNS rebinding, with the
// attacker's name in Host.
import net from 'node:net';
import type http from 'node:http';

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6'); // BlockList also matches IPv4-mapped ::ffff:127.x.y.z

/** `[::1]` → `::1`; anything else as it is. */
const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

/**
 * Whether listening on `host` keeps the daemon to this machine: a loopback IP literal
 * (127.0.0.0/8, ::1, ::ffff:127.x.y.z) or `localhost`. Any other name might resolve to
 * anything, so it counts as not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const h = unbracket(host.trim());
  if (h.toLowerCase() === 'localhost') return true;
  const family = net.isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 6 ? 'ipv6' : 'ipv4');
}

export interface AccessPolicy {
  /** The TCP port listened on; null on a Unix socket (no browser can open one). */
  port: number | null;
  /** The name given with `--host`, if any: the page may be opened under it too. */
  host?: string;
}

/** A `Host` header's name and port (`[::1]:2375` → `::1`, 2375); null if malformed. */
export function parseHostHeader(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  return { name: unbracket(m[1]!).toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * Whether `Host: value` names this daemon in a way DNS rebinding cannot fake: `localhost`,
 * an IP literal (rebinding needs a name it controls), or the `--host` name; with this port.
 */
function hostAllowed(value: string | undefined, policy: AccessPolicy): boolean {
  if (policy.port === null) return true;
  const parsed = value === undefined ? null : parseHostHeader(value);
  if (!parsed) return false;
  const portOk = parsed.port === policy.port || (parsed.port === null && policy.port === 80);
  const named = policy.host !== undefined && parsed.name === unbracket(policy.host).toLowerCase();
  return portOk && (parsed.name === 'localhost' || net.isIP(parsed.name) !== 0 || named);
}

/**
 * Why this request is refused (403), or null when it may go on. `page` is the live view
 * (the app, its event stream and its endpoints); otherwise the Engine API.
 *
 * - Origin, when present, must be this daemon's own page: `http://` + an allowed Host.
 *   The real CLI sends none; a browser sends one on every cross-origin request and on
 *   same-origin POSTs.
 * - Host (live view only, on TCP) must be an allowed name with this port. The Engine API
 *   keeps taking any Host, as dockerd does: the CLI sends whatever name DOCKER_HOST holds
 *   (`api.moby.localhost` over a Unix socket), and a page cannot call it without an Origin.
 */
export function refusal(
  req: http.IncomingMessage,
  policy: AccessPolicy,
  page: boolean,
): string | null {
  const host = req.headers.host;
  if (page && !hostAllowed(host, policy))
    return `DockScope serves its live view only to http://localhost:${policy.port}, http://127.0.0.1:${policy.port}, http://[::1]:${policy.port}${policy.host && !isLoopbackHost(policy.host) ? ` or the --host name ${policy.host}` : ''}, not to Host ${JSON.stringify(host ?? '')}`;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  const own =
    host !== undefined &&
    hostAllowed(host, policy) &&
    origin.toLowerCase() === `http://${host.toLowerCase()}`;
  if (!own)
    return `DockScope refuses requests a web page at ${origin} makes: only its own page (http://${host ?? 'localhost'}) and programs such as the docker CLI (no Origin) may use it`;
  return null;
}
