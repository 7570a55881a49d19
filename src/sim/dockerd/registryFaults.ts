/**
 * How a pull fails when the registry or the disk does (an injected fault,
 * core/faults.ts): the errors dockerd 28's containerd image store reports,
 * built the way containerd's client (v2.0, which moby 28.2 vendors) wraps them:
 *
 * - resolving the tag (HEAD of the manifest): a dial error is
 *   `failed to do request: Head "<url>": <dial error>`, a status above 399 is
 *   `unexpected status from HEAD request to <url>: <status>`; the client's Pull
 *   prefixes `failed to resolve reference "<name>": `, and moby's
 *   translateRegistryError prefixes `unknown: ` to a status error it cannot
 *   read a registry error from (a HEAD answer has no body).
 * - fetching a manifest or a blob: the fetcher's lazy reader fails as the
 *   content is copied: `failed to copy: httpReadSeeker: failed open: ` then
 *   `unexpected status code <url>: <status>` and, when the body holds the
 *   registry's JSON errors, ` - Server message: <code>: <message>`.
 * - writing into the content store on a full disk: the write into the ingest
 *   file fails in containerd and comes back over gRPC to dockerd's copy:
 *   `failed to copy: failed to send write: write <ingest>/data: no space left on device`.
 *
 * With the graph-driver store (overlay2 without the containerd store, Engine
 * 28's default for upgraded installs) the words differ: it prints the registry's
 * own `toomanyrequests: …` alone, and tries a failed layer download up to five
 * times (`Retrying in 5 seconds`, 10, 15, 20 between the tries; moby
 * distribution/xfer/download.go, maxDownloadAttempts). The containerd store modelled
 * here retries no 5xx: it sends a 408 or 429 again at once, up to five times
 * (doWithRetries), and reopens a body cut off mid-download (httpReadSeeker, which
 * DockScope does not model).
 */
import type { Reply } from '../core/network';
import type { HttpRequest } from '../core/http';
import { canonicalString, type ImageRef } from '../image/reference';
import { digestOf } from '../image/digest';
import type { DaemonError } from './errors';
import { systemError } from './errors';
import { pullAccessDenied } from './pullWire';

/** Docker Hub's registry as containerd's resolver addresses it. */
const HUB_URL = 'https://registry-1.docker.io';

/** Go's http.Response.Status for the codes a registry fault gives. */
const STATUS_TEXT: Record<number, string> = {
  401: '401 Unauthorized',
  404: '404 Not Found',
  408: '408 Request Timeout',
  429: '429 Too Many Requests',
  500: '500 Internal Server Error',
  502: '502 Bad Gateway',
  503: '503 Service Unavailable',
};

const statusText = (status: number) => STATUS_TEXT[status] ?? String(status);

/** containerd's doWithRetries: 408 and 429 are sent again at once, up to five more times. */
export const RETRIED_STATUSES: ReadonlySet<number | string> = new Set([408, 429]);
export const MAX_RETRIES = 5;

/** The wire said the connection never opened (registry-down). */
function dialErrorOf(r: Reply): string | undefined {
  return (r.body as { dialError?: string } | undefined)?.dialError;
}

/** The registry's JSON errors, as containerd's errcode prints them (`toomanyrequests: …`). */
function serverMessage(body: unknown): string | undefined {
  const errors = (body as { errors?: { code?: string; message?: string }[] } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length !== 1) return undefined;
  const e = errors[0]!;
  return `${(e.code ?? 'UNKNOWN').toLowerCase().replace(/_/g, ' ')}: ${e.message ?? ''}`;
}

/** What resolving the tag failed with, or undefined when it did not fail in a way modelled here. */
export function resolveFailure(ref: ImageRef, req: HttpRequest, r: Reply): DaemonError | undefined {
  const name = canonicalString(ref);
  const url = `${HUB_URL}${req.path}`;
  const dial = dialErrorOf(r);
  if (dial)
    return systemError(
      `failed to resolve reference "${name}": failed to do request: Head "${url}": ${dial}`,
    );
  if (typeof r.status === 'number' && r.status > 399 && ![401, 404, 501].includes(r.status))
    return systemError(
      `unknown: failed to resolve reference "${name}": unexpected status from HEAD request to ${url}: ${statusText(r.status)}`,
    );
  return undefined;
}

/** What fetching a manifest or blob (GET) failed with, or undefined if it did not. */
export function fetchFailure(ref: ImageRef, req: HttpRequest, r: Reply): DaemonError | undefined {
  const url = `${HUB_URL}${req.path}`;
  const dial = dialErrorOf(r);
  if (dial)
    return systemError(
      `failed to copy: httpReadSeeker: failed open: failed to do request: Get "${url}": ${dial}`,
    );
  if (r.status === 200) return undefined;
  if (r.status === 401) return pullAccessDenied(ref);
  if (typeof r.status !== 'number') return undefined;
  const server = serverMessage(r.body);
  return systemError(
    `failed to copy: httpReadSeeker: failed open: unexpected status code ${url}: ${statusText(r.status)}${server ? ` - Server message: ${server}` : ''}`,
  );
}

/** containerd's content store keeps a write in progress under ingest/<sha256 of its ref>/data. */
export function ingestPath(ref: string): string {
  return `/var/lib/containerd/io.containerd.content.v1.content/ingest/${digestOf(ref).slice(7)}/data`;
}

/** What a Content/Write commit failed with (a full disk), or undefined if it did not. */
export function writeFailure(r: Reply): DaemonError | undefined {
  const body = r.body as { ref?: string; error?: string } | undefined;
  if (r.status !== 'Unknown' || body?.error !== 'no space left on device' || !body.ref)
    return undefined;
  return systemError(
    `failed to copy: failed to send write: write ${ingestPath(body.ref)}: no space left on device`,
  );
}
