// The live view: the built app served next to the Engine API, a Server-Sent Events channel
// that pushes every trace message as it is recorded (plus host views), and endpoints that
// let the page's terminal run commands on this same host.
import type http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandResult, Engine, HostChange, HostView, Message } from '../../src/sim/engine';
import { WireError, parseJsonBody, readBody, writeJson } from './wire';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
/** Tells the page to use this server's host instead of one of its own (src/ui/remoteHost.ts). */
const REMOTE_MARK = '<script>window.__DOCKSCOPE_REMOTE__ = true;</script>';

/** A Docker host's history from change number `from` on; `start`, when older ones were dropped, is the host before it. */
export type HostChanges = { from: number; list: HostChange[]; start?: HostView };

/** What the page gets after each of its calls and each pushed update. */
export interface RemoteUpdate {
  /** The world's messages (every host's, `fromHost`/`toHost` say where). */
  messages: Message[];
  /** The learner's own host (`local`). */
  view: { seq: number; view: ReturnType<Engine['view']> };
  /**
   * The learner's own host's history from change number `from` on: the page rewinds with
   * it exactly.
   */
  changes: HostChanges;
  /** The other Docker hosts (node-2, node-3): each one's objects now and its history. */
  hosts: Record<string, { view: HostView; changes: HostChanges }>;
  attached: number[];
  results: CommandResult[];
  /** Seq of the oldest message the daemon still holds (older ones were dropped). */
  firstSeq: number;
  /** How many messages the daemon keeps. */
  keeps?: number;
}

/** A page that reads slower than this much is queued for it is dropped (it reconnects and starts over). */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

