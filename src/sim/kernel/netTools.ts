import type { Task } from '../core/scheduler';
import { contextOf } from '../core/actors';
import type { KernelState } from './kernelMachine';
import { containerNodeId } from '../core/types';
import { aboutContainer } from '../trace/operations';
import { routeFrom, sendPacket, tracePeerPacket } from './packets';
import { NGINX_INDEX_HTML } from './nginxPage';
import { DNS_OPERATION, type DnsAnswer, type DnsQuery } from '../dockerd/dns';
import type { ProcessContext } from './processContext';
import { NOT_SIMULATED_STATUS } from '../shell/interpreter';
import type { Tool, ToolEnv } from './fileTools';
import { netNamespaceOwner } from './credentials';
import { addedLinkLines, ipLinkChange } from './netAdmin';
import { listensOn, nc } from './ncTool';

function* done(code: number): Task<number> {
  yield* [];
  return code;
}

/**
 * The container's interfaces, from the kernel's network devices: each veth's
 * address and MAC (as dockerd's netlink requests set them), eth0 first.
 * Host interfaces: lo 1, the NIC 2, docker0 3; each veth pair takes the next
 * two indexes in the order the kernel made them.
 */
function linksOf(ctx: ProcessContext): Array<{
  ifname: string;
  ip: string;
  prefix: number;
  mac: string;
  index: number;
}> {
  const devs = contextOf<KernelState>(ctx.host.kernel).netdevs;
  const veths = Object.entries(devs).filter(([, n]) => n.kind === 'veth');
  // ── sec: `--network container:<name>`: the donor's namespace, so its interfaces ──
  const ns = ctx.host.namespaces.of(netNamespaceOwner(ctx.host, ctx.containerId));
  const links = ns?.links ?? (ns?.eth0 ? [ns.eth0] : []);
  return links.map((l, i) => {
    const k = veths.findIndex(([name]) => name === l.veth);
    return {
      ifname: l.ifname ?? `eth${i}`,
      ip: l.address.split('/')[0] ?? '',
      prefix: Number(l.address.split('/')[1] ?? 16),
      mac: l.mac,
      index: 4 + 2 * Math.max(0, k),
    };
  });
}

