import type { Host } from '../host';
import { toContainerd } from './containerdNamespace';
import type { Inbound, Reply } from '../core/network';
import type { Op, Subjects } from '../core/types';
import { GRPC_OP, type GrpcMethod } from '../containerd/services';
import { operationOf, type HttpRequest } from '../core/http';
import { sleep, type Task } from '../core/scheduler';
import { contextOf } from '../core/actors';
import type { DockerdState } from './model';
import { familiarName, familiarString, canonicalString, type ImageRef } from '../image/reference';
import { MANIFEST_ACCEPT, AUTH_SERVICE, AUTH_MACHINE, HUB_MACHINE } from '../registry/hub';
import { DaemonError, notFound, systemError } from './errors';
import { dialAddress, loopbackAddresses, registryRoute, type RegistryRoute } from './registryHosts';
import { MAX_RETRIES, RETRIED_STATUSES, fetchFailure, resolveFailure } from './registryFaults';

/**
 * How a pull talks: to Docker Hub and its token service over the internet
 * (with a round-trip time), to containerd over gRPC, and back to the client
 * as progress messages on the pull stream.
 */

/** Internet round trip to Docker Hub, and download speed, in simulated time. */
export const REGISTRY_RTT_MS = 18;
export const BYTES_PER_MS = 40_000; // ~40 MB/s
export const UNPACK_BYTES_PER_MS = 150_000;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
}

/** A pull in progress: who to talk to, and where to report progress (the client's stream). */
export interface PullContext {
  host: Host;
  inbound: Inbound;
  ref: ImageRef;
  token?: string;
  // ── obs: `--platform` (the pull's platform query); the host's when absent ──
  platform?: { os: string; architecture: string; variant?: string };
  /** What the pull's messages concern: one object for all of them. */
  subjects?: Subjects;
}

/** The image a pull concerns, as its messages' subjects (made once per pull). */
const pullSubjects = (p: PullContext): Subjects =>
  (p.subjects ??= { image: familiarString(p.ref) });

/**
 * Resolve a tag on the registry the way containerd's resolver does: the
 * manifest HEAD is answered 401 with a Bearer challenge, dockerd fetches a
 * token from auth.docker.io and asks again. Returns the digest, or the error
 * the daemon reports (before any byte of the pull stream is sent).
 */
export function* resolve(
  p: PullContext,
): Task<{ digest: string; mediaType: string; size: number }> {
  const route = registryRoute(p.ref.domain);
  if (route.kind === 'unmodelled') return yield* unreachable(p, route);
  const path = `/v2/${p.ref.path}/manifests/${p.ref.digest ?? p.ref.tag ?? 'latest'}`;
  const head: HttpRequest = { method: 'HEAD', path, headers: { Accept: MANIFEST_ACCEPT } };
  let r = yield* registry(
    p,
    'registry.manifests.head',
    head,
    `does ${familiarString(p.ref)} exist, and what digest does it point at?`,
  );
  // ── fault: a dial error or a 5xx ends the resolve here (registryFaults.ts) ──
  const failed = resolveFailure(p.ref, head, r);
  if (failed) throw failed;
  if (r.status === 401) {
    const scope = `repository:${p.ref.path}:pull`;
    const t = yield* p.inbound.call<{ token: string }>({
      to: 'auth',
      host: AUTH_MACHINE,
      protocol: 'http',
      operation: `GET /token?scope=${scope}&service=${AUTH_SERVICE}`,
      op: 'auth.token.get',
      subjects: pullSubjects(p),
      request: { method: 'GET', path: '/token', query: { scope, service: AUTH_SERVICE } },
      summary: `dockerd asks auth.docker.io for a pull token for ${p.ref.path}`,
      latency: rtt(p.host),
    });
    if (t.status === 501) throw notCarried(p.ref);
    p.token = t.body?.token;
    r = yield* registry(
      p,
      'registry.manifests.head',
      head,
      'the same question, now with the Bearer token',
    );
    const refused = resolveFailure(p.ref, head, r);
    if (refused) throw refused;
  }
  if (r.status === 401) throw pullAccessDenied(p.ref);
  if (r.status === 501) throw notCarried(p.ref);
  if (r.status === 404) {
    // containerd's resolver words it (the containerd image store, as DockScope models it).
    const name = canonicalString(p.ref);
    throw notFound(`failed to resolve reference "${name}": ${name}: not found`);
  }
  return {
    digest: r.headers?.['Docker-Content-Digest'] ?? '',
    mediaType: r.headers?.['Content-Type'] ?? '',
    size: Number(r.headers?.['Content-Length'] ?? 0),
  };
}

