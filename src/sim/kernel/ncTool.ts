/**
 * BusyBox `nc` (1.36, networking/nc_bloaty.c, the netcat 1.10 port the
 * default configuration builds): `nc -l -p PORT` listens, `nc HOST PORT`
 * connects and shovels stdin to the connection and the connection to stdout,
 * `-z` only tests the port, `-v` reports (once: `open`, the listening line;
 * twice: refusals and `sent N, rcvd M`).
 *
 * As BusyBox does, each side half-closes the connection (shutdown SHUT_WR)
 * when its stdin ends, and exits 0 once both directions are closed: a
 * listener in a container started with `-d` (stdin /dev/null) prints what a
 * client sent to its stdout (the container's log) and exits; with `-k` it
 * keeps listening. SIGINT, SIGQUIT and SIGTERM are caught: `punt!`, then the
 * signal again; as PID 1 that is ignored and it exits 128 + the signal.
 *
 * The kernel's listening sockets are kept here by container and port.
 * Simplified: TCP only (`-u` is not simulated), no `-e`, `-s`, `-i`, `-o`;
 * a client reads all its stdin before it sends (BusyBox sends as it reads);
 * `-v` on a listener prints its `listening on` line but not the `connect to`
 * line, whose peer name and port DockScope does not simulate.
 */
import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import { Signal } from '../core/signal';
import type { ProcessContext } from './processContext';
import type { ToolEnv } from './fileTools';
import { NOT_SIMULATED_STATUS } from '../shell/interpreter';
import { tracePeerPacket } from './packets';
import { reachableContainer, resolveName, serviceAt, unknownService } from './netTools';

/** One TCP connection between two nc processes: each direction's bytes, then its FIN. */
class Connection {
  private toServerText = '';
  private serverSink: ((text: string) => void) | undefined;
  readonly clientDone = new Signal<void>();
  readonly serverDone = new Signal<void>();
  clientSink: ((text: string) => void) | undefined;
  sent = 0;
  received = 0;

  /** The client's bytes: to the server's stdout once it has accepted, else kept until then. */
  fromClient(text: string): void {
    this.sent += text.length;
    if (this.serverSink) this.serverSink(text);
    else this.toServerText += text;
  }

  fromServer(text: string): void {
    this.received += text.length;
    this.clientSink?.(text);
  }

  /** accept(2): what arrived before is handed over, the rest follows as it comes. */
  accepted(sink: (text: string) => void): void {
    this.serverSink = sink;
    if (this.toServerText) sink(this.toServerText);
    this.toServerText = '';
  }
}

interface Listener {
  pending: Connection[];
  arrived: Signal<void>;
}

/** The listening TCP sockets of each host, by `containerId:port`. */
const sockets = new WeakMap<Host, Map<string, Listener>>();
const keyOf = (containerId: string, port: number) => `${containerId}:${port}`;

function table(host: Host): Map<string, Listener> {
  let t = sockets.get(host);
  if (!t) sockets.set(host, (t = new Map()));
  return t;
}

/** Whether an nc in this container listens on this TCP port. */
export function listensOn(host: Host, containerId: string, port: number): boolean {
  return table(host).has(keyOf(containerId, port));
}

