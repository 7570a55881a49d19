/**
 * dockerd's networks (libnetwork's controller, as moby 28 keeps it): the three
 * it makes at start (`bridge` on docker0, `host`, `none`), the bridges a user
 * creates, the address each container gets on each network it joins, and the
 * JSON `docker network inspect` and container inspect show for them.
 */
import type { Host } from '../host';
import { contextOf } from '../core/actors';
import { digestOf } from '../image/digest';
import { dict, dictFrom, own } from '../core/records';
import type { ContainerEndpoint, ContainerRecord, DockerdState, NetworkRecord } from './model';
import { DaemonError, invalid, notFound } from './errors';
import { macFor } from './views';

export type { NetworkRecord, ContainerEndpoint };

/** moby `network.IsPredefined`: names a user may not create or remove. */
export const PREDEFINED = ['bridge', 'host', 'none', 'default'];

const DEFAULT_BRIDGE_OPTIONS = {
  'com.docker.network.bridge.default_bridge': 'true',
  'com.docker.network.bridge.enable_icc': 'true',
  'com.docker.network.bridge.enable_ip_masquerade': 'true',
  'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
  'com.docker.network.bridge.name': 'docker0',
  'com.docker.network.driver.mtu': '1500',
};

/**
 * The networks dockerd creates when it starts (moby `initNetworkController`):
 * `none` (driver null), `host`, and `bridge` on docker0 unless the daemon runs with
 * `--bridge=none`. Their IDs are random in moby; DockScope draws them from the
 * machine's engine ID so they are the same every run and differ between machines.
 */
export function predefinedNetworks(host: Host): readonly NetworkRecord[] {
  // The same three records for as long as the daemon runs (they depend on its identity and
  // its --bridge only): made once, not on every lookup of every run.
  const key = `${host.engineId} ${host.daemonId} ${host.daemon.bridgeNone}`;
  const kept = PREDEFINED_BY_HOST.get(host);
  if (kept?.key === key) return kept.list;
  const list = makePredefined(host).map((n) => Object.freeze(n));
  PREDEFINED_BY_HOST.set(host, { key, list });
  return list;
}

const PREDEFINED_BY_HOST = new WeakMap<Host, { key: string; list: readonly NetworkRecord[] }>();

function makePredefined(host: Host): NetworkRecord[] {
  const id = (name: string) => digestOf(`${host.engineId} ${host.daemonId} ${name}`).slice(7);
  const base = {
    created: 0,
    internal: false,
    labels: {},
    ipamOptions: null,
    predefined: true,
    userSubnet: false,
  };
  const list: NetworkRecord[] = [];
  if (!host.daemon.bridgeNone)
    list.push({
      ...base,
      id: id('bridge'),
      name: 'bridge',
      driver: 'bridge',
      subnet: '172.17.0.0/16',
      gateway: '172.17.0.1',
      bridge: 'docker0',
      options: DEFAULT_BRIDGE_OPTIONS,
    });
  list.push(
    {
      ...base,
      id: id('host'),
      name: 'host',
      driver: 'host',
      subnet: '',
      gateway: '',
      bridge: '',
      options: {},
    },
    {
      ...base,
      id: id('none'),
      name: 'none',
      driver: 'null',
      subnet: '',
      gateway: '',
      bridge: '',
      options: {},
    },
  );
  return list;
}

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

/** Every network of the daemon: the predefined ones, then those users created. */
export function allNetworks(host: Host): NetworkRecord[] {
  return [...predefinedNetworks(host), ...Object.values(state(host).networks)];
}

/**
 * A network by full ID, then full name, then ID prefix, as the API's
 * `findUniqueNetwork` looks for one; NotFound (`network X not found`) otherwise.
 */
export function findNetwork(host: Host, term: string): NetworkRecord {
  const found = searchNetwork(host, term);
  if (found === undefined) throw notFound(`network ${term} not found`);
  if (typeof found === 'string') throw invalid(found);
  return found;
}