const toNum = (ip: string) => ip.split('.').reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
const fromNum = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const maskOf = (prefix: number) => (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
const broadcastOf = (ip: string, prefix: number) => fromNum((toNum(ip) | ~maskOf(prefix)) >>> 0);
const networkOfIp = (ip: string, prefix: number) => fromNum((toNum(ip) & maskOf(prefix)) >>> 0);
const gatewayOf = (ip: string, prefix: number) => fromNum(((toNum(ip) & maskOf(prefix)) + 1) >>> 0);

/** The container's IPv4 address on the bridge (its network namespace's eth0), or '' when it has none. */
export function addressOf(ctx: ProcessContext): string {
  return (
    ctx.host.namespaces
      .of(netNamespaceOwner(ctx.host, ctx.containerId))
      ?.eth0?.address.split('/')[0] ?? ''
  );
}

/** Look a name up the way the C library does first: in the container's /etc/hosts. */
function fromHostsFile(env: ToolEnv, name: string): string | undefined {
  const hosts = env.fs.read('/etc/hosts');
  if (!('text' in hosts)) return undefined;
  for (const line of hosts.text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address && IPV4.test(address) && names.includes(name)) return address;
  }
  return undefined;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A round-trip time that looks like a veth or loopback hop, the same on every run. */
function rtt(ip: string, seq: number): number {
  const last = Number(ip.split('.').at(-1) ?? 1);
  const base = ip.startsWith('127.') ? 0.035 : 0.055;
  return base + ((last * 7919 + seq * 104729) % 97) / 1000;
}

const fmt = (n: number) => n.toFixed(3);

/**
 * BusyBox `ping`: echo requests to this container, the docker0 gateway and
 * the other containers on the bridge are answered; an unused bridge address
 * answers nothing (the statistics say so after ping's 10 s wait); anything
 * beyond the host is not simulated. Ctrl-C (SIGINT) prints the statistics.
 */
function* ping(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  let count: number | undefined;
  let size = 56;
  let quiet = false;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-s') size = Number(args[++i]);
    else if (a === '-q') quiet = true;
    else if (/^-[qvAn4]+$/.test(a)) continue;
    else if (/^-[stwWIpi]$/.test(a))
      i++; // getopt32 "qvAc:+s:t:+w:+W:+I:np:i:4": these take a value
    else if (a.startsWith('-')) continue;
    else target = a;
  }
  if (!target) {
    // getopt32's "=1" fails and bb_show_usage prints BusyBox's usage text; DockScope prints its first line.
    ctx.write(
      'stderr',
      'Usage: ping [OPTIONS] HOST\n(DockScope abridges BusyBox usage text here)\n',
    );
    return yield* done(1);
  }
  const ip = yield* resolveName(ctx, env, target, 'ping');
  if (ip === undefined) {
    ctx.write('stderr', `ping: bad address '${target}'\n`);
    return 1;
  }
  if (ip === null) return NOT_SIMULATED_STATUS;
  const route = routeFrom(ctx.host, ctx.containerId, ip);
  if (route.kind === 'outside') {
    ctx.write(
      'stderr',
      `DockScope does not simulate networks beyond the host: ping reaches 127.0.0.1, this container, the gateways of its networks and containers on the same networks\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const where =
    route.kind === 'self' || route.kind === 'peer' || route.kind === 'host' ? 'reply' : 'lost';
  // The first echo request and its reply travel on the trace: the packet's path through the
  // veth pairs and the bridge (later ones take the same path and are not drawn again).
  if (route.kind === 'peer')
    tracePeerPacket(ctx.host, route, 'ICMP echo request', 'ICMP echo reply');
  else if (route.kind === 'isolated')
    sendPacket(
      ctx.host,
      containerNodeId(ctx.containerId),
      'kernel',
      'kernel.packet.forward',
      `ICMP echo request ${route.from.ip} → ${ip}`,
      `${ip} is on another bridge (${route.to.bridge}): the DOCKER-ISOLATION rules drop packets between Docker networks, so no reply comes`,
      { container: ctx.containerId },
      route.from.bridge,
    );
  ctx.handled.add('SIGINT');
  try {
    ctx.write('stdout', `PING ${target} (${ip}): ${size} data bytes\n`);
    const times: number[] = [];
    let sent = 0;
    while (count === undefined || sent < count) {
      sent++;
      const t = rtt(ip, sent - 1);
      if (where === 'reply') {
        if ((yield* ctx.sleep(t)) === 'SIGINT') break;
        times.push(t);
        if (!quiet)
          ctx.write(
            'stdout',
            `${size + 8} bytes from ${ip}: seq=${sent - 1} ttl=64 time=${fmt(t)} ms\n`,
          );
      }
      if (count !== undefined && sent >= count && where === 'reply') break;
      // The next request a second later; after the last one with no answer, ping waits 10 s (-W).
      const pause =
        count !== undefined && sent >= count ? 10_000 : 1000 - (where === 'reply' ? t : 0);
      if ((yield* ctx.sleep(pause)) === 'SIGINT') break;
    }
    const received = times.length;
    const loss = sent === 0 ? 0 : Math.floor(((sent - received) * 100) / sent);
    let stats = `\n--- ${target} ping statistics ---\n${sent} packets transmitted, ${received} packets received, ${loss}% packet loss\n`;
    if (received > 0) {
      // ping keeps microseconds and divides as integers: tsum / nreceived.
      const avg = Math.floor(times.reduce((a, b) => a + Math.round(b * 1000), 0) / received) / 1000;
      stats += `round-trip min/avg/max = ${fmt(Math.min(...times))}/${fmt(avg)}/${fmt(Math.max(...times))} ms\n`;
    }
    ctx.write('stdout', stats);
    return received > 0 ? 0 : 1;
  } finally {
    ctx.handled.delete('SIGINT');
  }
}

/** BusyBox `ip addr` / `ip route` / `ip link`, from the container's interfaces (one per network). */
function* ip(ctx: ProcessContext, args: string[]): Task<number> {
  const object = args[0] ?? '';
  // ── sec: `ip link add NAME type dummy` / `ip link delete NAME`: the kernel checks CAP_NET_ADMIN ──
  const changed = yield* ipLinkChange(ctx, args);
  if (changed !== undefined) return changed;
  const links = linksOf(ctx);
  const lo =
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n' +
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
  const head = (l: (typeof links)[number]) =>
    `${l.index}: ${l.ifname}@if${l.index + 1}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP \n` +
    `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff\n`;
  if ('address'.startsWith(object) && object !== '' && /^a/.test(object)) {
    const loAddr =
      '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' +
      '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
    const eths = links
      .map(
        (l) =>
          head(l) +
          `    inet ${l.ip}/${l.prefix} brd ${broadcastOf(l.ip, l.prefix)} scope global ${l.ifname}\n       valid_lft forever preferred_lft forever\n`,
      )
      .join('');
    ctx.write('stdout', lo + loAddr + addedLinkLines(ctx) + eths);
    return yield* done(0);
  }
  if (object !== '' && 'route'.startsWith(object)) {
    const first = links[0];
    ctx.write(
      'stdout',
      (first ? `default via ${gatewayOf(first.ip, first.prefix)} dev ${first.ifname} \n` : '') +
        links
          .map(
            (l) =>
              `${networkOfIp(l.ip, l.prefix)}/${l.prefix} dev ${l.ifname} scope link  src ${l.ip} \n`,
          )
          .join(''),
    );
    return yield* done(0);
  }
  if (object !== '' && 'link'.startsWith(object)) {
    ctx.write('stdout', lo + addedLinkLines(ctx) + links.map(head).join(''));
    return yield* done(0);
  }
  ctx.write(
    'stderr',
    `DockScope simulates 'ip addr', 'ip route' and 'ip link' (reading only), not 'ip ${args.join(' ')}'\n`,
  );
  return yield* done(NOT_SIMULATED_STATUS);
}

/**
 * A name as BusyBox resolves it (the C library's order): an address as is, then
 * /etc/hosts, then the nameserver resolv.conf names. On a user-defined network
 * that is dockerd's embedded DNS server at 127.0.0.11: the query is a message to
 * dockerd. On the default bridge it is the host's resolver, outside the
 * simulation. Undefined: the name does not resolve (BusyBox says `bad address`);
 * null: DockScope said it does not simulate the lookup.
 */
export function* resolveName(
  ctx: ProcessContext,
  env: ToolEnv,
  name: string,
  tool: string,
): Task<string | undefined | null> {
  if (IPV4.test(name)) return name;
  const fromHosts = fromHostsFile(env, name);
  if (fromHosts) return fromHosts;
  const conf = env.fs.read('/etc/resolv.conf');
  const text = 'text' in conf ? conf.text : '';
  if (/^nameserver 127\.0\.0\.11$/m.test(text)) {
    const query: DnsQuery = { containerId: ctx.containerId, name };
    const r = yield* ctx.host.net.call<DnsAnswer>(containerNodeId(ctx.containerId), {
      to: ctx.host.daemonId,
      protocol: 'packet',
      operation: `${DNS_OPERATION} A ${name} (UDP to 127.0.0.11:53)`,
      op: 'dockerd.dns.query',
      subjects: aboutContainer(ctx.containerId),
      request: query,
      summary: `${tool} asks the embedded DNS server at 127.0.0.11 (dockerd) for ${name}`,
    });
    if (r.body?.rcode === 'NOERROR') return r.body.address;
    if (r.body?.rcode === 'NXDOMAIN') return undefined;
    ctx.write(
      'stderr',
      `DockScope does not simulate DNS beyond the host: dockerd forwarded ${name} to the host's resolver\n`,
    );
    return null;
  }
  // The default bridge: no embedded DNS. The query goes to the host's nameserver, which
  // knows no container names; a single-label name is in no public zone either.
  if (!name.includes('.')) return undefined;
  ctx.write(
    'stderr',
    `DockScope does not simulate DNS beyond the host: ${name} would be looked up at the host's nameserver\n`,
  );
  return null;
}

