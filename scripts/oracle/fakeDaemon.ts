// A scripted stand-in for dockerd 28.2.2 (Engine API 1.50) on 127.0.0.1, for driving the
// real docker CLI. It records every request (and what it answered) in arrival order.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Engine, ApiError, type DaemonSeed } from './engine';
import {
  FIXTURE_EPOCH,
  type Container,
  containerInspect,
  containerSummary,
  imageSummary,
} from './model';
import { pullMessages } from './pullStream';
import { type Condition, type RecordedResponse, Runtime, encodeFrame } from './runtime';
import { COMMON_HEADERS, PING_HEADERS, infoJson, versionJson } from './system';

export type { DaemonSeed } from './engine';
export type { RecordedResponse } from './runtime';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query exactly as sent (percent-encoding kept). */
  rawQuery: string;
  /** Decoded query pairs in the order sent. */
  query: [string, string][];
  headers: Record<string, string>;
  body?: unknown;
  response: RecordedResponse;
}

const RECORDED_HEADERS = ['content-type', 'x-registry-auth', 'upgrade', 'connection', 'user-agent'];
const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';

export class FakeDaemon {
  readonly requests: RecordedRequest[] = [];
  private readonly engine: Engine;
  private readonly server = http.createServer();
  private readonly base = Math.floor(Date.now() / 1000);
  /** Arrival of requests and departure of key response parts, in order. */
  readonly timeline: string[] = [];
  private readonly runtime: Runtime;

