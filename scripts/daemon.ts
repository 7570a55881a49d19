/**
 * Serve the simulated world's Docker hosts to the real docker CLI, and the page to a browser.
 *
 *   npm run daemon                       # local on tcp://127.0.0.1:2375, node-2 on 2376, node-3 on 2377,
 *                                        # local's second dockerd (dockerd-bootstrap) on 2378
 *   npm run daemon -- --port 4000 --seed 7
 *   npm run daemon -- --socket /tmp/dockscope.sock   # node-2 on /tmp/dockscope-node-2.sock, …
 *   npm run daemon -- --host 0.0.0.0     # reachable from other machines (warns)
 */
import { isLoopbackHost } from './daemon/access';
import { DEFAULT_KEEP_MESSAGES, startDaemon } from './daemon/server';
import { startBanner } from './daemon/banner';

const USAGE = `Usage: npm run daemon -- [--port N] [--host ADDR] [--socket PATH] [--seed N] [--keep N] [--quiet]

  --port N       the learner's own daemon (local) and the page on N (default 2375);
                 node-2 on N+1, node-3 on N+2, local's second dockerd (dockerd-bootstrap)
                 on N+3 (0: a free port for each)
  --socket PATH  Unix sockets instead: local on PATH, node-2 on PATH with -node-2 added, …
  --keep N       trace messages kept (default ${DEFAULT_KEEP_MESSAGES}); older ones are dropped, and the page says so`;

function parse(argv: string[]) {
  const opts: {
    port?: number;
    host?: string;
    socket?: string;
    seed?: number;
    keepMessages?: number;
    quiet?: boolean;
  } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
      return n;
    };
    if (flag === '--port' || flag === '-p') opts.port = int();
    else if (flag === '--host') opts.host = value();
    else if (flag === '--socket') opts.socket = value();
    else if (flag === '--seed') opts.seed = int();
    else if (flag === '--keep') opts.keepMessages = Math.max(1, int());
    else if (flag === '--quiet' || flag === '-q') opts.quiet = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  return opts;
}

let opts: ReturnType<typeof parse>;
try {
  opts = parse(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const host = opts.host ?? '127.0.0.1';
if (!opts.socket && !isLoopbackHost(host)) {
  console.warn(
    `\x1b[33mWARNING: listening on ${host}, not loopback: anyone who can reach this machine can drive these simulated hosts (no TLS, no authentication).\x1b[0m`,
  );
}

try {
  const daemon = await startDaemon({ ...opts, port: opts.port ?? 2375, host });
  console.log(startBanner(daemon.hosts));
  const stop = () => {
    void daemon.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const e = error as NodeJS.ErrnoException & { machine?: string; where?: string };
  // Which host could not listen, and where (node-2 and node-3 take the ports after --port).
  const where = `${e.where ?? opts.socket ?? `${host}:${opts.port ?? 2375}`}${e.machine && e.machine !== 'local' ? ` (for ${e.machine})` : ''}`;
  if (e.code === 'EADDRINUSE')
    console.error(
      `${where} is already in use: ${opts.socket ? 'try another --socket PATH' : 'try --port N'}`,
    );
  else if (e.code === 'ENOTSOCK') console.error(e.message);
  else if (e.code === 'EACCES') console.error(`not allowed to listen on ${where}`);
  else console.error(`could not start: ${e.message}`);
  process.exit(1);
}