/**
 * The service a container listens on at `port`, from the processes the kernel
 * runs in it. Simplified: DockScope knows one server, nginx, listening on port 80
 * (the image's /etc/nginx/conf.d/default.conf) and answering with its default page.
 */
export function serviceAt(host: ProcessContext['host'], containerId: string, port: number) {
  // An nc listening there (ncTool.ts): it prints what arrives, and answers with its stdin.
  if (listensOn(host, containerId, port)) return 'nc' as const;
  const procs = Object.values(contextOf<KernelState>(host.kernel).processes).filter(
    (p) => p.containerId === containerId,
  );
  const nginx = procs.some((p) => p.argv.some((a) => /(^|\/)nginx$/.test(a)));
  if (nginx) return port === 80 ? ('nginx' as const) : undefined;
  // Programs DockScope runs that open no listening socket (or, for nc, only the one above).
  const base = (a: string | undefined) => a?.slice(a.lastIndexOf('/') + 1) ?? '';
  if (procs.length > 0 && procs.every((p) => QUIET_PROGRAMS.has(base(p.argv[0])))) return undefined;
  // Another program: whether and what it answers on this port is not simulated.
  return procs.length > 0 ? ('unknown' as const) : undefined;
}

/** Programs that listen on no TCP port: a connection to their container is refused. */
const QUIET_PROGRAMS = new Set([
  'sleep',
  'sh',
  'ash',
  'bash',
  'dash',
  'cat',
  'top',
  'tail',
  'ping',
  'nc',
  'wget',
]);

