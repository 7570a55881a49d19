import type { Host } from '../host';
import type { CallSpec, OneWaySpec, Reply, StreamChunk } from '../core/network';
import type { ComponentId, Op, Subjects } from '../core/types';
import { failureText, targetOf, type Target } from './target';
import { openSshTunnel, tlsHandshake } from './transports';
import { operationOf, type HttpRequest } from '../core/http';
import { type Task, wait } from '../core/scheduler';
import type { Channel } from '../core/signal';
import { cleanPath, escapePath } from '../core/urlPath';

export const CLIENT_VERSION = '28.2.2';
export const CLIENT_API_VERSION = '1.50';
const USER_AGENT = `Docker-Client/${CLIENT_VERSION} (linux)`;
/**
 * The headers of most requests, one object each that every request shares (the trace keeps
 * every request): frozen, as a request that adds a header gets a new object.
 */
const PLAIN_HEADERS: Record<string, string> = Object.freeze({ 'User-Agent': USER_AGENT });
const BODY_HEADERS: Record<string, string> = Object.freeze({
  'User-Agent': USER_AGENT,
  'Content-Type': 'application/json',
});

export interface ApiOptions {
  /** What the request does, from the operation catalogue (`engine.containers.create`). */
  op: Op;
  /** What it concerns: the container or image as the command names it. */
  subjects?: Subjects;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  summary: string;
  /**
   * The Go client's method negotiates the API version before this request (client.checkVersion,
   * as ContainerCreate and ImageList do): when no ping got a version, the ping's error is the
   * result and the request is not sent.
   */
  negotiate?: boolean;
}

/** A failure the CLI reports and exits on (a daemon it cannot reach): the text and the exit code. */
export class CliFailure extends Error {
  constructor(
    readonly text: string,
    readonly code = 1,
  ) {
    super(text);
  }
}

/** The learner's own daemon, over /var/run/docker.sock. */
const LOCAL_SOCKET: Target = targetOf('unix:///var/run/docker.sock', undefined);

/**
 * The docker CLI's API client for one command: it pings dockerd (`HEAD
 * /_ping`, to learn the API version), then sends versioned requests to the
 * daemon its endpoint names. Reaching another machine may first take a TLS
 * handshake or an ssh tunnel, once per command (the connection is kept alive).
 */
export class ApiClient {
  private version: string | undefined;
  private target: Target | undefined;
  /** The connection is up (handshake or tunnel done); false: it failed, with `broken`. */
  private connected = false;
  private broken: string | undefined;
  private pings = 0;
  /** The last ping's answer (undefined: none came). */
  private lastPing: Reply | undefined;

  constructor(
    private readonly host: Host,
    private readonly commandId: number,
    /** Where this command's requests go, resolved at first use. */
    private readonly resolve: () => Target = () => LOCAL_SOCKET,
  ) {}

  private get to(): Target {
    return (this.target ??= socketListening(this.host, this.resolve()));
  }

  /** The API version this command speaks, once a ping negotiated it (`docker version`'s "downgraded from"). */
  get apiVersion(): string {
    return this.version ?? CLIENT_API_VERSION;
  }

  /** The machine this command's daemon runs on, once resolved (undefined: none reachable). */
  get machine(): string | undefined {
    const t = this.to;
    return t.kind === 'unreachable' ? undefined : t.machine;
  }

  /**
   * Ping as the Go client does: `HEAD /_ping`, and `GET /_ping` when HEAD got an
   * answer other than 200 or 500. A daemon that cannot be reached is not an
   * error yet: the command fails at its first real request.
   */
  *ping(): Task<void> {
    if (this.version) return;
    // Counted before dialling: a ping whose connection failed was still made.
    this.pings++;
    if (!(yield* this.connect())) return;
    let r = yield* this.send(
      { method: 'HEAD', path: '/_ping' },
      'the CLI pings dockerd to learn which API version it speaks',
      'engine.system.ping',
    );
    if (r.status !== 200 && r.status !== 500)
      r = yield* this.send(
        { method: 'GET', path: '/_ping' },
        'HEAD got no 200 or 500: the CLI pings again with GET',
        'engine.system.ping',
      );
    this.lastPing = r;
    if (r.status !== 200 && r.status !== 500) return;
    const v = r.headers?.['Api-Version'];
    this.version =
      v && Number(v) < Number(CLIENT_API_VERSION) ? v : v ? CLIENT_API_VERSION : '1.24';
  }

