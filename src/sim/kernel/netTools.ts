import type { Task } from '../core/scheduler';
import { contextOf } from '../core/actors';
import { BRIDGE_GATEWAY, type KernelState } from './kernelMachine';
import type { ProcessContext } from './processContext';
import { NOT_SIMULATED_STATUS } from '../shell/interpreter';
import type { Tool, ToolEnv } from './fileTools';

function* done(code: number): Task<number> {
  yield* [];
  return code;
}

/**
 * The container's place on the default bridge, from the kernel's network
 * devices: its veth's address and MAC (as dockerd's netlink requests set
 * them), and the addresses of the other containers plugged into the bridge.
 */
function networkOf(ctx: ProcessContext): {
  ip: string;
  mac: string;
  peers: Set<string>;
  vethIndex: number;
} {
  const veths = Object.values(contextOf<KernelState>(ctx.host.kernel).netdevs).filter(
    (n) => n.kind === 'veth',
  );
  const k = veths.findIndex((n) => n.containerId === ctx.containerId);
  const own = veths[k];
  const ipOf = (address: string | undefined) => address?.split('/')[0] ?? '';
  const peers = new Set(veths.filter((n) => n !== own && n.address).map((n) => ipOf(n.address)));
  // Host interfaces: lo 1, the NIC 2, docker0 3; each veth pair takes the next two.
  return {
    ip: ipOf(own?.address),
    mac: own?.mac ?? '',
    peers,
    vethIndex: 4 + 2 * Math.max(0, k),
  };
}

/** The container's IPv4 address on the bridge (its network namespace's eth0), or '' when it has none. */
export function addressOf(ctx: ProcessContext): string {
  return ctx.host.namespaces.of(ctx.containerId)?.eth0?.address.split('/')[0] ?? '';
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

/** Where a ping to `ip` goes on the simulated network: answered, lost on the bridge, or outside. */
function route(ctx: ProcessContext, ip: string): 'reply' | 'lost' | 'outside' {
  const net = networkOf(ctx);
  if (ip.startsWith('127.')) return 'reply';
  if (ip === net.ip || ip === BRIDGE_GATEWAY || net.peers.has(ip)) return 'reply';
  // An address on 172.17.0.0/16 nobody holds: ARP gets no answer, the echo request goes nowhere.
  if (ip.startsWith('172.17.')) return 'lost';
  return 'outside';
}

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
  const ip = IPV4.test(target) ? target : fromHostsFile(env, target);
  if (!ip) {
    ctx.write(
      'stderr',
      `DockScope does not simulate DNS: ${target} would be looked up at the host's nameserver (on the default bridge containers do not resolve each other's names); ping an IP address instead\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const where = route(ctx, ip);
  if (where === 'outside') {
    ctx.write(
      'stderr',
      `DockScope does not simulate networks beyond the host: ping reaches 127.0.0.1, this container, the gateway ${BRIDGE_GATEWAY} and containers on the same bridge\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
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

/** BusyBox `ip addr` / `ip route` / `ip link`, from the container's veth and address. */
function* ip(ctx: ProcessContext, args: string[]): Task<number> {
  const object = args[0] ?? '';
  const net = networkOf(ctx);
  const lo =
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n' +
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
  const eth = net.ip
    ? `${net.vethIndex}: eth0@if${net.vethIndex + 1}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP \n` +
      `    link/ether ${net.mac} brd ff:ff:ff:ff:ff:ff\n`
    : '';
  if ('address'.startsWith(object) && object !== '' && /^a/.test(object)) {
    const loAddr =
      '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' +
      '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
    const ethAddr = net.ip
      ? `    inet ${net.ip}/16 brd 172.17.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\n`
      : '';
    ctx.write('stdout', lo + loAddr + eth + ethAddr);
    return yield* done(0);
  }
  if (object !== '' && 'route'.startsWith(object)) {
    ctx.write(
      'stdout',
      net.ip
        ? `default via ${BRIDGE_GATEWAY} dev eth0 \n172.17.0.0/16 dev eth0 scope link  src ${net.ip} \n`
        : '',
    );
    return yield* done(0);
  }
  if (object !== '' && 'link'.startsWith(object)) {
    ctx.write('stdout', lo + eth);
    return yield* done(0);
  }
  ctx.write(
    'stderr',
    `DockScope simulates 'ip addr', 'ip route' and 'ip link' (reading only), not 'ip ${args.join(' ')}'\n`,
  );
  return yield* done(NOT_SIMULATED_STATUS);
}

/** `wget`: no HTTP travels between containers in DockScope yet; it says so in one line. */
function* wget(ctx: ProcessContext): Task<number> {
  ctx.write(
    'stderr',
    'DockScope does not simulate HTTP from inside a container yet (wget): the simulated network answers ping only\n',
  );
  return yield* done(NOT_SIMULATED_STATUS);
}

export const NET_TOOLS: Record<string, Tool> = { ping, ip, wget };