/**
 * The stub resolver of the simulated host (Ubuntu 24.04 server: systemd-resolved,
 * nsswitch `hosts: files dns`, so Go's own resolver answers and its error names
 * the server it asked: `lookup <name> on 127.0.0.53:53: no such host`).
 */
export const HOST_NAMESERVER = '127.0.0.53:53';
/** The dial timeout of containerd's default transport (hosts.go: `Timeout: 30 * time.Second`). */
export const DIAL_TIMEOUT_MS = 30_000;

/**
 * A pull from a registry DockScope does not model: dockerd tries to reach
 * that host (never Docker Hub) and fails as it fails against a host that is
 * not there: nothing listens on the loopback port, the name has no DNS
 * record, or an IP never answers. The error is containerd's resolver's,
 * wrapped by its client's Pull: `failed to resolve reference …: failed to do
 * request: Head "<url>": <dial error>`.
 */
function* unreachable(
  p: PullContext,
  route: Extract<RegistryRoute, { kind: 'unmodelled' }>,
): Task<never> {
  const object = p.ref.digest ?? p.ref.tag ?? 'latest';
  const url = `${route.scheme}://${route.host}/v2/${p.ref.path}/manifests/${object}`;
  const kernel = (op: Op, operation: string, what: string, ret: number | string, summary: string) =>
    p.inbound.call({
      to: 'kernel',
      protocol: 'syscall',
      operation,
      op,
      subjects: pullSubjects(p),
      request: { call: 'noop', what, ret },
      summary,
    });
  let dialError: string;
  if (route.dial === 'loopback') {
    // A container publishes that port: dockerd's own record of the ports it holds.
    const listening = Object.keys(contextOf<DockerdState>(p.host.dockerd).ports).some((k) =>
      k.endsWith(`:${route.port}/tcp`),
    );
    if (listening)
      throw notSimulated(
        `pulls from ${route.host} are not simulated (a container publishes port ${route.port}; DockScope does not simulate serving images from it)`,
      );
    const addresses = loopbackAddresses(route.hostname);
    for (const ip of addresses) {
      const to = dialAddress(ip, route.port);
      yield* kernel(
        'kernel.net.connect',
        `connect(fd, ${to})`,
        `ECONNREFUSED: nothing listens on ${to}`,
        -111,
        `dockerd dials ${to} to reach the registry at ${route.host} (${url.split('/v2/')[0]}/v2/…); DockScope models no registry there`,
      );
    }
    dialError = `dial tcp ${dialAddress(addresses[0]!, route.port)}: connect: connection refused`;
  } else if (route.dial === 'dns') {
    yield* kernel(
      'kernel.dns.query',
      `DNS query A, AAAA ${route.hostname} → ${HOST_NAMESERVER} (udp)`,
      `NXDOMAIN: the simulated host's resolver has no address for ${route.hostname}. DockScope models only Docker Hub; this registry is not simulated, which says nothing about whether it exists`,
      'NXDOMAIN',
      `dockerd (Go's resolver) asks the host's DNS stub, systemd-resolved at ${HOST_NAMESERVER}, for the address of ${route.hostname}`,
    );
    dialError = `dial tcp: lookup ${route.hostname} on ${HOST_NAMESERVER}: no such host`;
  } else {
    const to = dialAddress(route.hostname, route.port);
    // A container's own address on docker0 is reachable from the host.
    const container = Object.values(contextOf<DockerdState>(p.host.dockerd).containers).find(
      (c) => c.ipAddress === route.hostname && c.state === 'running',
    );
    if (container)
      throw notSimulated(
        `pulls from ${route.host} are not simulated (that is container ${container.name}'s address; DockScope does not simulate serving images from it)`,
      );
    yield* kernel(
      'kernel.net.connect',
      `connect(fd, ${to})`,
      `EINPROGRESS: the SYN is on its way; DockScope models no host at ${route.hostname}, so no answer will come`,
      -115,
      `dockerd dials ${to} to reach the registry at ${route.host}`,
    );
    yield* sleep(DIAL_TIMEOUT_MS);
    dialError = `dial tcp ${to}: i/o timeout`;
  }
  const name = canonicalString(p.ref);
  throw systemError(
    `failed to resolve reference "${name}": failed to do request: Head "${url}": ${dialError}`,
  );
}

