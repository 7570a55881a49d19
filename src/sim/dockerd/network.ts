import type { Host } from '../host';
import { emitNetworkEvent } from './events';
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import { type ContainerEndpoint, type ContainerRecord, type DockerdState } from './model';
import { parsePortRange } from '../core/nat';
import { aboutContainer } from '../trace/operations';
import { addHostsEntry, removeHostsEntry } from './etcFiles';
import { dict, dictFrom } from '../core/records';
import { DaemonError } from './errors';
import {
  allocateAddress,
  endpointIdOf,
  endpointMac,
  emptyEndpoint,
  endpointsOf,
  isUserDefined,
  lookupNetwork,
  prefixOf,
  type NetworkRecord,
} from './networks';

export type Published = ContainerRecord['published'][number];

const EPHEMERAL_START = 32768;

/**
 * Decide the host ports for a container's `-p` bindings. An empty HostPort
 * gets the next free port from the ephemeral range, the way Docker picks one.
 * A port already held by another container is a conflict, reported the way
 * the bridge driver words it (`0.0.0.0:8080`).
 */
export function allocatePorts(
  host: Host,
  c: ContainerRecord,
): { bindings: Published[]; conflict?: string } {
  const held = contextOf<DockerdState>(host.dockerd).ports;
  // dockerd's own TCP listeners hold their ports in the same allocator (moby's
  // allocateDaemonPort): node-2's `tcp://0.0.0.0:2375` is not a container's to publish.
  const daemon = host.setup.listeners
    .filter((l) => l.startsWith('tcp://'))
    .map((l) => `${l.slice('tcp://'.length)}/tcp`);
  const taken = (key: string): string | undefined =>
    held[key] ?? (daemon.includes(key) ? 'dockerd' : undefined);
  const bindings: Published[] = [];
  // `--network host` or `none`: no endpoint on a bridge, so nothing to publish (dockerd warned
  // at create that published ports are discarded in host mode).
  const mode = c.hostConfig.NetworkMode;
  if (mode === 'host' || mode === 'none') return { bindings };
  // `-P` (PublishAllPorts): every exposed port not bound already gets a port of the ephemeral range.
  const portBindings = dictFrom(Object.entries(c.hostConfig.PortBindings));
  if (c.publishAll)
    for (const exposed of Object.keys(c.config.ExposedPorts))
      if (!portBindings[exposed]?.length) portBindings[exposed] = [{ HostIp: '', HostPort: '' }];
  for (const [portProto, list] of Object.entries(portBindings)) {
    const [port, proto = 'tcp'] = portProto.split('/');
    for (const b of list) {
      const free = (p: number) =>
        !taken(`0.0.0.0:${p}/${proto}`) && !bindings.some((x) => x.hostPort === p);
      const range = parsePortRange(b.HostPort);
      let hostPort = range?.start ?? 0;
      if (!b.HostPort) {
        hostPort = EPHEMERAL_START;
        while (!free(hostPort)) hostPort++;
      } else if (range && range.end > range.start) {
        // `-p 9000-9019:80`: one port from the range, the first one free
        // (moby's allocator goes round the range from the last port it gave).
        for (let p = range.start; p <= range.end; p++) {
          hostPort = p;
          if (free(p)) break;
        }
      }
      const ip = b.HostIp || '0.0.0.0';
      const key = `${ip}:${hostPort}/${proto}`;
      const holder = taken(key) ?? taken(`0.0.0.0:${hostPort}/${proto}`);
      if (holder && holder !== c.id) return { bindings, conflict: `${ip}:${hostPort}` };
      bindings.push({ hostIp: ip, hostPort, containerPort: Number(port), proto });
      if (!b.HostIp) bindings.push({ hostIp: '::', hostPort, containerPort: Number(port), proto });
    }
  }
  return { bindings };
}

/** One network the container joins at start, decided before any interface is made. */
export interface PlannedEndpoint {
  name: string;
  network: NetworkRecord;
  endpoint: ContainerEndpoint;
  /** eth0, eth1… in the order of the container's networks (bridge networks only). */
  ifname: string;
}