/** The signals nc catches (bb_signals(SIGINT, SIGQUIT, SIGTERM, catch)), with their numbers. */
const CAUGHT: Readonly<Record<string, number>> = { SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

/** catch(): `punt!`, then the signal with its default action; PID 1 ignores it and _exit(128 | sig). */
function punt(ctx: ProcessContext, signal: string, verbose: number, c?: Connection): number {
  if (verbose > 1) ctx.write('stderr', `sent ${c?.sent ?? 0}, rcvd ${c?.received ?? 0}\n`);
  ctx.write('stderr', 'punt!\n');
  return 128 | (CAUGHT[signal] ?? 15);
}

interface Options {
  listen: number;
  keep: boolean;
  verbose: number;
  zero: boolean;
  port?: string;
  positional: string[];
  unsupported?: string;
}

/** getopt32(argv, "np:s:ubvw:+lki:o:z"): flags may be bundled; -p, -s, -w, -i, -o take a value. */
function parseOptions(args: string[]): Options | { usage: true } {
  const o: Options = { listen: 0, keep: false, verbose: 0, zero: false, positional: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      o.positional.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if ('psiwo'.includes(f)) {
        const value = a.slice(j + 1) || args[++i];
        if (value === undefined) return { usage: true };
        if (f === 'p') o.port = value;
        else if (f !== 'w') o.unsupported ??= `-${f}`;
        break;
      }
      if (f === 'l') o.listen++;
      else if (f === 'k') o.keep = true;
      else if (f === 'v') o.verbose++;
      else if (f === 'z') o.zero = true;
      else if (f === 'n') continue;
      else if (f === 'u' || f === 'b' || f === 'e') o.unsupported ??= `-${f}`;
      else return { usage: true };
    }
  }
  if (o.positional.length > 2) return { usage: true };
  return o;
}

/** bb_lookup_port: a number up to 65535, else a service name /etc/services knows. */
function portOf(text: string): number | undefined {
  if (!/^\d+$/.test(text) || Number(text) > 65535) return text === 'http' ? 80 : undefined;
  return Number(text);
}

export function* nc(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  for (const s of Object.keys(CAUGHT)) ctx.handled.add(s);
  const o = parseOptions(args);
  if ('usage' in o || (o.listen === 0 && o.positional.length < 2 && !o.unsupported)) {
    ctx.write(
      'stderr',
      'Usage: nc [OPTIONS] HOST PORT\n(DockScope abridges BusyBox usage text here)\n',
    );
    return 1;
  }
  if (o.unsupported) {
    ctx.write(
      'stderr',
      `DockScope simulates nc [-v] [-z] HOST PORT and nc -l [-k] [-v] -p PORT over TCP, not ${o.unsupported}\n`,
    );
    return NOT_SIMULATED_STATUS;
  }
  if (o.port !== undefined && portOf(o.port) === undefined) {
    ctx.write('stderr', `nc: bad port '${o.port}'\n`);
    return 1;
  }
  if (o.listen > 0) return yield* listen(ctx, o);
  return yield* connect(ctx, env, o);
}

function* listen(ctx: ProcessContext, o: Options): Task<number> {
  const port = o.port === undefined ? undefined : portOf(o.port);
  if (!port) {
    ctx.write(
      'stderr',
      'DockScope simulates nc -l with -p PORT; without it the kernel picks a free port, which DockScope does not simulate\n',
    );
    return NOT_SIMULATED_STATUS;
  }
  const sockets = table(ctx.host);
  const key = keyOf(ctx.containerId, port);
  if (sockets.has(key)) {
    // xbind: the address is taken (nc sets SO_REUSEADDR, which does not share a listening port).
    ctx.write('stderr', 'nc: bind: Address in use\n');
    return 1;
  }
  const listener: Listener = { pending: [], arrived: new Signal<void>() };
  sockets.set(key, listener);
  // The IPv6 socket first (xsocket_type with AF_UNSPEC): it takes IPv4 connections too.
  if (o.verbose) ctx.write('stderr', `listening on [::]:${port} ...\n`);
  try {
    for (;;) {
      while (listener.pending.length === 0) {
        const got = yield* ctx.waitFor(listener.arrived);
        if ('signal' in got) return punt(ctx, got.signal, o.verbose);
        listener.arrived = new Signal<void>();
      }
      const conn = listener.pending.shift()!;
      // -l without -k: one connection, and the listening socket is closed.
      if (!o.keep) sockets.delete(key);
      conn.accepted((text) => ctx.write('stdout', text));
      // Its stdin to the connection, then the half-close; a detached container's is /dev/null.
      if (ctx.stdinOpen)
        for (;;) {
          const next = yield* ctx.next();
          if ('signal' in next) return punt(ctx, next.signal, o.verbose, conn);
          if ('eof' in next) break;
          conn.fromServer(next.line);
        }
      conn.serverDone.resolve();
      const end = yield* ctx.waitFor(conn.clientDone);
      if ('signal' in end) return punt(ctx, end.signal, o.verbose, conn);
      if (o.verbose > 1) ctx.write('stderr', `sent ${conn.received}, rcvd ${conn.sent}\n`);
      if (!o.keep) return 0;
    }
  } finally {
    if (sockets.get(key) === listener) sockets.delete(key);
  }
}