/** The line a tool prints when the target runs a program DockScope does not simulate the answers of. */
export const unknownService = (tool: string, port: number) =>
  `DockScope simulates nginx's answers only: what the program in that container answers on port ${port} (if it listens there) is not simulated (${tool})\n`;

/** `http://web:8080/path` → its parts (BusyBox wget takes `web/path` too). */
function parseUrl(url: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!m) return undefined;
  if (m[1] === 'https') return undefined;
  return { host: m[2]!, port: m[3] ? Number(m[3]) : 80, path: m[4] ?? '/' };
}

/**
 * The container `ip` reaches from this one (a peer on a shared network, or itself), with the
 * route, or undefined once the tool has said that DockScope simulates nothing further.
 */
export function reachableContainer(
  ctx: ProcessContext,
  ip: string,
  tool: string,
): { route: ReturnType<typeof routeFrom>; target: string } | undefined {
  const route = routeFrom(ctx.host, ctx.containerId, ip);
  const target =
    route.kind === 'peer'
      ? route.to.containerId
      : route.kind === 'self'
        ? ctx.containerId
        : undefined;
  if (target) return { route, target };
  ctx.write(
    'stderr',
    `DockScope simulates ${tool} to containers on the same network only, not to ${ip}\n`,
  );
  return undefined;
}

