/**
 * The host kernel's virtual network as containers see it: which address leads
 * where (through which veth and bridge), and the packets that travel, recorded
 * as `packet` messages so the diagram can draw their path. Everything is read
 * from the kernel's own devices (the veths and bridges dockerd asked for), never
 * from dockerd's records.
 *
 * Simplified: a packet is drawn as two hops (sender → kernel, kernel →
 * receiver); the veth pair and the bridge it crosses are named in the message.
 * The bridge's learning of MAC addresses, ARP and conntrack are not drawn.
 */
import type { Host } from '../host';
import { contextOf } from '../core/actors';
import { containerNodeId, type ComponentId } from '../core/types';
import type { KernelState } from './kernelMachine';

type Netdevs = KernelState['netdevs'];

export interface Interface {
  /** The host end (`veth…`). */
  veth: string;
  /** The bridge it is plugged into (`docker0`, `br-…`). */
  bridge: string;
  ip: string;
  prefix: number;
  containerId: string;
}

const ipOf = (address: string | undefined) => address?.split('/')[0] ?? '';
const prefixOf = (address: string | undefined) => Number(address?.split('/')[1] ?? 0);

/** Every container interface the kernel holds, in the order they were made. */
export function interfaces(host: Host): Interface[] {
  const devs: Netdevs = contextOf<KernelState>(host.kernel).netdevs;
  return Object.entries(devs)
    .filter(([, d]) => d.kind === 'veth' && d.containerId && d.address)
    .map(([veth, d]) => ({
      veth,
      bridge: d.master ?? '',
      ip: ipOf(d.address),
      prefix: prefixOf(d.address),
      containerId: d.containerId!,
    }));
}

/** The bridges and their gateway addresses (`docker0` 172.17.0.1/16, `br-…`). */
export function bridges(host: Host): Array<{ name: string; ip: string; prefix: number }> {
  const devs: Netdevs = contextOf<KernelState>(host.kernel).netdevs;
  return Object.entries(devs)
    .filter(([, d]) => d.kind === 'bridge' && d.address)
    .map(([name, d]) => ({ name, ip: ipOf(d.address), prefix: prefixOf(d.address) }));
}

const toNumber = (ip: string) =>
  ip.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
const sameSubnet = (a: string, b: string, prefix: number) =>
  prefix === 0 || toNumber(a) >>> (32 - prefix) === toNumber(b) >>> (32 - prefix);

export type Route =
  /** 127.x or one of its own addresses. */
  | { kind: 'self' }
  /** A container on a bridge it shares: its packet crosses `from.veth`, the bridge, `to.veth`. */
  | { kind: 'peer'; from: Interface; to: Interface }
  /** A bridge's address: the host itself answers. */
  | { kind: 'host'; from: Interface | undefined; bridge: string }
  /** A container on another bridge: DOCKER-ISOLATION drops the packet. */
  | { kind: 'isolated'; from: Interface; to: Interface }
  /** An address on one of its networks that nobody holds: ARP gets no answer. */
  | { kind: 'nobody'; from: Interface }
  /** Beyond the host (NAT to the LAN and the internet): not simulated. */
  | { kind: 'outside' };

/** Where a packet from `containerId` to `ip` goes. */
export function routeFrom(host: Host, containerId: string, ip: string): Route {
  const all = interfaces(host);
  const own = all.filter((i) => i.containerId === containerId);
  if (ip.startsWith('127.') || own.some((i) => i.ip === ip)) return { kind: 'self' };
  const target = all.find((i) => i.ip === ip);
  if (target) {
    const from = own.find((i) => i.bridge === target.bridge);
    if (from) return { kind: 'peer', from, to: target };
    if (own[0]) return { kind: 'isolated', from: own[0], to: target };
  }
  const bridge = bridges(host).find((b) => b.ip === ip);
  if (bridge)
    return {
      kind: 'host',
      from: own.find((i) => i.bridge === bridge.name) ?? own[0],
      bridge: bridge.name,
    };
  const onLink = own.find((i) => sameSubnet(i.ip, ip, i.prefix));
  if (onLink) return { kind: 'nobody', from: onLink };
  return { kind: 'outside' };
}

/** What a `packet` message carries: the packet, and the bridge it crosses (the diagram draws the hop on that bridge's wire). */
export interface PacketBody {
  packet: string;
  /** The Linux bridge on the packet's way (`docker0`, `br-…`), if it crosses one. */
  bridge?: string;
}

/** One hop of a packet: the trace's `packet` message, crossing `bridge` when it names one. */
export function sendPacket(
  host: Host,
  from: ComponentId,
  to: ComponentId,
  op: 'kernel.packet.forward' | 'kernel.packet.dnat' | 'container.packet.receive',
  operation: string,
  summary: string,
  subjects: { container?: string; network?: string },
  bridge?: string,
): void {
  const request: PacketBody = bridge ? { packet: operation, bridge } : { packet: operation };
  host.net.send(from, {
    to,
    protocol: 'packet',
    operation,
    op,
    subjects,
    request,
    summary,
  });
}

/**
 * A packet from one container to another on the same bridge, and (when
 * `reply` is given) the answer back: container → kernel (out of its eth, into
 * the veth, onto the bridge) → container.
 */
export function tracePeerPacket(
  host: Host,
  route: Extract<Route, { kind: 'peer' }>,
  what: string,
  reply?: string,
): void {
  const a = route.from;
  const b = route.to;
  const aNode = containerNodeId(a.containerId);
  const bNode = containerNodeId(b.containerId);
  sendPacket(
    host,
    aNode,
    'kernel',
    'kernel.packet.forward',
    `${what} ${a.ip} → ${b.ip}`,
    `the packet leaves the container through its veth pair (${a.veth}) onto ${a.bridge}; the bridge forwards it to ${b.veth}`,
    { container: a.containerId },
    a.bridge,
  );
  sendPacket(
    host,
    'kernel',
    bNode,
    'container.packet.receive',
    `${what} ${a.ip} → ${b.ip}`,
    `${b.veth} carries it into the other container's network namespace: it arrives on its eth interface at ${b.ip}`,
    { container: b.containerId },
    b.bridge,
  );
  if (!reply) return;
  sendPacket(
    host,
    bNode,
    'kernel',
    'kernel.packet.forward',
    `${reply} ${b.ip} → ${a.ip}`,
    `the answer goes back the same way: ${b.veth}, ${b.bridge}, ${a.veth}`,
    { container: b.containerId },
    b.bridge,
  );
  sendPacket(
    host,
    'kernel',
    aNode,
    'container.packet.receive',
    `${reply} ${b.ip} → ${a.ip}`,
    `the answer arrives at ${a.ip}`,
    { container: a.containerId },
    a.bridge,
  );
}