  constructor(private readonly seed: DaemonSeed) {
    this.engine = new Engine(seed);
    this.runtime = new Runtime(this.engine, (event) => this.timeline.push(event));
    this.server.on('request', (req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Socket) =>
      this.onUpgrade(req, socket),
    );
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.runtime.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(req: http.IncomingMessage, body: unknown): RecordedRequest {
    const url = new URL(req.url ?? '/', 'http://daemon');
    const headers: Record<string, string> = {};
    for (const h of RECORDED_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const entry: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      rawQuery: url.search.replace(/^\?/, ''),
      query: [...url.searchParams.entries()],
      headers,
      ...(body === undefined ? {} : { body }),
      response: { status: 0 },
    };
    this.requests.push(entry);
    const query = url.search.length > 1 ? url.search : '';
    this.timeline.push(`→ ${entry.method} ${url.pathname.replace(/[0-9a-f]{64}/, '{id}')}${query}`);
    return entry;
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw.length > 0 ? raw : undefined;
    if (raw.length > 0 && (req.headers['content-type'] ?? '').includes('json'))
      body = JSON.parse(raw);
    const entry = this.record(req, body);
    const url = new URL(req.url ?? '/', 'http://daemon');
    try {
      this.route(req.method ?? '', url, body, res, entry.response);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.json(res, entry.response, err.status, () => ({ message: err.message }));
    }
  }

  private head(
    res: http.ServerResponse,
    rec: RecordedResponse,
    status: number,
    type?: string,
  ): void {
    rec.status = status;
    if (type) rec.contentType = type;
    res.writeHead(status, { ...COMMON_HEADERS, ...(type ? { 'Content-Type': type } : {}) });
  }

  /** Sends build(real clock); records build(FIXTURE_EPOCH). */
  private json(
    res: http.ServerResponse,
    rec: RecordedResponse,
    status: number,
    build: (base: number) => unknown,
  ): void {
    this.head(res, rec, status, 'application/json');
    rec.body = build(FIXTURE_EPOCH);
    res.end(`${JSON.stringify(build(this.base))}\n`);
  }

  private empty(res: http.ServerResponse, rec: RecordedResponse, status: number): void {
    this.head(res, rec, status);
    res.end();
  }

  private route(
    method: string,
    url: URL,
    body: unknown,
    res: http.ServerResponse,
    rec: RecordedResponse,
  ): void {
    const q = url.searchParams;
    const truthy = (k: string): boolean => ['1', 'true', 'True'].includes(q.get(k) ?? '');
    const p = url.pathname.replace(/^\/v\d+\.\d+/, '');
    const e = this.engine;
    if (p === '/_ping') {
      Object.assign(rec, { status: 200, contentType: PING_HEADERS['Content-Type'] });
      if (method !== 'HEAD') rec.body = 'OK';
      res.writeHead(200, { ...PING_HEADERS, 'Content-Length': method === 'HEAD' ? '0' : '2' });
      res.end(method === 'HEAD' ? undefined : 'OK');
      return;
    }
    const key = `${method} ${p}`;
    if (key === 'GET /version') return this.json(res, rec, 200, () => versionJson());
    if (key === 'GET /info') return this.json(res, rec, 200, (base) => infoJson(e.counts(), base));
    if (key === 'GET /images/json') {
      return this.json(res, rec, 200, (base) => e.images.map((i) => imageSummary(i, base)));
    }
    if (key === 'GET /containers/json') {
      const list = e.containers.filter((c) => truthy('all') || c.state === 'running');
      return this.json(res, rec, 200, (base) => list.map((c) => containerSummary(c, base)));
    }
    if (key === 'POST /images/create')
      return this.pull(q.get('fromImage') ?? '', q.get('tag') ?? '', res, rec);
    if (key === 'POST /containers/create') {
      const c = e.create((body ?? {}) as Record<string, unknown>, q.get('name'));
      return this.json(res, rec, 201, () => ({ Id: c.id, Warnings: [] }));
    }
    const img = /^\/images\/(.+)$/.exec(p);
    if (method === 'DELETE' && img) {
      const items = e.removeImage(decodeURIComponent(img[1]!), truthy('force'));
      return this.json(res, rec, 200, () => items);
    }
    const m = /^\/containers\/([^/]+)(?:\/(\w+))?$/.exec(p);
    if (!m) throw new ApiError(404, 'page not found');
    const c = e.container(decodeURIComponent(m[1]!));
    const action = `${method} ${m[2] ?? ''}`;
    switch (action) {
      case 'GET json':
        return this.json(res, rec, 200, (base) => containerInspect(c, base));
      case 'GET logs': {
        this.head(res, rec, 200, MULTIPLEXED);
        const want = new Set([truthy('stdout') ? 1 : 0, truthy('stderr') ? 2 : 0]);
        rec.frames = c.logs.filter((f) => want.has(f.stream));
        res.end(Buffer.concat(rec.frames.map(encodeFrame)));
        return;
      }
      case 'POST wait':
        return this.wait(c, (q.get('condition') || 'not-running') as Condition, res, rec);
      case 'POST start':
        if (c.state === 'running') return this.empty(res, rec, 304);
        this.empty(res, rec, 204);
        return this.runtime.start(c);
      case 'POST stop':
        if (c.state !== 'running') return this.empty(res, rec, 304);
        this.runtime.exit(c, c.image.stopSignal === 'SIGQUIT' ? 0 : 137);
        return this.empty(res, rec, 204);
      case 'POST kill':
        if (c.state !== 'running') {
          throw new ApiError(
            409,
            `cannot kill container: ${m[1]}: container ${c.id} is not running`,
          );
        }
        this.runtime.exit(c, 137);
        return this.empty(res, rec, 204);
      // ── life: pause and unpause answer 204 (the fake keeps no freezer state) ──
      case 'POST pause':
      case 'POST unpause':
        return this.empty(res, rec, 204);
      case 'POST restart':
        if (c.state === 'running') this.runtime.exit(c, 0);
        this.empty(res, rec, 204);
        return this.runtime.start(c);
      // ── res: docker update (moby answers UpdateResponse; no warnings here) ──
      case 'POST update':
        return this.json(res, rec, 200, () => ({ Warnings: null }));
      case 'DELETE ':
        e.remove(c, truthy('force'));
        this.runtime.settle(c, 'removed');
        return this.empty(res, rec, 204);
    }
    throw new ApiError(404, 'page not found');
  }

  private pull(
    fromImage: string,
    tag: string,
    res: http.ServerResponse,
    rec: RecordedResponse,
  ): void {
    const img = this.engine.pullTarget(fromImage, tag);
    const have = this.engine.findImage(`${img.repo}:${img.tag}`);
    const fail = this.seed.pullStreamError;
    const messages = pullMessages(img, {
      haveLayers: this.engine.layersPresent(),
      upToDate: have?.id === img.id,
      ...(fail ? { failWith: fail } : {}),
    });
    this.head(res, rec, 200, 'application/json');
    rec.messages = messages;
    for (const msg of messages) res.write(`${JSON.stringify(msg)}\r\n`);
    if (!fail) this.engine.addImage(img);
    res.end();
  }

  private onUpgrade(req: http.IncomingMessage, socket: Socket): void {
    const entry = this.record(req, undefined);
    const url = new URL(req.url ?? '/', 'http://daemon');
    const m = /^(?:\/v\d+\.\d+)?\/containers\/([^/]+)\/attach$/.exec(url.pathname);
    let c: Container;
    try {
      if (!m) throw new ApiError(404, 'page not found');
      c = this.engine.container(decodeURIComponent(m[1]!));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, String(err));
      const body = { message: e.message };
      entry.response = { status: e.status, contentType: 'application/json', body };
      const text = `${JSON.stringify(body)}\n`;
      const head = `HTTP/1.1 ${e.status} ${http.STATUS_CODES[e.status]}\r\nContent-Type: application/json`;
      socket.end(`${head}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
      return;
    }
    entry.response = { status: 101, contentType: MULTIPLEXED, frames: [] };
    const q = url.searchParams;
    const streams = new Set<number>();
    if (q.get('stdout') === '1') streams.add(1);
    if (q.get('stderr') === '1') streams.add(2);
    this.runtime.attach(c, socket, streams, entry.response);
    const extra = Object.entries(COMMON_HEADERS)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    // moby: raw "101 UPGRADED" + the headers the hijack dropped, then the frames.
    this.later(this.seed.timing?.attachUpgradeDelayMs, () => {
      this.timeline.push('← 101 attach');
      socket.write(
        `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${MULTIPLEXED}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n${extra}\r\n`,
      );
    });
  }

  private wait(
    c: Container,
    condition: Condition,
    res: http.ServerResponse,
    rec: RecordedResponse,
  ): void {
    // moby writes and flushes the 200 header at once; the body comes when the condition is met.
    this.later(this.seed.timing?.waitHeadersDelayMs, () => {
      this.timeline.push('← 200 wait headers');
      this.head(res, rec, 200, 'application/json');
      res.flushHeaders();
      this.runtime.wait(c, condition, res, rec);
    });
  }

  private later(ms: number | undefined, fn: () => void): void {
    if (ms === undefined) fn();
    else setTimeout(fn, ms);
  }
}
