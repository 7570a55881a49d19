// `npm run daemon`: one simulated Docker host served over HTTP, so the real docker CLI
// can drive it (DOCKER_HOST=tcp://127.0.0.1:2375) and a browser can watch it live.
import http from 'node:http';
import { existsSync, unlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Engine } from '../../src/sim/engine';
import { serveApiRequest } from './api';
import { serveUpgrade } from './hijack';
import { LiveView } from './liveView';

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
}

export interface Daemon {
  /** `tcp://127.0.0.1:PORT` or `unix:///path`: what DOCKER_HOST should be. */
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

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
    opts.engine ?? new Engine({ seed: opts.seed ?? 1, epoch: Date.now(), tty: true, columns: 100 });
  const log = opts.quiet ? () => undefined : (line: string) => console.log(line);
  const live = opts.serveApp === false ? null : new LiveView(engine);
  const server = http.createServer({ requestTimeout: 0 });
  server.keepAliveTimeout = 60_000;

  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://daemon').pathname;
    if (live && !isApiPath(path) && live.handles(path)) {
      live.serve(req, res, path).catch(() => res.destroy());
      return;
    }
    if (!opts.quiet) log(`${req.method} ${req.url}`);
    serveApiRequest(engine, req, res).catch(() => res.destroy());
  });
  const hijacked = new Set<Duplex>();
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    hijacked.add(socket);
    socket.on('close', () => hijacked.delete(socket));
    if (!opts.quiet) log(`${req.method} ${req.url} (upgrade)`);
    serveUpgrade(engine, req, socket, head).catch(() => socket.destroy());
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
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
      log(`DockScope engine error: ${String(error)}`);
    }
  }, TICK_MS);

  let url: string;
  if (opts.socket) {
    if (existsSync(opts.socket)) unlinkSync(opts.socket);
    await listen(server, () => server.listen(opts.socket));
    url = `unix://${opts.socket}`;
  } else {
    const host = opts.host ?? '127.0.0.1';
    await listen(server, () => server.listen(opts.port ?? 2375, host));
    const port = (server.address() as AddressInfo).port;
    url = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  return {
    url,
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