/**
 * libnetwork's allocation for every network the container is configured for
 * (moby `allocateNetwork` → `connectToNetwork`): the network must exist, and a
 * bridge network gives the container an address from its subnet (the one `--ip`
 * asks for, or the lowest free). Decided, and noted in the container's record,
 * before any kernel call, so a failure leaves no interface behind; the record
 * holds the addresses at once, so a second start cannot be given the same one.
 */
export function planEndpoints(host: Host, c: ContainerRecord): PlannedEndpoint[] {
  const plan: PlannedEndpoint[] = [];
  let index = 0;
  for (const [name, config] of Object.entries(endpointsOf(c))) {
    const network = lookupNetwork(host, name);
    if (!network) throw setupError('NotFound', `network ${name} not found`);
    const endpoint: ContainerEndpoint = {
      ...config,
      networkId: network.id,
      endpointId: endpointIdOf(c.id, network.id),
    };
    if (network.driver === 'bridge') {
      if (config.requestedIp && !network.userSubnet)
        throw setupError(
          'InvalidParameter',
          'user specified IP address is supported only when connecting to networks with user configured subnets',
        );
      try {
        endpoint.ip = allocateAddress(host, network, c, config.requestedIp);
      } catch (e) {
        if (e instanceof DaemonError) throw setupError(e.kind, e.message);
        throw e;
      }
      endpoint.gateway = network.gateway;
      endpoint.mac = endpointMac(c, network, index === 0);
      plan.push({ name, network, endpoint, ifname: `eth${index++}` });
    } else plan.push({ name, network, endpoint, ifname: '' });
  }
  commit(host.dockerd, {
    type: 'container.updated',
    id: c.id,
    patch: { endpoints: dictFrom(plan.map((p) => [p.name, p.endpoint])) },
  });
  return plan;
}

/** moby's initializeCreatedTask wraps what allocateNetwork returns: `failed to set up container networking: …`. */
const setupError = (kind: DaemonError['kind'], message: string) =>
  new DaemonError(kind, `failed to set up container networking: ${message}`);

/**
 * Give the container its networks: for each bridge network a veth pair with
 * one end inside the new network namespace and the other on the network's
 * bridge, its address there and its line in the hosts file; then, on the first
 * bridge network (the one with the default gateway), for each published port a
 * DNAT rule and a docker-proxy.
 */
