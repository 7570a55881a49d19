// `npm run daemon`: the simulated world served over HTTP, so the real docker CLI can drive
// each of its Docker hosts (DOCKER_HOST=tcp://127.0.0.1:2375 is the learner's own, the next
// ports node-2's and node-3's, then the learner machine's second daemon, dockerd-bootstrap's)
// and a browser can watch them live on the first port.
import { basename, dirname, join } from 'node:path';
import { Engine } from '../../src/sim/engine';
import { type Listener, type ListenerOptions, type Where, openListener } from './listener';
import { LiveView } from './liveView';
import { routeTo, servedDaemons } from './route';

export {
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  isApiPath,
  removeStaleSocket,
} from './listener';

export interface DaemonOptions {
  /**
   * TCP port of the learner's own daemon (0 = a free one for every host). The other hosts
   * listen on the ports after it, in order (node-2 on PORT+1, node-3 on PORT+2,
   * dockerd-bootstrap on PORT+3). Ignored
   * when `socket` is given. Default 2375.
   */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Listen on Unix sockets instead of TCP (like /var/run/docker.sock): the learner's own
   * daemon on this path, each other host on `socketFor(path, name)`.
   */
  socket?: string;
  /** Seed of the simulated world (IDs, names, digests). Default 1. */
  seed?: number;
  /** Serve this world instead of a fresh one. */
  engine?: Engine;
  /** Serve the built app (dist/) and its live event channel. Default true. */
  serveApp?: boolean;
  /** No log lines. */
  quiet?: boolean;
  /** Trace messages kept (the oldest are dropped beyond it). Default `DEFAULT_KEEP_MESSAGES`. */
  keepMessages?: number;
  /** Most connections open at once, on each listener. Default 256. */
  maxConnections?: number;
  /** Shorter timeouts, for tests (ms). */
  timeouts?: ListenerOptions['timeouts'];
}

/** One Docker host of the world and where the real CLI reaches it. */
export interface ServedHost {
  /** The machine's name in the world (`local`, `node-2`, `node-3`), or a second daemon's address (`dockerd-bootstrap`). */
  name: string;
  /** `tcp://127.0.0.1:PORT` or `unix:///path`: what DOCKER_HOST (or `-H`) should be. */
  url: string;
  /** The TCP port it listens on (undefined on a Unix socket). */
  port: number | undefined;
  /** A second dockerd on a machine (the learner's dockerd-bootstrap), not a machine's own. */
  second?: boolean;
}

export interface Daemon {
  /** The learner's own daemon (`local`), which also serves the page: what DOCKER_HOST should be. */
  url: string;
  /** Its TCP port (undefined on a Unix socket). */
  port: number | undefined;
  /** Every Docker host served, `local` first. */
  hosts: ServedHost[];
  engine: Engine;
  close(): Promise<void>;
}

/**
 * The daemon keeps this many trace messages by default: about 2,000 requests of the real CLI
 * (under load the bench averages some 10 messages a request: dockerd's calls to containerd, the
 * shim, runc and the kernel). The bench measured what it costs: about 15 MB of heap, and
 * RSS flat once it is full (+42 MB over 20,000 requests; 50,000 messages cost +80 to +220 MB).
 * It is one trace for the whole world, so the bound holds however many hosts are driven.
 */
export const DEFAULT_KEEP_MESSAGES = 20_000;

/** How often the simulated clock catches up with the real one. */
const TICK_MS = 50;
/** Never jump more than this at once (the process was suspended, a debugger paused it). */
const MAX_STEP_MS = 1000;

/** The socket of host `name` next to the learner's own: `/tmp/d.sock` → `/tmp/d-node-2.sock`. */
export function socketFor(path: string, name: string): string {
  const file = basename(path);
  const dot = file.endsWith('.sock') ? file.length - '.sock'.length : file.length;
  return join(dirname(path), `${file.slice(0, dot)}-${name}${file.slice(dot)}`);
}

/** Where the `index`-th host listens (0 is the learner's own). */
function whereFor(opts: DaemonOptions, name: string, index: number): Where {
  if (opts.socket) return { socket: index === 0 ? opts.socket : socketFor(opts.socket, name) };
  const base = opts.port ?? 2375;
  const port = base === 0 ? 0 : base + index;
  if (port > 65535)
    throw Object.assign(new Error(`no port left for ${name} after ${base} (use a lower --port)`), {
      code: 'ERANGE',
    });
  return { port };
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

  // Simulated time follows real time, so running containers progress and `wait` answers come.
  // A request may run it ahead (a pull takes simulated seconds at once): it then waits for the
  // wall clock to catch up, so the times the CLI computes (`Up 5 seconds`) stay true.
  // One clock for the whole world, however many listeners.
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

  const listenerOpts: ListenerOptions = {
    host: opts.host,
    maxConnections: opts.maxConnections,
    timeouts: opts.timeouts,
    fail,
    log,
  };
  const hosts: ServedHost[] = [];
  const listeners: Listener[] = [];
  const closeAll = async () => {
    clearInterval(clock);
    live?.close();
    await Promise.all(listeners.map((l) => l.close()));
  };
  try {
    const names = servedDaemons(engine);
    for (const [index, name] of names.entries()) {
      const where = whereFor(opts, name, index);
      // Each host's requests are logged with its name, so the log tells the hosts apart.
      const named = index === 0 ? log : (line: string) => log(`${name}: ${line}`);
      let listener: Listener;
      try {
        listener = await openListener(routeTo(engine, name), index === 0 ? live : null, where, {
          ...listenerOpts,
          log: named,
        });
      } catch (error) {
        // Say which host could not listen where (the learner's own has no prefix).
        throw Object.assign(error as Error, {
          machine: name,
          where: 'socket' in where ? where.socket : `${opts.host ?? '127.0.0.1'}:${where.port}`,
        });
      }
      listeners.push(listener);
      const second = !engine.world.hosts.has(name);
      hosts.push({ name, url: listener.url, port: listener.port, ...(second ? { second } : {}) });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  return { url: hosts[0]!.url, port: hosts[0]!.port, hosts, engine, close: closeAll };
}