  *request(method: HttpRequest['method'], path: string, opts: ApiOptions): Task<Reply> {
    // The CLI pings when it starts; a ping that got no version (no answer, or not 200/500)
    // leaves it to negotiate, so the Go client pings once more before this request
    // (client.go getAPIPath → checkVersion), then sends it with its own version.
    if (!this.version && this.pings === 0) yield* this.ping();
    if (!this.version) yield* this.ping();
    if (opts.negotiate && !this.version) {
      const t = this.to;
      const url = `${t.base}/_ping`;
      if (t.kind === 'unreachable') throw new CliFailure(failureText(t, 'HEAD', url));
      if (!this.connected || !this.lastPing)
        throw new CliFailure(
          `error during connect: Head "${url}": ${this.broken ?? 'connection failed'}`,
        );
      return this.lastPing;
    }
    const version = this.version ?? CLIENT_API_VERSION;
    const headers = opts.headers
      ? { 'User-Agent': USER_AGENT, ...opts.headers }
      : opts.body !== undefined
        ? BODY_HEADERS
        : PLAIN_HEADERS;
    // (obs: a tar upload names its own Content-Type, application/x-tar)
    if (opts.headers && opts.body !== undefined && !opts.headers['Content-Type'])
      headers['Content-Type'] = 'application/json';
    // `path` holds names as typed (`/containers/a b/stop`): joined, cleaned and
    // percent-encoded as the CLI's Go client does (`/containers/a%20b/stop`).
    const wire = escapePath(cleanPath(`/v${version}/${path}`));
    const req: HttpRequest = { method, path: wire, headers };
    if (opts.query && Object.keys(opts.query).length > 0) req.query = opts.query;
    if (opts.body !== undefined) req.body = opts.body;
    if (!(yield* this.connect())) {
      const t = this.to;
      const url = `${t.base}${operationOf(req).slice(method.length + 1)}`;
      const verb = method.charAt(0) + method.slice(1).toLowerCase();
      throw new CliFailure(
        t.kind === 'unreachable'
          ? failureText(t, method, url)
          : `error during connect: ${verb} "${url}": ${this.broken ?? 'connection failed'}`,
      );
    }
    const r = yield* this.send(req, opts.summary, opts.op, opts.subjects);
    // ── daemon: the socket's connection was closed (dockerd failed to start under socket
    // activation): refused once nothing listens any more, else the connection ended (EOF).
    const t = this.to;
    if (
      r.status === 'Unavailable' &&
      t.kind === 'unix' &&
      !t.daemon &&
      t.machine === this.host.name
    ) {
      const url = `${t.base}${operationOf(req).slice(method.length + 1)}`;
      const verb = method.charAt(0) + method.slice(1).toLowerCase();
      throw new CliFailure(
        this.host.net.has('dockerd')
          ? `error during connect: ${verb} "${url}": EOF`
          : `Cannot connect to the Docker daemon at ${t.endpoint}. Is the docker daemon running?`,
      );
    }
    return r;
  }

  /** Open the connection if it needs opening; false when it cannot be. */
  private *connect(): Task<boolean> {
    const t = this.to;
    if (t.kind === 'unreachable') return false;
    if (this.connected) return true;
    if (t.kind === 'tcp' && t.tls) {
      const r = yield* tlsHandshake(this.host, t, this.commandId, t.hello);
      if (!r.ok) {
        this.broken = r.error;
        return false;
      }
    }
    if (t.kind === 'ssh') {
      const r = yield* openSshTunnel(this.host, t, this.commandId);
      if (!r.ok) {
        this.broken = r.error;
        return false;
      }
    }
    this.connected = true;
    return true;
  }

  /**
   * Bytes on this command's attached connection (typed input, Ctrl-C, Ctrl-D): one-way, to
   * the daemon the command talks to.
   */
  stdin(
    request: unknown,
    summary: string,
    subjects?: Subjects,
    /** An exec's connection carries its own input (`engine.exec.stdin`). */
    op: Extract<Op, 'engine.containers.stdin' | 'engine.exec.stdin'> = 'engine.containers.stdin',
  ): void {
    const t = this.to;
    if (t.kind === 'unreachable') return;
    const spec: OneWaySpec = {
      to: daemonOf(t),
      protocol: 'stream',
      operation: 'stdin',
      op,
      ...(subjects ? { subjects } : {}),
      request,
      summary,
    };
    if (t.machine !== this.host.name) spec.host = t.machine;
    this.host.net.send('client', spec, this.commandId);
  }

  private *send(req: HttpRequest, summary: string, op: Op, subjects?: Subjects): Task<Reply> {
    const t = this.to;
    if (t.kind === 'unreachable') throw new Error('send on an unreachable target');
    if (t.kind === 'tcp') {
      // Go's client names the daemon in the Host header; the connection is plain or TLS.
      req.headers = { ...req.headers, Host: t.authority! };
      req.via = t.tls ? 'https' : 'http';
    }
    const spec: CallSpec = {
      to: daemonOf(t),
      protocol: 'http',
      operation: operationOf(req),
      op,
      ...(subjects ? { subjects } : {}),
      request: req,
      summary: t.kind === 'ssh' ? `${summary} (through the ssh tunnel)` : summary,
    };
    // The learner's own daemon keeps the call as it always was (no host: the caller's machine).
    if (t.machine !== this.host.name) spec.host = t.machine;
    return yield* this.host.net.call('client', spec, this.commandId);
  }
}

/**
 * ── daemon: a stopped dockerd ──
 * The learner's own socket answers only while something listens on it: dockerd,
 * or systemd for it (docker.socket). With neither, connect(2) fails and the CLI
 * says it cannot connect to the daemon (docker/cli's connection-failed error).
 */
function socketListening(host: Host, t: Target): Target {
  if (t.kind !== 'unix' || t.daemon || t.machine !== host.name) return t;
  if (host.net.has('dockerd')) return t;
  return { kind: 'unreachable', endpoint: t.endpoint, base: t.base, failure: { kind: 'refused' } };
}

/** The dockerd a reachable target's requests go to: the machine's first, or the one on its socket. */
const daemonOf = (t: Exclude<Target, { kind: 'unreachable' }>): ComponentId =>
  (t.kind !== 'ssh' && t.daemon) || 'dockerd';

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
  // A plain-text body (Go's net/http answering before dockerd's router) is printed trimmed.
  typeof r.body === 'string'
    ? r.body.trim()
    : ((r.body as { message?: string } | undefined)?.message ??
      `unexpected status ${String(r.status)}`);