export function* setUpNetwork(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  pid: number,
  bindings: Published[],
  /** The container's hostname, for its line in the hosts file. */
  hostname: string,
  plan: readonly PlannedEndpoint[] = planEndpoints(host, c),
): Task<{ ip: string }> {
  const joined = plan.filter((p) => p.network.driver === 'bridge');
  const endpoint = host.endpoints.created(c.id, '');
  const endpoints = dict<ContainerEndpoint>();
  for (const p of plan) endpoints[p.name] = p.endpoint;
  for (const p of joined) {
    const { network: n, endpoint: ep } = p;
    const veth = `veth${host.rng.hex(7)}`;
    if (!endpoint.veth) endpoint.veth = veth;
    endpoints[p.name] = { ...ep, veth, bridge: n.bridge };
    yield* addVeth(caller, c, n, {
      veth,
      pid,
      ifname: p.ifname,
      ip: ep.ip,
      mac: ep.mac,
      summary:
        n.bridge === 'docker0'
          ? `dockerd links the new network namespace to the docker0 bridge with a veth pair; the container gets ${ep.ip}`
          : `dockerd links the container's network namespace to ${n.bridge} (network ${n.name}) with a veth pair: ${p.ifname} inside gets ${ep.ip}`,
    });
    // The endpoint joins the sandbox: libnetwork's sbJoin adds the hosts line (addHostsEntries)
    // before it programs the published ports (programExternalConnectivity comes later in sbJoin).
    yield* addHostsEntry(caller, host.daemon.dataRoot, c.id, hostname, ep.ip);
  }
  commit(host.dockerd, { type: 'container.updated', id: c.id, patch: { endpoints } });
  const gatewayNet = joined[0];
  if (!gatewayNet) return { ip: '' };
  const ip = gatewayNet.endpoint.ip;
  const br = gatewayNet.network.bridge;
  // The rules first: a proxy started before them could accept a connection
  // that NAT would then send around it (moby's addPortMappings says so).
  for (const b of bindings) {
    // [::]:8080 to an IPv4-only container has no ip6tables rule: only the proxy carries it.
    if (b.hostIp.includes(':')) continue;
    if (isLoopback4(b.hostIp)) {
      yield* caller.call({
        to: 'kernel',
        protocol: 'syscall',
        operation: loopbackDrop('-A', b),
        op: 'kernel.raw.add',
        subjects: aboutContainer(c.id),
        request: {
          call: 'noop',
          what: `drop packets to ${b.hostIp}:${b.hostPort} that do not come in on lo`,
        },
        summary: `a port published on ${b.hostIp} stays unreachable from other hosts: the raw table drops packets for it that do not arrive on lo`,
      });
    }
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: iptables('-A', natRule(b, ip, br)),
      op: 'kernel.nat.add',
      subjects: aboutContainer(c.id),
      request: {
        call: 'nat.add',
        key: `${b.hostIp}:${b.hostPort}/${b.proto}`,
        target: `${ip}:${b.containerPort}`,
        listed: `-A DOCKER ${b.hostIp === '0.0.0.0' ? '' : `-d ${b.hostIp}/32 `}! -i ${br} -p ${b.proto} -m ${b.proto} --dport ${b.hostPort} -j DNAT --to-destination ${ip}:${b.containerPort}`,
      },
      summary: `traffic to port ${b.hostPort} on the host, not coming from ${br}, is sent to ${ip}:${b.containerPort}`,
    });
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: iptables('-I', filterRule(b, ip, br)),
      op: 'kernel.filter.add',
      subjects: aboutContainer(c.id),
      request: { call: 'noop', what: `accept forwarded traffic to ${ip}:${b.containerPort}` },
      summary: `the filter table lets forwarded traffic reach ${ip}:${b.containerPort}`,
    });
  }
  for (const b of bindings) {
    const argv = [
      DOCKER_PROXY,
      '-proto',
      b.proto,
      '-host-ip',
      b.hostIp,
      '-host-port',
      String(b.hostPort),
      '-container-ip',
      ip,
      '-container-port',
      String(b.containerPort),
      '-use-listen-fd',
    ];
    const proxy = yield* caller.call<{ pid: number }>({
      to: 'kernel',
      protocol: 'exec',
      operation: argv.join(' '),
      op: 'kernel.proxy.start',
      subjects: aboutContainer(c.id),
      request: { call: 'spawn', argv, ppid: host.daemonRuntime.pid },
      summary:
        b.hostIp === '::'
          ? `a second docker-proxy takes IPv6 connections to [::]:${b.hostPort} to the container’s IPv4 address`
          : `docker-proxy forwards connections to ${b.hostIp}:${b.hostPort} (those the host makes to localhost too) to the container; dockerd bound the socket and hands it over`,
    });
    if (proxy.body?.pid !== undefined) endpoint.proxies.push(proxy.body.pid);
  }
  if (bindings.length > 0) {
    commit(host.dockerd, {
      type: 'ports.allocated',
      id: c.id,
      keys: bindings.map((b) => `${b.hostIp}:${b.hostPort}/${b.proto}`),
    });
  }
  return { ip };
}

/** moby finds the userland proxy with its lookupBinPath; Docker's packages install it here. */
const DOCKER_PROXY = '/usr/bin/docker-proxy';

/**
 * The command line dockerd runs for a rule (libnetwork/iptables: `--wait`,
 * then `-t <table> <op> <chain>` and the rule). The DNAT rule lives in the
 * nat table, the rule that opens the port in the filter table. moby first
 * checks with `-C` whether a rule exists; the simulation leaves those checks
 * out.
 */
function iptables(op: '-A' | '-I' | '-D', rule: { table: string; args: string }, table?: string) {
  return `iptables --wait -t ${table ?? rule.table} ${op} DOCKER ${rule.args}`;
}

const isLoopback4 = (ip: string) => /^127\./.test(ip);

/**
 * filterPortMappedOnLoopback (moby 28 iptabler/port.go): a port published on
 * 127.x.x.x gets a raw-table rule that drops packets for it arriving on any
 * interface but lo, so another host routing to 127.0.0.1 through this one
 * cannot reach it.
 */
const loopbackDrop = (op: '-A' | '-D', b: Published) =>
  `iptables --wait -t raw ${op} PREROUTING -p ${b.proto} -d ${b.hostIp} --dport ${b.hostPort} ! -i lo -j DROP`;