/** A network or undefined, for callers that handle the absence themselves. */
export function lookupNetwork(host: Host, term: string): NetworkRecord | undefined {
  const found = searchNetwork(host, term);
  return typeof found === 'string' ? undefined : found;
}

/**
 * findUniqueNetwork's search without throwing (a run looks up `default`, which is no
 * network's name, several times): the network, the ambiguity's message, or undefined.
 */
function searchNetwork(host: Host, term: string): NetworkRecord | string | undefined {
  const all = allNetworks(host);
  const byId = all.find((n) => n.id === term);
  if (byId) return byId;
  const byName = all.filter((n) => n.name === term);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1)
    return `network ${term} is ambiguous (${byName.length} matches found based on name)`;
  const byPrefix = term === '' ? [] : all.filter((n) => n.id.startsWith(term));
  if (byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length > 1)
    return `network ${term} is ambiguous (${byPrefix.length} matches found based on ID prefix)`;
  return undefined;
}

// ── IPv4 arithmetic ─────────────────────────────────────────────────────────

export interface Cidr {
  base: number;
  prefix: number;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A dotted quad as a 32-bit number, or undefined (Go's net.ParseIP, IPv4 only). */
export function parseIpv4(s: string): number | undefined {
  const m = OCTETS.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export const formatIpv4 = (n: number): string =>
  `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

export function parseCidr(s: string): { ip: number; cidr: Cidr } | undefined {
  const [addr, bits, extra] = s.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,2}$/.test(bits)) return undefined;
  const ip = parseIpv4(addr ?? '');
  const prefix = Number(bits);
  if (ip === undefined || prefix > 32) return undefined;
  return { ip, cidr: { base: (ip & maskOf(prefix)) >>> 0, prefix } };
}

const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
export const cidrString = (c: Cidr) => `${formatIpv4(c.base)}/${c.prefix}`;
export const contains = (c: Cidr, ip: number) => (ip & maskOf(c.prefix)) >>> 0 === c.base;
const overlaps = (a: Cidr, b: Cidr) => contains(a, b.base) || contains(b, a.base);

/**
 * moby 28's default address pools (daemon config `default-address-pools`):
 * 172.17.0.0/16 … 172.31.0.0/16 as /16s, then 192.168.0.0/16 cut into /20s.
 * A new network takes the first pool that overlaps no network's subnet.
 */
function* defaultPools(): Generator<Cidr> {
  for (let second = 17; second <= 31; second++)
    yield { base: parseIpv4(`172.${second}.0.0`)!, prefix: 16 };
  for (let third = 0; third < 256; third += 16)
    yield { base: parseIpv4(`192.168.${third}.0`)!, prefix: 20 };
}

/**
 * The IPAM config of a new network: the subnet and gateway the request names
 * (checked as moby's `ValidateIPAM` and the default IPAM driver check them), or
 * the first free default pool with its first address as the gateway.
 */
export function allocateSubnet(
  host: Host,
  config: ReadonlyArray<{ Subnet?: string; Gateway?: string; IPRange?: string }>,
): { subnet: string; gateway: string; userSubnet: boolean } {
  const taken = allNetworks(host)
    .filter((n) => n.subnet)
    .map((n) => parseCidr(n.subnet)!.cidr);
  const first = config[0];
  if (first?.Subnet) {
    const parsed = parseCidr(first.Subnet);
    if (!parsed)
      throw invalid(
        `invalid network config:\ninvalid subnet ${first.Subnet}: invalid CIDR block notation`,
      );
    if (parsed.ip !== parsed.cidr.base)
      throw invalid(
        `invalid network config:\ninvalid subnet ${first.Subnet}: it should be ${cidrString(parsed.cidr)}`,
      );
    let gateway = formatIpv4(parsed.cidr.base + 1);
    if (first.Gateway) {
      const gw = parseIpv4(first.Gateway);
      if (gw === undefined)
        throw invalid(`invalid network config:\ninvalid gateway ${first.Gateway}: invalid address`);
      if (!contains(parsed.cidr, gw))
        throw invalid(
          `invalid network config:\ninvalid gateway ${first.Gateway}: parent subnet ${first.Subnet} doesn't contain this address`,
        );
      gateway = first.Gateway;
    }
    // The default IPAM driver refuses a pool that overlaps one it already gave out.
    if (taken.some((t) => overlaps(t, parsed.cidr)))
      throw new DaemonError(
        'Forbidden',
        'invalid pool request: Pool overlaps with other one on this address space',
      );
    return { subnet: first.Subnet, gateway, userSubnet: true };
  }
  for (const pool of defaultPools()) {
    if (taken.some((t) => overlaps(t, pool))) continue;
    return { subnet: cidrString(pool), gateway: formatIpv4(pool.base + 1), userSubnet: false };
  }
  throw invalid('all predefined address pools have been fully subnetted');
}

