/**
 * Where a pull goes, decided by the registry host of the image reference, as
 * containerd's default host configuration decides it for dockerd's containerd
 * image store (`ConfigureHosts` in core/remotes/docker/config/hosts.go, called
 * from moby's daemon/hosts.go with no hosts.toml):
 *
 * - `docker.io` → `https://registry-1.docker.io`, tokens from auth.docker.io;
 * - a localhost or loopback host with a port other than 443 → `https://` first,
 *   falling back to `http://` only on a TLS error (never on a refused
 *   connection: the port was given);
 * - any other host → `https://<host>`.
 *
 * DockScope models one registry: Docker Hub. Every other host is "unmodelled":
 * the pull still goes there (never to Docker Hub), and fails the way a pull to
 * an unreachable host fails. Pure: data in, plan out.
 */

/** Docker Hub's registry, as the resolver addresses it. */
export const HUB_HOSTS = new Set(['docker.io', 'registry-1.docker.io']);

export type RegistryRoute =
  | { kind: 'hub' }
  | {
      kind: 'unmodelled';
      /** `localhost:5000`, `ghcr.io`: the host the resolver talks to. */
      host: string;
      hostname: string;
      port: number;
      /** `https` (localhost included: containerd tries TLS first there). */
      scheme: 'https' | 'http';
      /** How the dial fails: loopback refused, DNS finds no name, an IP that never answers. */
      dial: 'loopback' | 'dns' | 'ip';
    };

export function registryRoute(domain: string): RegistryRoute {
  if (HUB_HOSTS.has(domain)) return { kind: 'hub' };
  const { hostname, port: given } = splitHostPort(domain);
  const loopback = isLoopback(hostname);
  // localhost:80 is the one case the resolver uses plain HTTP from the start.
  const scheme = loopback && given === 80 ? 'http' : 'https';
  const port = given ?? (scheme === 'http' ? 80 : 443);
  const dial = loopback ? 'loopback' : isIpLiteral(hostname) ? 'ip' : 'dns';
  return { kind: 'unmodelled', host: domain, hostname, port, scheme, dial };
}

/** containerd's `IsLocalhost`: the name `localhost`, or a loopback IP. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || /^127\./.test(hostname) || hostname === '::1';
}

function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.includes(':');
}

function splitHostPort(host: string): { hostname: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (v6) return { hostname: v6[1]!, ...(v6[2] ? { port: Number(v6[2]) } : {}) };
  const colon = host.lastIndexOf(':');
  if (colon === -1) return { hostname: host };
  return { hostname: host.slice(0, colon), port: Number(host.slice(colon + 1)) };
}

/** How Go writes a dial address: `[::1]:5000`, `127.0.0.1:5000`. */
export function dialAddress(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The addresses Go dials for a loopback host, in the order it tries them.
 * `localhost` comes from /etc/hosts; the simulated host's lists it for
 * 127.0.0.1 and ::1 (as Debian's and Ubuntu's cloud images do), and Go sorts
 * ::1 first (RFC 6724) and reports the first address's error when both fail.
 */
export function loopbackAddresses(hostname: string): string[] {
  return hostname === 'localhost' ? ['::1', '127.0.0.1'] : [hostname];
}