/**
 * setPerPortNAT: to the host address (`-d 0/0` for 0.0.0.0, which iptables
 * would read as /32), not from the bridge itself (no hairpin with the proxy on).
 */
const natRule = (b: Published, ip: string, bridge: string) => ({
  table: 'nat',
  args: `-p ${b.proto} -d ${b.hostIp === '0.0.0.0' ? '0/0' : b.hostIp} --dport ${b.hostPort} -j DNAT --to-destination ${ip}:${b.containerPort} ! -i ${bridge}`,
});

/** setPerPortForwarding: let traffic from outside docker0 reach the container's port. */
const filterRule = (b: Published, ip: string, bridge: string) => ({
  table: 'filter',
  args: `! -i ${bridge} -o ${bridge} -p ${b.proto} -d ${ip} --dport ${b.containerPort} -j ACCEPT`,
});

/** Undo `setUpNetwork` after the container exits: proxies first, then the rules (releasePortBindings). */
export function* releaseNetwork(host: Host, caller: Caller, c: ContainerRecord): Task<void> {
  const endpoint = host.endpoints.get(c.id);
  host.endpoints.released(c.id);
  const eps = endpointsOf(c);
  // The port rules name the bridge of the network that carried them: the first bridge network.
  const first = Object.entries(eps).find(([, ep]) => ep.veth);
  const br = (first && lookupNetwork(host, first[0])?.bridge) || 'docker0';
  for (const pid of endpoint?.proxies ?? []) {
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: `kill(${pid}, SIGINT)`,
      op: 'kernel.proxy.stop',
      subjects: aboutContainer(c.id),
      request: { call: 'terminate', pid, signal: 'SIGINT' },
      summary: 'dockerd stops the docker-proxy that forwarded this port (os.Interrupt: SIGINT)',
    });
  }
  // Every IPv4 binding the container published got its NAT rule at start: the
  // container's own record says which, nothing keeps them a second time.
  for (const b of c.published) {
    if (b.hostIp.includes(':')) continue;
    const key = `${b.hostIp}:${b.hostPort}/${b.proto}`;
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: iptables('-D', natRule(b, c.ipAddress, br)),
      op: 'kernel.nat.delete',
      subjects: aboutContainer(c.id),
      request: { call: 'nat.remove', key },
      summary: `port ${b.hostPort} is no longer forwarded`,
    });
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: iptables('-D', filterRule(b, c.ipAddress, br), 'filter'),
      op: 'kernel.filter.delete',
      subjects: aboutContainer(c.id),
      request: {
        call: 'noop',
        what: `forwarded traffic to ${c.ipAddress}:${b.containerPort} is no longer accepted`,
      },
      summary: `the filter rule for ${c.ipAddress}:${b.containerPort} goes too`,
    });
    if (isLoopback4(b.hostIp)) {
      yield* caller.call({
        to: 'kernel',
        protocol: 'syscall',
        operation: loopbackDrop('-D', b),
        op: 'kernel.raw.delete',
        subjects: aboutContainer(c.id),
        request: {
          call: 'noop',
          what: `stop dropping non-lo packets to ${b.hostIp}:${b.hostPort}`,
        },
        summary: `the raw-table rule guarding ${b.hostIp}:${b.hostPort} goes too`,
      });
    }
  }
  // Records from before networks were modelled kept the veth in host.endpoints only.
  const legacy =
    endpoint?.veth && !first
      ? [['bridge', { ...emptyEndpoint(''), veth: endpoint.veth, ip: c.ipAddress }] as const]
      : [];
  const released = dict<ContainerEndpoint>();
  for (const [name, ep] of [...Object.entries(eps), ...legacy]) {
    if (ep.veth) yield* removeVeth(caller, c, name, ep);
    released[name] = cleared(ep);
  }
  if (c.endpoints)
    commit(host.dockerd, { type: 'container.updated', id: c.id, patch: { endpoints: released } });
  commit(host.dockerd, { type: 'ports.released', id: c.id });
}

/** moby `cleanOperationalData`: the endpoint's address, MAC and ID go; what was asked for stays. */
const cleared = (ep: ContainerEndpoint): ContainerEndpoint => ({
  ...ep,
  ip: '',
  mac: '',
  gateway: '',
  endpointId: '',
  veth: '',
  bridge: '',
});