/**
 * Where the search for a free address may start, per network's address index: every
 * address below it is held. Without it each `docker run` formatted and looked up every
 * address held before the first free one (a third of a run's time with 300 containers on
 * the network). Kept beside dockerd's index, not in it: the index is what dockerd knows,
 * this only remembers where the last search ended. `addressReleased` lowers it; an index
 * this has not seen (a new network, a restored daemon) is searched from the start.
 */
const searchFrom = new WeakMap<object, number>();

/** dockerd's index dropped `ip` from `held`: a search must look there again. */
export function addressReleased(held: object, ip: string): void {
  const from = searchFrom.get(held);
  const n = parseIpv4(ip);
  if (from !== undefined && n !== undefined && n < from) searchFrom.set(held, n);
}

/**
 * The lowest address of the network no other endpoint holds (libnetwork's
 * default IPAM hands them out in order, skipping the network address and the
 * gateway), or the one the container asked for with `--ip`.
 */
export function allocateAddress(
  host: Host,
  n: NetworkRecord,
  c: ContainerRecord,
  requested: string,
): string {
  const cidr = parseCidr(n.subnet)!.cidr;
  const held = own(state(host).addresses, n.name);
  const taken = (ip: string) =>
    ip === n.gateway || (!!held && !!own(held, ip) && held[ip] !== c.id);
  if (requested) {
    const ip = parseIpv4(requested);
    if (ip === undefined || !contains(cidr, ip))
      throw invalid(`no configured subnet or ip-range contain the IP address ${requested}`);
    if (taken(requested)) throw new DaemonError('Forbidden', 'Address already in use');
    return requested;
  }
  const first = cidr.base + 1;
  const end = cidr.base + 2 ** (32 - cidr.prefix) - 1;
  // A container that holds an address here already may be given it again: search it all.
  const hint = held && !c.endpoints?.[n.name]?.ip ? searchFrom.get(held) : undefined;
  for (let a = hint !== undefined && hint > first ? hint : first; a < end; a++) {
    const ip = formatIpv4(a);
    if (taken(ip)) continue;
    if (held) searchFrom.set(held, a);
    return ip;
  }
  throw new DaemonError(
    'Unavailable',
    `no available IPv4 addresses on this network's address pools: ${n.name} (${n.id})`,
  );
}

export const prefixOf = (n: NetworkRecord): number =>
  n.subnet ? parseCidr(n.subnet)!.cidr.prefix : 0;

/** `br-` and the first 12 hex of the ID: the bridge moby's bridge driver creates for a user network. */
export const bridgeNameOf = (id: string) => `br-${id.slice(0, 12)}`;

/** The name a container's NetworkMode stands for: `default` is the default bridge. */
export const modeNetwork = (mode: string): string =>
  mode === 'default' || mode === '' ? 'bridge' : mode;

/** Is this network user-defined (moby NetworkMode.IsUserDefined): not bridge, host, none, default, container:. */
export const isUserDefined = (name: string): boolean =>
  !PREDEFINED.includes(name) && !name.startsWith('container:');

/** The endpoint ID moby gives a container on a network: random in moby, drawn from both IDs here. */
export const endpointIdOf = (containerId: string, networkId: string): string =>
  digestOf(`endpoint ${networkId} ${containerId}`).slice(7);

