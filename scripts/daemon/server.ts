// `npm run daemon`: one simulated Docker host served over HTTP, so the real docker CLI
// can drive it (DOCKER_HOST=tcp://127.0.0.1:2375) and a browser can watch it live.
import http from 'node:http';
import { lstatSync, unlinkSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Engine } from '../../src/sim/engine';
import { type AccessPolicy, refusal } from './access';
import { serveApiRequest, writeError } from './api';
import { serveUpgrade } from './hijack';
import { LiveView } from './liveView';
import { WireError, rawHead, requestUrl } from './wire';

export interface DaemonOptions {
  /** TCP port (0 = a free one). Ignored when `socket` is given. Default 2375. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Listen on this Unix socket instead of TCP (like /var/run/docker.sock). */
  socket?: string;
  /** Seed of the simulated host (IDs, names, digests). Default 1. */
  seed?: number;
  /** Serve this host instead of a fresh one. */
  engine?: Engine;
  /** Serve the built app (dist/) and its live event channel. Default true. */
  serveApp?: boolean;
  /** No log lines. */
  quiet?: boolean;
  /** Trace messages kept (the oldest are dropped beyond it). Default `DEFAULT_KEEP_MESSAGES`. */
  keepMessages?: number;
  /** Most connections open at once (the CLI opens a few per command). Default 256. */
  maxConnections?: number;
  /** Shorter timeouts, for tests (ms). */
  timeouts?: { headers?: number; request?: number; keepAlive?: number; upgradeBody?: number };
}

export interface Daemon {
  /** `tcp://127.0.0.1:PORT` or `unix:///path`: what DOCKER_HOST should be. */
  url: string;
  /** The TCP port it listens on (undefined on a Unix socket). */
  port: number | undefined;
  engine: Engine;
  close(): Promise<void>;
}

/**
 * How long a client may take to send a request's headers, and all of it. Neither cuts a
 * long answer (a pull, `logs -f`, `wait`, `events`): Node only times the request itself, and
 * hijacked connections (attach, exec) leave the HTTP server once upgraded.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** An idle kept-alive connection is closed after this. */
export const KEEP_ALIVE_TIMEOUT_MS = 10_000;
/**
 * The daemon keeps this many trace messages by default: about 2,000 requests of the real CLI
 * (under load the bench averages some 10 messages a request: dockerd's calls to containerd, the
 * shim, runc and the kernel). The bench measured what it costs: about 15 MB of heap, and
 * RSS flat once it is full (+42 MB over 20,000 requests; 50,000 messages cost +80 to +220 MB).
 */
export const DEFAULT_KEEP_MESSAGES = 20_000;

/** How often the simulated clock catches up with the real one. */
const TICK_MS = 50;
/** Never jump more than this at once (the process was suspended, a debugger paused it). */
const MAX_STEP_MS = 1000;

/** Paths of the Engine API (everything else may be the page). */
export function isApiPath(path: string): boolean {
  return /^\/(v\d+\.\d+\/|_ping$|containers\/|containers$|images\/|images$|version$|info$|exec\/|networks|volumes|system\/|events$|auth$|build$|session$|grpc$|plugins|swarm|nodes|services|tasks|secrets|configs|distribution\/|commit$)/.test(
    path,
  );
}

export async function startDaemon(opts: DaemonOptions = {}): Promise<Daemon> {
  const engine =
    opts.engine ??
    new Engine({
      seed: opts.seed ?? 1,
      epoch: Date.now(),
      tty: true,
      columns: 100,
      keepMessages: opts.keepMessages ?? DEFAULT_KEEP_MESSAGES,
    });
  const log = opts.quiet ? () => undefined : (line: string) => console.log(line);
  // Nothing a client sends may stop the daemon: every failure is logged and, where an
  // answer can still be given, answered 500.
  const fail = (what: string, error: unknown) =>
    console.error(
      `DockScope daemon error (${what}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  const live = opts.serveApp === false ? null : new LiveView(engine, fail);
  if (live && !opts.engine) live.keeps = opts.keepMessages ?? DEFAULT_KEEP_MESSAGES;
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
      serveApiRequest(engine, req, res).catch(answer500);
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
      serveUpgrade(engine, req, socket, head, opts.timeouts?.upgradeBody).catch(
        (error: unknown) => {
          fail(`${req.method} ${req.url} (upgrade)`, error);
          socket.destroy();
        },
      );
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

  // Simulated time follows real time, so running containers progress and `wait` answers come.
  // A request may run it ahead (a pull takes simulated seconds at once): it then waits for the
  // wall clock to catch up, so the times the CLI computes (`Up 5 seconds`) stay true.
  let offset = performance.now() - engine.now;
  const clock = setInterval(() => {
    let behind = performance.now() - offset - engine.now;
    if (behind > MAX_STEP_MS) {
      offset += behind - MAX_STEP_MS; // the process was suspended: do not chase the lost time
      behind = MAX_STEP_MS;
    }
    if (behind <= 0) return;
    try {
      engine.advance(behind);
    } catch (error) {
      fail('clock', error);
    }
  }, TICK_MS);

  let url: string;
  let port: number | undefined;
  try {
    if (opts.socket) {
      await removeStaleSocket(opts.socket);
      await listen(server, () => server.listen(opts.socket));
      url = `unix://${opts.socket}`;
    } else {
      const host = opts.host ?? '127.0.0.1';
      await listen(server, () => server.listen(opts.port ?? 2375, host));
      port = (server.address() as AddressInfo).port;
      policy.port = port;
      url = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
  } catch (error) {
    clearInterval(clock);
    live?.close();
    throw error;
  }

  return {
    url,
    port,
    engine,
    close: async () => {
      clearInterval(clock);
      live?.close();
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