/**
 * DockScope's own note, for what it does not simulate: worded so that it can
 * never be taken for Docker's (it names DockScope), one line.
 */
export function notSimulated(what: string): DaemonError {
  return notFound(`DockScope: ${what}.`);
}

/** How a learner lists what DockScope does carry (the terminal's Tab, or the headless CLI). */
export const LIST_CARRIED_IMAGES = 'Tab after "docker pull ", or npm run sim -- --images';

/** A Docker Hub name DockScope does not carry: its note, never a claim that the image does not exist. */
export function notCarried(ref: ImageRef): DaemonError {
  return notFound(
    `DockScope: its simulated Docker Hub does not carry ${familiarString(ref)}, so this pull is not simulated (the image may exist on Docker Hub). Images and tags it carries: ${LIST_CARRIED_IMAGES}`,
  );
}

export function pullAccessDenied(ref: ImageRef): DaemonError {
  return notFound(
    `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login'`,
  );
}

export function* getJson<T>(
  p: PullContext,
  op: 'registry.manifests.get' | 'registry.blobs.get',
  path: string,
  summary: string,
): Task<T> {
  const r = yield* registry(
    p,
    op,
    { method: 'GET', path, headers: { Accept: MANIFEST_ACCEPT } },
    summary,
  );
  // ── fault: what the fetcher reports for a failed GET (registryFaults.ts) ──
  const failed = fetchFailure(p.ref, { method: 'GET', path }, r);
  if (failed) throw failed;
  if (r.status !== 200 || typeof r.body !== 'string')
    throw new DaemonError('System', `unexpected status ${r.status} from registry for ${path}`);
  return JSON.parse(r.body) as T;
}

export function* registry(
  p: PullContext,
  op: 'registry.manifests.head' | 'registry.manifests.get' | 'registry.blobs.get',
  req: HttpRequest,
  summary: string,
  transfer?: number,
): Task<Reply> {
  const headers = { ...req.headers, ...(p.token ? { Authorization: `Bearer ${p.token}` } : {}) };
  const full = { ...req, headers };
  let r = yield* registryOnce(p, op, full, summary, transfer);
  // ── fault: containerd's doWithRetries sends a 408 or 429 again at once, five times at most ──
  for (let i = 0; i < MAX_RETRIES && RETRIED_STATUSES.has(r.status); i++)
    r = yield* registryOnce(
      p,
      op,
      full,
      `${r.status} again: containerd's resolver sends the request once more at once (retry ${i + 1} of ${MAX_RETRIES}, no wait)`,
      transfer,
    );
  return r;
}

export function* registryOnce(
  p: PullContext,
  op: 'registry.manifests.head' | 'registry.manifests.get' | 'registry.blobs.get',
  full: HttpRequest,
  summary: string,
  transfer?: number,
): Task<Reply> {
  const req = full;
  return yield* p.inbound.call({
    to: 'registry',
    host: HUB_MACHINE,
    protocol: 'http',
    operation: operationOf(req),
    op,
    subjects: pullSubjects(p),
    request: full,
    summary,
    latency: rtt(p.host),
    transfer,
  });
}

export function* grpc(
  p: PullContext,
  operation: GrpcMethod,
  request: object,
  summary: string,
  transfer?: number,
  subjects: Subjects = pullSubjects(p),
): Task<Reply> {
  return yield* p.inbound.call({
    to: 'containerd',
    protocol: 'grpc',
    operation,
    op: GRPC_OP[operation],
    subjects,
    request: toContainerd(p.host, request),
    summary,
    transfer,
  });
}

export function rtt(host: Host): number {
  return Math.round(REGISTRY_RTT_MS * (0.8 + 0.4 * host.rng.next()) * 10) / 10;
}

export function progress(inbound: Inbound, message: Record<string, unknown>): void {
  inbound.write(
    message,
    `progress: ${String(message.id ?? '')} ${String(message.status)}`.trim(),
    'engine.images.progress',
    'pull progress',
  );
}