/** The containers attached to a network (those with an endpoint on it), for inspect and rm. */
export function attachedTo(host: Host, n: NetworkRecord): ContainerRecord[] {
  return Object.values(state(host).containers).filter(
    (c) => !!own(c.endpoints, n.name)?.endpointId,
  );
}

// ── Views ───────────────────────────────────────────────────────────────────

/** `GET /networks/{id}` (network.Inspect); `detailed` adds the attached containers. */
export function networkInspect(host: Host, n: NetworkRecord, detailed: boolean) {
  const containers = dict<object>();
  if (detailed)
    for (const c of attachedTo(host, n)) {
      const ep = own(c.endpoints, n.name)!;
      containers[c.id] = {
        Name: c.name,
        EndpointID: ep.endpointId,
        MacAddress: ep.mac,
        IPv4Address: ep.ip ? `${ep.ip}/${prefixOf(n)}` : '',
        IPv6Address: '',
      };
    }
  return {
    Name: n.name,
    Id: n.id,
    Created: host.isoTime(n.created),
    Scope: 'local',
    Driver: n.driver,
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: n.ipamOptions,
      Config: n.subnet ? [{ Subnet: n.subnet, Gateway: n.gateway }] : null,
    },
    Internal: n.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: n.options,
    Labels: n.labels,
  };
}

/**
 * `NetworkSettings.Networks` of a container inspect (and of a `ps` summary): one
 * entry per network the container is configured for; the operational fields
 * (address, gateway, MAC, endpoint) only while it is connected.
 */
export function networkSettingsOf(host: Host, c: ContainerRecord) {
  const out = dict<object>();
  for (const [name, ep] of Object.entries(endpointsOf(c))) {
    const n = lookupNetwork(host, name);
    const live = !!ep.endpointId;
    out[name] = {
      IPAMConfig: ep.requestedIp ? { IPv4Address: ep.requestedIp } : null,
      Links: null,
      Aliases: ep.aliases,
      MacAddress: live ? ep.mac : '',
      DriverOpts: null,
      GwPriority: 0,
      NetworkID: live || n ? (n?.id ?? ep.networkId) : '',
      EndpointID: ep.endpointId,
      Gateway: live ? ep.gateway : '',
      IPAddress: live ? ep.ip : '',
      IPPrefixLen: live && n && ep.ip ? prefixOf(n) : 0,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      DNSNames: live && n && isUserDefined(n.name) ? dnsNamesOf(c, ep) : null,
    };
  }
  return out;
}

/** moby 28: a container's DNS names on a user network: its name, its aliases, its short ID (and hostname). */
export function dnsNamesOf(c: ContainerRecord, ep: ContainerEndpoint): string[] {
  const names = [c.name, ...(ep.aliases ?? []), c.id.slice(0, 12)];
  if (c.config.Hostname && !names.includes(c.config.Hostname)) names.push(c.config.Hostname);
  return names;
}

/** The container's endpoint configs by network name (created before networks existed: the default bridge). */
export function endpointsOf(c: ContainerRecord): Record<string, ContainerEndpoint> {
  if (c.endpoints) return c.endpoints;
  const mode = modeNetwork(c.hostConfig.NetworkMode);
  return dictFrom([[mode, emptyEndpoint('')]]);
}

export const emptyEndpoint = (
  networkId: string,
  aliases: string[] | null = null,
  requestedIp = '',
): ContainerEndpoint => ({
  networkId,
  aliases,
  requestedIp,
  ip: '',
  mac: '',
  gateway: '',
  endpointId: '',
  veth: '',
  bridge: '',
});

/** The endpoint's MAC: macFor of the container, with the network's ID mixed in past the first network. */
export function endpointMac(c: ContainerRecord, n: NetworkRecord, first: boolean): string {
  return first ? macFor(c.id) : macFor(digestOf(`${c.id} ${n.id}`).slice(7));
}