function* connect(ctx: ProcessContext, env: ToolEnv, o: Options): Task<number> {
  const [host, portText] = o.positional as [string, string];
  const port = portOf(portText);
  if (port === undefined) {
    ctx.write('stderr', `nc: bad port '${portText}'\n`);
    return 1;
  }
  const ip = yield* resolveName(ctx, env, host, 'nc');
  if (ip === undefined) {
    ctx.write('stderr', `nc: bad address '${host}'\n`);
    return 1;
  }
  if (ip === null) return NOT_SIMULATED_STATUS;
  const reached = reachableContainer(ctx, ip, 'nc');
  if (!reached) return NOT_SIMULATED_STATUS;
  const { route, target } = reached;
  const listener = table(ctx.host).get(keyOf(target, port));
  const service = listener ? 'nc' : serviceAt(ctx.host, target, port);
  if (service === 'unknown') {
    ctx.write('stderr', unknownService('nc', port));
    return NOT_SIMULATED_STATUS;
  }
  if (route.kind === 'peer')
    tracePeerPacket(
      ctx.host,
      route,
      `TCP SYN to port ${port}`,
      service ? 'TCP SYN-ACK' : 'TCP RST',
    );
  if (!service) {
    // Refusals are reported from -vv on (ECONNREFUSED is not worth a word at -v).
    if (o.verbose > 1) {
      ctx.write('stderr', `nc: ${host} (${ip}:${port}): Connection refused\n`);
      ctx.write('stderr', 'sent 0, rcvd 0\n');
    }
    return 1;
  }
  if (o.verbose) ctx.write('stderr', `${host} (${ip}:${port}) open\n`);
  if (!listener) {
    // nginx: DockScope answers only HTTP from wget and curl.
    if (o.zero) {
      if (o.verbose > 1) ctx.write('stderr', 'sent 0, rcvd 0\n');
      return 0;
    }
    ctx.write(
      'stderr',
      `DockScope simulates nc talking to another nc only; what nginx answers to raw bytes is not simulated\n`,
    );
    return NOT_SIMULATED_STATUS;
  }
  const conn = new Connection();
  conn.clientSink = (text) => ctx.write('stdout', text);
  listener.pending.push(conn);
  listener.arrived.resolve();
  if (!o.zero) {
    let text = '';
    if (ctx.stdinOpen)
      for (;;) {
        const next = yield* ctx.next();
        if ('signal' in next) return punt(ctx, next.signal, o.verbose, conn);
        if ('eof' in next) break;
        text += next.line;
      }
    if (text && route.kind === 'peer')
      tracePeerPacket(
        ctx.host,
        route,
        `TCP data (${text.length} bytes) to port ${port}`,
        'TCP ACK',
      );
    conn.fromClient(text);
  }
  // Its stdin ended (or -z): shutdown(SHUT_WR); then it reads until the server's end closes.
  conn.clientDone.resolve();
  const end = yield* ctx.waitFor(conn.serverDone);
  if ('signal' in end) return punt(ctx, end.signal, o.verbose, conn);
  if (o.verbose > 1) ctx.write('stderr', `sent ${conn.sent}, rcvd ${conn.received}\n`);
  return 0;
}