export class LiveView {
  private clients = new Set<http.ServerResponse>();
  private pending: Message[] = [];
  private flushing = false;
  /** Commands the page ran that are still attached: their later output and exit are pushed. */
  private pageCommands = new Set<number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: Engine,
    /** Where a failure goes (logged): nothing here may stop the daemon. */
    private readonly fail: (what: string, error: unknown) => void = () => undefined,
  ) {
    this.unsubscribe = engine.onMessage((m) => {
      if (this.clients.size === 0) return;
      this.pending.push(m);
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => {
          try {
            this.flush();
          } catch (error) {
            this.fail('live view', error);
          }
        });
      }
    });
  }

  handles(path: string): boolean {
    return (
      path === '/' ||
      path === '/index.html' ||
      path === '/favicon.svg' ||
      path.startsWith('/assets/') ||
      path.startsWith('/_dockscope/')
    );
  }

  async serve(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
    res.on('error', () => undefined);
    try {
      if (!path.startsWith('/_dockscope/')) return await this.file(res, path);
      if (path === '/_dockscope/events') return this.events(req, res);
      if (path === '/_dockscope/hello') return writeJson(res, 200, { remote: true });
      if (req.method !== 'POST') throw new WireError(404, 'page not found');
      const body = (parseJsonBody(await readBody(req)) ?? {}) as Record<string, unknown>;
      writeJson(res, 200, this.call(path, body));
    } catch (error) {
      const status = error instanceof WireError ? error.status : 500;
      writeJson(res, status, { message: error instanceof Error ? error.message : String(error) });
    }
  }

  close(): void {
    this.unsubscribe();
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  /** The page's terminal: run, interrupt, type into a command; complete a word. */
  private call(path: string, body: Record<string, unknown>): unknown {
    const e = this.engine;
    const id = Number(body.id);
    const since = Number(body.since) || 0;
    const changesSince = this.changesAsked(body);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    let result: CommandResult | undefined;
    switch (path) {
      case '/_dockscope/run':
        result = e.run(str(body.line));
        break;
      case '/_dockscope/interrupt':
        result = e.interrupt(id);
        break;
      case '/_dockscope/stdin':
        e.stdin(id, str(body.text));
        result = e.result(id);
        break;
      case '/_dockscope/endinput':
        e.endInput(id);
        result = e.result(id);
        break;
      case '/_dockscope/complete':
        return { list: e.complete(str(body.line)) };
      case '/_dockscope/trace':
        return this.update(since, [], changesSince);
      default:
        throw new WireError(404, 'page not found');
    }
    if (result && e.attached().includes(result.id)) this.pageCommands.add(result.id);
    return { result, ...this.update(since, result ? [result] : [], changesSince) };
  }

  /** The world's Docker hosts, `local` first. */
  private get machines(): string[] {
    return [...this.engine.world.hosts.keys()];
  }

  /**
   * The change number the page has of each host: `changesSince` is the learner's own
   * (as before), `hostChangesSince` maps another host's name to its number.
   */
  private changesAsked(body: Record<string, unknown>): Record<string, number> {
    const others = (body.hostChangesSince ?? {}) as Record<string, unknown>;
    const asked: Record<string, number> = {};
    for (const [i, name] of this.machines.entries()) {
      const n = Number(i === 0 ? body.changesSince : others[name]);
      asked[name] = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
    }
    return asked;
  }

  /** Changes broadcast to every open page so far, per host (a page's hello carries all of them). */
  private sentChanges: Record<string, number> = {};

  private changesFrom(from: number, machine: string): HostChanges {
    const history = this.engine.hostNamed(machine)!.history;
    const changes: HostChanges = history.since(from);
    if (changes.from > from) changes.start = history.startView();
    return changes;
  }

  /** Every other host's objects now and its changes from what the page has. */
  private others(changesSince: Record<string, number>): RemoteUpdate['hosts'] {
    const hosts: RemoteUpdate['hosts'] = {};
    for (const name of this.machines.slice(1))
      hosts[name] = {
        view: this.engine.view(name),
        changes: this.changesFrom(changesSince[name] ?? 0, name),
      };
    return hosts;
  }

  /** Messages after seq `since` (from the oldest held if older ones were dropped). */
  private update(
    since: number,
    results: CommandResult[],
    changesSince: Record<string, number> = {},
  ): RemoteUpdate {
    const e = this.engine;
    return {
      messages: e.trace.slice(Math.max(0, Math.floor(since) + 1 - e.firstSeq) || 0),
      view: { seq: e.lastSeq, view: e.view() },
      changes: this.changesFrom(changesSince.local ?? 0, 'local'),
      hosts: this.others(changesSince),
      attached: e.attached(),
      results,
      firstSeq: e.firstSeq,
      keeps: this.keeps,
    };
  }

  /** How many messages the engine keeps (for the page's "older messages dropped" notice). */
  keeps: number | undefined;

  private events(req: http.IncomingMessage, res: http.ServerResponse): void {
    // The whole host so far (as far as it is kept), then every message as it is recorded.
    // Built before the head is sent, so a failure is still answered 500.
    const hello = `event: hello\ndata: ${JSON.stringify(this.update(0, []))}\n\n`;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.write(hello);
    this.clients.add(res);
    const ping = setInterval(() => {
      if (!res.destroyed) res.write(': ping\n\n');
    }, 15_000);
    req.on('close', () => {
      clearInterval(ping);
      this.clients.delete(res);
    });
  }

  private flush(): void {
    this.flushing = false;
    const messages = this.pending;
    this.pending = [];
    if (this.clients.size === 0 || messages.length === 0) return;
    const attached = this.engine.attached();
    const results: CommandResult[] = [];
    for (const id of this.pageCommands) {
      const r = this.engine.result(id);
      if (r) results.push(r);
      if (!attached.includes(id)) this.pageCommands.delete(id);
    }
    const hosts = this.others(this.sentChanges);
    const changes = this.changesFrom(this.sentChanges.local ?? 0, 'local');
    this.sentChanges.local = changes.from + changes.list.length;
    for (const [name, h] of Object.entries(hosts))
      this.sentChanges[name] = h.changes.from + h.changes.list.length;
    const update: RemoteUpdate = {
      messages,
      view: { seq: this.engine.lastSeq, view: this.engine.view() },
      changes,
      hosts,
      attached,
      results,
      firstSeq: this.engine.firstSeq,
      keeps: this.keeps,
    };
    const data = `event: update\ndata: ${JSON.stringify(update)}\n\n`;
    for (const c of this.clients) {
      if (c.destroyed) continue;
      // A page that does not read would have the daemon queue every update for it.
      if (c.writableLength > MAX_QUEUED_BYTES) c.destroy();
      else c.write(data);
    }
  }

  private async file(res: http.ServerResponse, path: string): Promise<void> {
    const rel = path === '/' ? 'index.html' : normalize(path).replace(/^[/\\]+/, '');
    if (rel.startsWith('..')) throw new WireError(404, 'page not found');
    let data: Buffer;
    try {
      data = await readFile(join(DIST, rel));
    } catch {
      const missing = rel === 'index.html' ? 'the app is not built: run `npx vite build`' : '';
      throw new WireError(404, missing || 'page not found');
    }
    if (rel === 'index.html') {
      data = Buffer.from(data.toString('utf8').replace('<head>', `<head>${REMOTE_MARK}`));
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream',
      'Content-Length': String(data.length),
      'Cache-Control': rel.startsWith('assets/') ? 'max-age=31536000, immutable' : 'no-cache',
    });
    res.end(data);
  }
}
