/**
 * How the docker CLI turns `-H`/`DOCKER_HOST` into one daemon address, in our
 * own words after docker/cli 28.2 `opts/hosts.go` (ParseHost) and
 * `cli/command/cli.go` (getServerHost): data in, an address or the CLI's
 * error out. No component is involved: this is the CLI reading its options.
 */

const DEFAULT_UNIX_HOST = 'unix:///var/run/docker.sock';
const DEFAULT_TCP_HOST = 'tcp://localhost:2375';
const DEFAULT_TLS_HOST = 'tcp://localhost:2376';

export type HostResult = { ok: true; host: string } | { ok: false; error: string };

/**
 * Normalise one daemon address: `node-2:2375` → `tcp://node-2:2375`, `tcp://node-2`
 * → `tcp://node-2:2375`, empty → the default socket (or `tcp://localhost:2376`
 * with TLS on). `ssh://…` and `fd://…` pass through untouched.
 *
 * @example parseDaemonHost(false, 'node-2:2375') // { ok: true, host: 'tcp://node-2:2375' }
 */
export function parseDaemonHost(defaultToTLS: boolean, value: string): HostResult {
  const addr = value.trim();
  if (addr === '') return { ok: true, host: defaultToTLS ? DEFAULT_TLS_HOST : DEFAULT_UNIX_HOST };
  const sep = addr.indexOf('://');
  const proto = sep === -1 ? 'tcp' : addr.slice(0, sep);
  const rest = sep === -1 ? addr : addr.slice(sep + 3);
  switch (proto) {
    case 'tcp':
      return parseTcp(addr, rest);
    case 'unix':
      if (rest.includes('://'))
        return { ok: false, error: `invalid proto, expected unix: ${rest}` };
      return { ok: true, host: `unix://${rest === '' ? '/var/run/docker.sock' : rest}` };
    case 'ssh':
    case 'fd':
      return { ok: true, host: addr };
    default:
      return { ok: false, error: `invalid bind address format: ${addr}` };
  }
}

function parseTcp(typed: string, rest: string): HostResult {
  if (rest === '') return { ok: true, host: DEFAULT_TCP_HOST };
  if (rest.includes('://')) return { ok: false, error: `invalid proto, expected tcp: ${typed}` };
  // The part before any path is host[:port]; a bracketed IPv6 literal keeps its colons.
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  const m = /^(\[[^\]]*\]|[^:]*)(?::([^:]*))?$/.exec(authority);
  if (!m) return { ok: false, error: `invalid bind address format: ${typed}` };
  const host = m[1] === '' ? 'localhost' : m[1]!;
  const port = m[2] === undefined || m[2] === '' ? '2375' : m[2];
  // Go's url.Parse refuses a port that is not digits; a number out of range
  // passes (the dial fails later with "invalid port").
  if (!/^\d+$/.test(port))
    return { ok: false, error: `parse "tcp://${rest}": invalid port ":${port}" after host` };
  return { ok: true, host: `tcp://${host}:${port}${path}` };
}

/**
 * The daemon address of the default context: one `-H` at most, else
 * `DOCKER_HOST`, else the default. Two `-H` are refused as the CLI does.
 */
export function serverHost(hosts: readonly string[], envHost: string, defaultToTLS: boolean) {
  if (hosts.length > 1) return { ok: false as const, error: 'Specify only one -H' };
  return parseDaemonHost(defaultToTLS, hosts[0] ?? envHost);
}
