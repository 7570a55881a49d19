// One listener (a TCP port or a Unix socket) bound to one machine's Engine API, with every
// protection issue 10 gave the daemon: Host/Origin checks, timeouts for slow clients, a cap
// on open connections, JSON errors instead of crashes. `npm run daemon` opens one per Docker
// host of the world; only the learner's own (`local`) also serves the page (`live`).
import http from 'node:http';
import { lstatSync, unlinkSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type AccessPolicy, refusal } from './access';
import { serveApiRequest, writeError } from './api';
import { serveUpgrade } from './hijack';
import type { LiveView } from './liveView';
import type { EngineApi } from './route';
import { WireError, rawHead, requestUrl } from './wire';

/**
 * How long a client may take to send a request's headers, and all of it. Neither cuts a
 * long answer (a pull, `logs -f`, `wait`, `events`): Node only times the request itself, and
 * hijacked connections (attach, exec) leave the HTTP server once upgraded.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** An idle kept-alive connection is closed after this. */
export const KEEP_ALIVE_TIMEOUT_MS = 10_000;

export interface ListenerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Most connections open at once (the CLI opens a few per command). Default 256. */
  maxConnections?: number;
  /** Shorter timeouts, for tests (ms). */
  timeouts?: { headers?: number; request?: number; keepAlive?: number; upgradeBody?: number };
  log: (line: string) => void;
  /** Where a failure goes: nothing a client sends may stop the daemon. */
  fail: (what: string, error: unknown) => void;
}

/** Where a listener listens: a TCP port (0 = a free one) or a Unix socket path. */
export type Where = { port: number } | { socket: string };

export interface Listener {
  /** `tcp://127.0.0.1:PORT` or `unix:///path`: what DOCKER_HOST should be. */
  url: string;
  /** The TCP port it listens on (undefined on a Unix socket). */
  port: number | undefined;
  close(): Promise<void>;
}

/** Paths of the Engine API (everything else may be the page). */
export function isApiPath(path: string): boolean {
  return /^\/(v\d+\.\d+\/|_ping$|containers\/|containers$|images\/|images$|version$|info$|exec\/|networks|volumes|system\/|events$|auth$|build$|session$|grpc$|plugins|swarm|nodes|services|tasks|secrets|configs|distribution\/|commit$)/.test(
    path,
  );
}

/** Listen at `where`, answering Engine API requests with `api` and, if given, the page with `live`. */
export async function openListener(
  api: EngineApi,
  live: LiveView | null,
  where: Where,
  opts: ListenerOptions,
): Promise<Listener> {
  const { log, fail } = opts;
  const headersTimeout = opts.timeouts?.headers ?? HEADERS_TIMEOUT_MS;
  const server = http.createServer({
    headersTimeout,
    requestTimeout: opts.timeouts?.request ?? REQUEST_TIMEOUT_MS,
    // Node checks those timeouts this often (30 s by default: a slow client would get 40 s).
    connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 4)),
  });
  server.keepAliveTimeout = opts.timeouts?.keepAlive ?? KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = opts.maxConnections ?? 256;
  const policy: AccessPolicy = { port: null, host: opts.host };

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.on('error', () => undefined);
    const answer500 = (error: unknown) => {
      fail(`${req.method} ${req.url}`, error);
      if (!res.headersSent) writeError(res, error);
      else res.destroy();
    };
    try {
      let path: string;
      try {
        path = requestUrl(req.url).pathname;
      } catch (error) {
        req.resume();
        writeError(res, error);
        return;
      }
      const page = live !== null && !isApiPath(path) && live.handles(path);
      const refused = refusal(req, policy, page);
      if (refused) {
        log(`refused ${req.method} ${req.url}: ${refused}`);
        req.resume();
        res.setHeader('Connection', 'close');
        writeError(res, new WireError(403, refused));
        return;
      }
      if (page) {
        live.serve(req, res, path).catch(answer500);
        return;
      }
      log(`${req.method} ${req.url}`);
      serveApiRequest(api, req, res).catch(answer500);
    } catch (error) {
      answer500(error);
    }
  });
  const hijacked = new Set<Duplex>();
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    // Upgraded sockets are no longer the HTTP server's: close() ends them itself.
    hijacked.add(socket);
    socket.on('close', () => hijacked.delete(socket));
    try {
      const refused = refusal(req, policy, false);
      if (refused) {
        log(`refused ${req.method} ${req.url} (upgrade): ${refused}`);
        const body = `${JSON.stringify({ message: refused })}\n`;
        const head403 = rawHead(403, 'Forbidden', {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          Connection: 'close',
        });
        socket.end(head403 + body, () => socket.destroy());
        return;
      }
      log(`${req.method} ${req.url} (upgrade)`);
      serveUpgrade(api, req, socket, head, opts.timeouts?.upgradeBody).catch((error: unknown) => {
        fail(`${req.method} ${req.url} (upgrade)`, error);
        socket.destroy();
      });
    } catch (error) {
      fail(`${req.method} ${req.url} (upgrade)`, error);
      socket.destroy();
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return;
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    socket.end(
      `HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nConnection: close\r\n\r\n`,
    );
  });

  let url: string;
  let port: number | undefined;
  if ('socket' in where) {
    await removeStaleSocket(where.socket);
    await listen(server, () => server.listen(where.socket));
    url = `unix://${where.socket}`;
  } else {
    const host = opts.host ?? '127.0.0.1';
    await listen(server, () => server.listen(where.port, host));
    port = (server.address() as AddressInfo).port;
    policy.port = port;
    url = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
  return {
    url,
    port,
    close: async () => {
      server.closeAllConnections();
      for (const s of hijacked) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `--socket PATH`: a socket left there by a daemon that is gone is removed (as dockerd does
 * with its own); a socket something still answers on, or anything that is not a socket, is
 * left alone and refused.
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stat.isSocket()) {
    const what = stat.isDirectory()
      ? 'a directory'
      : stat.isSymbolicLink()
        ? 'a symbolic link'
        : 'a file';
    throw Object.assign(
      new Error(`${path} is ${what}, not a socket: not removing it (choose another --socket path)`),
      {
        code: 'ENOTSOCK',
      },
    );
  }
  const answering = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (answering)
    throw Object.assign(new Error(`${path} is in use: another server is listening on it`), {
      code: 'EADDRINUSE',
    });
  unlinkSync(path);
}

function listen(server: http.Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
    start();
  });
}