function* removeVeth(
  caller: Caller,
  c: ContainerRecord,
  network: string,
  ep: ContainerEndpoint,
): Task<void> {
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: 'netlink RTM_DELLINK (veth)',
    op: 'kernel.netlink.delete',
    subjects: { container: c.id, network },
    request: { call: 'netdev.remove', name: ep.veth },
    summary: `dockerd removes ${ep.veth} and releases ${ep.ip}${network === 'bridge' ? '' : ` on ${network}`}`,
  });
}

/**
 * `docker network connect` to a running container (moby `ConnectToNetwork` →
 * `connectToNetwork`): one more veth pair into its namespace, an address on
 * the network, and its line in the hosts file.
 */
export function* connectRunning(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  name: string,
): Task<void> {
  const n = lookupNetwork(host, name)!;
  const ep = endpointsOf(c)[name]!;
  const live = Object.values(endpointsOf(c)).filter((e) => e.veth).length;
  const ip = n.driver === 'bridge' ? allocateAddress(host, n, c, ep.requestedIp) : '';
  const veth = n.driver === 'bridge' ? `veth${host.rng.hex(7)}` : '';
  const joined: ContainerEndpoint = {
    ...ep,
    networkId: n.id,
    endpointId: endpointIdOf(c.id, n.id),
    ip,
    gateway: n.gateway,
    mac: ip ? endpointMac(c, n, false) : '',
    veth,
    bridge: veth ? n.bridge : '',
  };
  commit(host.dockerd, {
    type: 'container.updated',
    id: c.id,
    patch: { endpoints: dictFrom([...Object.entries(endpointsOf(c)), [name, joined]]) },
  });
  // ── obs: connectToNetwork logs connect once the endpoint has joined ──
  emitNetworkEvent(host, n, 'connect', { container: c.id });
  if (!veth) return;
  yield* addVeth(caller, c, n, {
    veth,
    pid: c.pid,
    ifname: `eth${live}`,
    ip,
    mac: joined.mac,
    summary: `dockerd adds a veth pair from ${n.bridge} (network ${n.name}) into the running container: eth${live} gets ${ip}`,
  });
  yield* addHostsEntry(
    caller,
    host.daemon.dataRoot,
    c.id,
    c.config.Hostname || c.id.slice(0, 12),
    ip,
  );
}

/** netlink: a veth pair, its host end on the network's bridge, its peer moved into the container's network namespace as `ifname`. */
function* addVeth(
  caller: Caller,
  c: ContainerRecord,
  n: NetworkRecord,
  link: { veth: string; pid: number; ifname: string; ip: string; mac: string; summary: string },
): Task<void> {
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: 'netlink RTM_NEWLINK (veth pair)',
    op: 'kernel.netlink.add',
    subjects: { container: c.id, network: n.name },
    request: {
      call: 'netdev.add',
      name: link.veth,
      kind: 'veth',
      master: n.bridge,
      containerId: c.id,
      peerNetns: `/proc/${link.pid}/ns/net`,
      ifname: link.ifname,
      address: `${link.ip}/${prefixOf(n)}`,
      mac: link.mac,
    },
    summary: link.summary,
  });
}

/** `docker network disconnect` (moby `DisconnectFromNetwork`): the endpoint's veth goes; a stopped container just forgets the network. */
export function* disconnectContainer(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  name: string,
): Task<void> {
  const eps = endpointsOf(c);
  const ep = eps[name];
  if (ep?.veth) {
    yield* removeVeth(caller, c, name, ep);
    yield* removeHostsEntry(caller, host.daemon.dataRoot, c.id, ep.ip);
  }
  const rest = Object.entries(eps).filter(([k]) => k !== name);
  commit(host.dockerd, {
    type: 'container.updated',
    id: c.id,
    patch: { endpoints: dictFrom(rest) },
  });
  // ── obs: only a running container's disconnect is logged (a stopped one just forgets it) ──
  const n = c.state === 'running' ? lookupNetwork(host, name) : undefined;
  if (n) emitNetworkEvent(host, n, 'disconnect', { container: c.id });
}

export { isUserDefined };
