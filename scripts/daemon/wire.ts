// How dockerd puts Engine API answers on the wire: the headers on every response, JSON
// bodies, multiplexed stream frames, and Go-style messages for a body that is not JSON.
import { decodeTar, isTarUpload } from './tarBody';
import type http from 'node:http';
import type { HttpRequest } from '../../src/sim/engine';
import { redactBody, redactHeaders } from '../../src/sim/core/secrets';
import { traceBody } from './bodySummary';
import { COMMON_HEADERS } from '../oracle/system';
import { encodeFrame } from '../oracle/runtime';

export { COMMON_HEADERS };

export const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';
export const RAW_STREAM = 'application/vnd.docker.raw-stream';
/** Request bodies larger than this are refused with 413 (dockerd has no limit; a sane one here). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const METHODS = new Set<HttpRequest['method']>(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']);

export class WireError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An attach/logs chunk from the engine, as the bytes the CLI reads. */
export function encodeStreamChunk(data: unknown, contentType: string | undefined): Buffer {
  const frame = data as { stream?: string; text?: string };
  const text = typeof frame.text === 'string' ? frame.text : '';
  if (contentType === RAW_STREAM) return Buffer.from(text, 'utf8');
  if (contentType === MULTIPLEXED)
    return encodeFrame({ stream: frame.stream === 'stderr' ? 2 : 1, data: text });
  return Buffer.from(typeof data === 'string' ? data : `${JSON.stringify(data)}\n`, 'utf8');
}

/** Pull progress is newline-delimited JSON with moby's "\r\n"; other JSON streams end lines with "\n". */
export function encodeJsonChunk(data: unknown, path: string): string {
  return `${JSON.stringify(data)}${/\/images\/create$/.test(path) ? '\r\n' : '\n'}`;
}

/** Whether a chunk is framed (attach, logs) rather than JSON (pull, wait). */
export function isStreamType(contentType: string | undefined): boolean {
  return contentType === MULTIPLEXED || contentType === RAW_STREAM;
}

/** `encoding/json`'s wording for a body that is not JSON, as moby wraps it ("invalid JSON: …"). */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    const token = /Unexpected token '?(.)/.exec(String(error));
    const at = /position (\d+)/.exec(String(error));
    const ch = token ? token[1] : at ? raw[Number(at[1])] : undefined;
    const why =
      ch === undefined
        ? 'unexpected end of JSON input'
        : `invalid character '${ch}' looking for beginning of value`;
    throw new WireError(400, `invalid JSON: ${why}`);
  }
}

/** Read a request body up to the limit (413 beyond it, without buffering the rest). */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new WireError(413, `request body too large (limit ${MAX_BODY_BYTES} bytes)`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new WireError(413, `request body too large (limit ${MAX_BODY_BYTES} bytes)`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export type EngineRequest = HttpRequest & { query: Record<string, string> };

/**
 * The path and query of a request target. It is read as a path even when it starts with
 * `//` (which `new URL(target, base)` would take for a host); an absolute-form target
 * (`GET http://host/path`) is read as such. 400 when it cannot be read at all.
 */
export function requestUrl(target: string | undefined): URL {
  const t = target ?? '/';
  try {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(t)
      ? new URL(t)
      : new URL(`http://daemon${t.startsWith('/') ? '' : '/'}${t}`);
  } catch {
    throw new WireError(400, `malformed request target ${JSON.stringify(t.slice(0, 200))}`);
  }
}

/**
 * An incoming request as the engine takes it (method, path, query, headers, parsed body),
 * and as its trace keeps it. This is the door: credentials are redacted here, before the
 * request is recorded or reaches the simulated dockerd, and a large or deep body is kept in
 * the trace as a summary (the router still gets all of it).
 */
export function toEngineRequest(
  req: http.IncomingMessage,
  raw: string,
): { request: EngineRequest; traced: EngineRequest } {
  const url = requestUrl(req.url);
  const method = (req.method ?? 'GET').toUpperCase() as HttpRequest['method'];
  if (!METHODS.has(method)) throw new WireError(405, `method ${method} not allowed`);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const plain: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') plain[k] = v;
  const headers = redactHeaders(plain);
  try {
    decodeURIComponent(url.pathname);
  } catch {
    throw new WireError(400, `invalid URL escape in ${url.pathname}`);
  }
  const path = url.pathname;
  // ── obs: docker cp's upload is a tar archive, not JSON ──
  const parsed = isTarUpload(method, path)
    ? decodeTar(Buffer.from(raw, 'utf8'))
    : parseJsonBody(raw);
  const body = parsed === undefined ? undefined : redactBody(path, parsed);
  // Percent-encoding is kept: the router decodes the parameters it extracts.
  const request: EngineRequest = {
    method,
    path,
    query,
    headers,
    ...(body === undefined ? {} : { body }),
  };
  const kept = body === undefined ? undefined : traceBody(path, raw, body);
  return { request, traced: kept === body ? request : { ...request, body: kept } };
}

/** A complete non-streamed answer with dockerd's headers. */
export function writeJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    ...COMMON_HEADERS,
    ...extra,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** The raw response head of a hijacked or refused upgrade, written on the socket itself. */
export function rawHead(status: number, reason: string, headers: Record<string, string>): string {
  const lines = Object.entries({ ...headers, ...COMMON_HEADERS }).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n`;
}
