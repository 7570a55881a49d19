import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import { operationOf, type HttpRequest } from '../core/http';
import type { Task } from '../core/scheduler';
import { familiarName, familiarString, canonicalString, type ImageRef } from '../image/reference';
import { MANIFEST_ACCEPT, AUTH_SERVICE } from '../registry/hub';
import { DaemonError, notFound } from './errors';

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
}

/**
 * Resolve a tag on the registry the way containerd's resolver does: the
 * manifest HEAD is answered 401 with a Bearer challenge, dockerd fetches a
 * token from auth.docker.io and asks again. Returns the digest, or the error
 * the daemon reports (before any byte of the pull stream is sent).
 */
export function* resolve(
  p: PullContext,
): Task<{ digest: string; mediaType: string; size: number }> {
  const path = `/v2/${p.ref.path}/manifests/${p.ref.digest ?? p.ref.tag ?? 'latest'}`;
  const head: HttpRequest = { method: 'HEAD', path, headers: { Accept: MANIFEST_ACCEPT } };
  let r = yield* registry(
    p,
    head,
    `does ${familiarString(p.ref)} exist, and what digest does it point at?`,
  );
  if (r.status === 401) {
    const scope = `repository:${p.ref.path}:pull`;
    const t = yield* p.inbound.call<{ token: string }>({
      to: 'auth',
      protocol: 'http',
      operation: `GET /token?scope=${scope}&service=${AUTH_SERVICE}`,
      request: { method: 'GET', path: '/token', query: { scope, service: AUTH_SERVICE } },
      summary: `dockerd asks auth.docker.io for a pull token for ${p.ref.path}`,
      latency: rtt(p.host),
    });
    p.token = t.body?.token;
    r = yield* registry(p, head, 'the same question, now with the Bearer token');
  }
  if (r.status === 401) throw pullAccessDenied(p.ref);
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

export function pullAccessDenied(ref: ImageRef): DaemonError {
  return notFound(
    `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login'`,
  );
}

export function* getJson<T>(p: PullContext, path: string, summary: string): Task<T> {
  const r = yield* registry(
    p,
    { method: 'GET', path, headers: { Accept: MANIFEST_ACCEPT } },
    summary,
  );
  if (r.status !== 200 || typeof r.body !== 'string')
    throw new DaemonError('System', `unexpected status ${r.status} from registry for ${path}`);
  return JSON.parse(r.body) as T;
}

export function* registry(
  p: PullContext,
  req: HttpRequest,
  summary: string,
  transfer?: number,
): Task<Reply> {
  const headers = { ...req.headers, ...(p.token ? { Authorization: `Bearer ${p.token}` } : {}) };
  const full = { ...req, headers };
  return yield* p.inbound.call({
    to: 'registry',
    protocol: 'http',
    operation: operationOf(req),
    request: full,
    summary,
    latency: rtt(p.host),
    transfer,
  });
}

export function* grpc(
  p: PullContext,
  operation: string,
  request: object,
  summary: string,
  transfer?: number,
): Task<Reply> {
  return yield* p.inbound.call({
    to: 'containerd',
    protocol: 'grpc',
    operation,
    request,
    summary,
    transfer,
  });
}

function rtt(host: Host): number {
  return Math.round(REGISTRY_RTT_MS * (0.8 + 0.4 * host.rng.next()) * 10) / 10;
}

export function progress(inbound: Inbound, message: Record<string, unknown>): void {
  inbound.write(
    message,
    `progress: ${String(message.id ?? '')} ${String(message.status)}`.trim(),
    'pull progress',
  );
}