/** An HTTP GET from this container: where it goes, and the bytes that come back. */
function* httpGet(
  ctx: ProcessContext,
  env: ToolEnv,
  tool: string,
  url: { host: string; port: number; path: string },
  /** Called once the name resolved, before the connection (wget's `Connecting to` line). */
  resolved?: (ip: string) => void,
): Task<{ ok: true; ip: string; body: string } | { ok: false; code: number; error?: string }> {
  const ip = yield* resolveName(ctx, env, url.host, tool);
  if (ip === undefined) return { ok: false, code: 1, error: `bad address '${url.host}'` };
  if (ip === null) return { ok: false, code: NOT_SIMULATED_STATUS };
  resolved?.(ip);
  const reached = reachableContainer(ctx, ip, tool);
  if (!reached) return { ok: false, code: NOT_SIMULATED_STATUS };
  const { route, target } = reached;
  const service = serviceAt(ctx.host, target, url.port);
  const what = `TCP SYN to port ${url.port}`;
  if (route.kind === 'peer' && service !== 'unknown')
    tracePeerPacket(ctx.host, route, what, service ? 'TCP SYN-ACK' : 'TCP RST');
  if (service === 'unknown') {
    ctx.write('stderr', unknownService(tool, url.port));
    return { ok: false, code: NOT_SIMULATED_STATUS };
  }
  if (service === 'nc') {
    ctx.write(
      'stderr',
      `DockScope does not simulate ${tool} talking to nc: nc would print the request and answer nothing\n`,
    );
    return { ok: false, code: NOT_SIMULATED_STATUS };
  }
  if (!service)
    return {
      ok: false,
      code: 1,
      error: `can't connect to remote host (${ip}): Connection refused`,
    };
  // nginx's default server: root /usr/share/nginx/html holds index.html and 50x.html.
  const file = url.path.replace(/[?#].*$/, '');
  const found = file === '/' || file === '/index.html';
  if (file === '/50x.html') {
    ctx.write('stderr', `DockScope does not hold the content of nginx's ${file}\n`);
    return { ok: false, code: NOT_SIMULATED_STATUS };
  }
  if (route.kind === 'peer')
    tracePeerPacket(
      ctx.host,
      route,
      `HTTP GET ${url.path}`,
      found ? 'HTTP/1.1 200 OK (nginx default page)' : 'HTTP/1.1 404 Not Found',
    );
  if (!found) return { ok: false, code: 1, error: 'server returned error: HTTP/1.1 404 Not Found' };
  return { ok: true, ip, body: NGINX_INDEX_HTML };
}

/**
 * BusyBox `wget` (1.36, networking/wget.c): `wget URL` saves the last path
 * element (index.html for `/`) and refuses to overwrite it (O_EXCL: `can't
 * open 'index.html': File exists`), `-O FILE` may overwrite, `-O -` writes to
 * stdout, `-q` drops the messages, `--spider` only checks (`remote file
 * exists`). The progress line is the one BusyBox prints when stderr is not a
 * terminal (a 32-star bar for an 80-column default). Options are getopt32's
 * "cqSO:o:P:Y:U:T:+t:n::": -T, -t, -U, -Y, -P, -o take a value.
 */
function* wget(ctx: ProcessContext, args: string[], env: ToolEnv): Task<number> {
  let quiet = false;
  let spider = false;
  let out: string | undefined;
  let url: string | undefined;
  const usage = () =>
    ctx.write(
      'stderr',
      'Usage: wget [OPTIONS] URL\n(DockScope abridges BusyBox usage text here)\n',
    );
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--spider') {
      spider = true;
      continue;
    }
    if (a === '--quiet') {
      quiet = true;
      continue;
    }
    if (a.startsWith('--')) {
      ctx.write(
        'stderr',
        `DockScope simulates wget [-q] [-O FILE|-] [-T SEC] [--spider] URL, not ${a}\n`,
      );
      return yield* done(NOT_SIMULATED_STATUS);
    }
    if (!a.startsWith('-') || a === '-') {
      url = a;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if ('OoPYUTtn'.includes(f)) {
        // -n takes its value only when attached (n::): -nv, -nc.
        const value = a.slice(j + 1) || (f === 'n' ? '' : args[++i]);
        if (value === undefined) {
          ctx.write('stderr', `wget: option requires an argument -- '${f}'\n`);
          usage();
          return yield* done(1);
        }
        if (f === 'O') out = value;
        else if (f === 'o' || f === 'P' || f === 'Y' || f === 'U') {
          ctx.write(
            'stderr',
            `DockScope simulates wget [-q] [-O FILE|-] [-T SEC] [--spider] URL, not -${f}\n`,
          );
          return yield* done(NOT_SIMULATED_STATUS);
        }
        break;
      }
      if (f === 'q') quiet = true;
      else if (f === 'c' || f === 'S') {
        ctx.write(
          'stderr',
          `DockScope simulates wget [-q] [-O FILE|-] [-T SEC] [--spider] URL, not -${f}\n`,
        );
        return yield* done(NOT_SIMULATED_STATUS);
      } else {
        ctx.write('stderr', `wget: invalid option -- '${f}'\n`);
        usage();
        return yield* done(1);
      }
    }
  }
  if (!url) {
    usage();
    return yield* done(1);
  }
  const parsed = parseUrl(url);
  if (!parsed) {
    ctx.write('stderr', `DockScope simulates plain http:// URLs only, not ${url}\n`);
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const got = yield* httpGet(ctx, env, 'wget', parsed, (ip) => {
    if (!quiet) ctx.write('stderr', `Connecting to ${parsed.host} (${ip}:${parsed.port})\n`);
  });
  if (!got.ok) {
    if (got.error) ctx.write('stderr', `wget: ${got.error}\n`);
    return got.code;
  }
  const toStdout = out === '-';
  const file = out ?? (parsed.path.split('/').pop() || 'index.html');
  const path = file.startsWith('/') ? file : `${ctx.spec.cwd.replace(/\/$/, '')}/${file}`;
  if (spider) {
    if (!quiet) ctx.write('stderr', 'remote file exists\n');
    return 0;
  }
  // xopen(fname, O_WRONLY|O_CREAT|O_TRUNC|O_EXCL) unless -O named the file.
  if (!toStdout && out === undefined && (env.fs.exists(path) || env.fs.isDirectory(path))) {
    ctx.write('stderr', `wget: can't open '${file}': File exists\n`);
    return 1;
  }
  if (!quiet) ctx.write('stderr', toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`);
  if (toStdout) ctx.write('stdout', got.body);
  else env.fs.write(path, got.body, false);
  if (!quiet) {
    const name = toStdout ? '-' : file;
    ctx.write(
      'stderr',
      `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${String(got.body.length).padStart(5)}  0:00:00 ETA\n` +
        (toStdout ? 'written to stdout\n' : `'${file}' saved\n`),
    );
  }
  return 0;
}

export const NET_TOOLS: Record<string, Tool> = { ping, ip, wget, nc };
