import type { Host } from '../host';
import type { Reply, StreamChunk } from '../core/network';
import type { Op, Subjects } from '../core/types';
import { operationOf, type HttpRequest } from '../core/http';
import { type Task, wait } from '../core/scheduler';
import type { Channel } from '../core/signal';
import { cleanPath, escapePath } from '../core/urlPath';

export const CLIENT_VERSION = '28.2.2';
export const CLIENT_API_VERSION = '1.50';
const USER_AGENT = `Docker-Client/${CLIENT_VERSION} (linux)`;

export interface ApiOptions {
  /** What the request does, from the operation catalogue (`engine.containers.create`). */
  op: Op;
  /** What it concerns: the container or image as the command names it. */
  subjects?: Subjects;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  summary: string;
}

/**
 * The docker CLI's API client for one command: it pings dockerd once
 * (`HEAD /_ping`, to learn the API version), then sends versioned requests.
 */
export class ApiClient {
  private version: string | undefined;

  constructor(
    private readonly host: Host,
    private readonly commandId: number,
  ) {}

  *ping(): Task<void> {
    if (this.version) return;
    const r = yield* this.send(
      { method: 'HEAD', path: '/_ping' },
      'the CLI pings dockerd to learn which API version it speaks',
      'engine.system.ping',
    );
    const v = r.headers?.['Api-Version'];
    this.version =
      v && Number(v) < Number(CLIENT_API_VERSION) ? v : v ? CLIENT_API_VERSION : '1.24';
  }

  *request(method: HttpRequest['method'], path: string, opts: ApiOptions): Task<Reply> {
    yield* this.ping();
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...opts.headers };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    // `path` holds names as typed (`/containers/a b/stop`): joined, cleaned and
    // percent-encoded as the CLI's Go client does (`/containers/a%20b/stop`).
    const wire = escapePath(cleanPath(`/v${this.version}/${path}`));
    const req: HttpRequest = { method, path: wire, headers };
    if (opts.query && Object.keys(opts.query).length > 0) req.query = opts.query;
    if (opts.body !== undefined) req.body = opts.body;
    return yield* this.send(req, opts.summary, opts.op, opts.subjects);
  }

  private *send(req: HttpRequest, summary: string, op: Op, subjects?: Subjects): Task<Reply> {
    return yield* this.host.net.call(
      'client',
      {
        to: 'dockerd',
        protocol: 'http',
        operation: operationOf(req),
        op,
        ...(subjects ? { subjects } : {}),
        request: req,
        summary,
      },
      this.commandId,
    );
  }
}

/** Read the next chunk of a streamed answer; undefined at its end. */
export function* readChunk(stream: Channel<StreamChunk>): Task<StreamChunk | undefined> {
  for (;;) {
    const next = stream.shift();
    if (next) return next;
    if (stream.isClosed) return undefined;
    yield* wait(stream.whenReadable());
  }
}

/** The `message` of a daemon error body. */
export const messageOf = (r: Reply): string =>
  (r.body as { message?: string } | undefined)?.message ?? `unexpected status ${String(r.status)}`;
