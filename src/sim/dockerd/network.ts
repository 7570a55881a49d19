import type { Host } from '../host';
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import { DOCKERD_PID, type ContainerRecord, type DockerdState } from './model';
import { parsePortRange } from '../core/nat';
import { aboutContainer } from '../trace/operations';
import { macFor } from './views';
import { addHostsEntry } from './etcFiles';

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
  for (const [portProto, list] of Object.entries(c.hostConfig.PortBindings)) {
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

/**
 * Give the container its network: a veth pair with one end inside the new
 * network namespace and the other on the docker0 bridge, an IP on
 * 172.17.0.0/16, its line in the hosts file, and for each published port a DNAT
 * rule and a docker-proxy.
 */
export function* setUpNetwork(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  pid: number,
  bindings: Published[],
  /** The container's hostname, for its line in the hosts file. */
  hostname: string,
): Task<{ ip: string }> {
  const d = contextOf<DockerdState>(host.dockerd);
  // The lowest address no container holds. Asked through the index of who got each
  // address, checked against the records: no scan of every container of the host per start.
  const index = netIndexOf(host);
  let n = 2;
  for (;;) {
    const holder = index.ips.get(n);
    if (holder === undefined || d.containers[holder.id]?.ipAddress !== holder.ip) break;
    n++;
  }
  // docker0 is 172.17.0.0/16: after 172.17.0.255 comes 172.17.1.0, a host address in a /16.
  const ip = `172.17.${n >> 8}.${n & 255}`;
  index.ips.set(n, { id: c.id, ip });
  const veth = `veth${host.rng.hex(7)}`;
  const endpoint = host.endpoints.created(c.id, veth);
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: 'netlink RTM_NEWLINK (veth pair)',
    op: 'kernel.netlink.add',
    subjects: { container: c.id, network: 'bridge' },
    request: {
      call: 'netdev.add',
      name: veth,
      kind: 'veth',
      master: 'docker0',
      containerId: c.id,
      peerNetns: `/proc/${pid}/ns/net`,
      address: `${ip}/16`,
      mac: macFor(c.id),
    },
    summary: `dockerd links the new network namespace to the docker0 bridge with a veth pair; the container gets ${ip}`,
  });
  // The endpoint joins the sandbox: libnetwork's sbJoin adds the hosts line (addHostsEntries)
  // before it programs the published ports (programExternalConnectivity comes later in sbJoin).
  yield* addHostsEntry(caller, host.daemon.dataRoot, c.id, hostname, ip);
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
      operation: iptables('-A', natRule(b, ip)),
      op: 'kernel.nat.add',
      subjects: aboutContainer(c.id),
      request: {
        call: 'nat.add',
        key: `${b.hostIp}:${b.hostPort}/${b.proto}`,
        target: `${ip}:${b.containerPort}`,
        listed: `-A DOCKER ${b.hostIp === '0.0.0.0' ? '' : `-d ${b.hostIp}/32 `}! -i docker0 -p ${b.proto} -m ${b.proto} --dport ${b.hostPort} -j DNAT --to-destination ${ip}:${b.containerPort}`,
      },
      summary: `traffic to port ${b.hostPort} on the host, not coming from docker0, is sent to ${ip}:${b.containerPort}`,
    });
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: iptables('-I', filterRule(b, ip)),
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
      request: { call: 'spawn', argv, ppid: DOCKERD_PID },
      summary:
        b.hostIp === '::'
          ? `a second docker-proxy takes IPv6 connections to [::]:${b.hostPort} to the container’s IPv4 address`
          : `docker-proxy forwards connections to ${b.hostIp}:${b.hostPort} (those from the host itself too) to the container; dockerd bound the socket and hands it over`,
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

/**
 * Which container got each address of the bridge (by its offset in 172.17.0.0/16), as
 * libnetwork's IPAM remembers them, so a start does not scan every container. Each
 * container's veth and docker-proxies are in `host.endpoints`.
 */
interface NetIndex {
  ips: Map<number, { id: string; ip: string }>;
}
const netIndexes = new WeakMap<Host, NetIndex>();
function netIndexOf(host: Host): NetIndex {
  let index = netIndexes.get(host);
  if (!index) netIndexes.set(host, (index = { ips: new Map() }));
  return index;
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
const natRule = (b: Published, ip: string) => ({
  table: 'nat',
  args: `-p ${b.proto} -d ${b.hostIp === '0.0.0.0' ? '0/0' : b.hostIp} --dport ${b.hostPort} -j DNAT --to-destination ${ip}:${b.containerPort} ! -i docker0`,
});

/** setPerPortForwarding: let traffic from outside docker0 reach the container's port. */
const filterRule = (b: Published, ip: string) => ({
  table: 'filter',
  args: `! -i docker0 -o docker0 -p ${b.proto} -d ${ip} --dport ${b.containerPort} -j ACCEPT`,
});

/** Undo `setUpNetwork` after the container exits: proxies first, then the rules (releasePortBindings). */
export function* releaseNetwork(host: Host, caller: Caller, c: ContainerRecord): Task<void> {
  const endpoint = host.endpoints.get(c.id);
  host.endpoints.released(c.id);
  const veth = endpoint?.veth;
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
      operation: iptables('-D', natRule(b, c.ipAddress)),
      op: 'kernel.nat.delete',
      subjects: aboutContainer(c.id),
      request: { call: 'nat.remove', key },
      summary: `port ${b.hostPort} is no longer forwarded`,
    });
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: iptables('-D', filterRule(b, c.ipAddress), 'filter'),
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
  if (veth) {
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: 'netlink RTM_DELLINK (veth)',
      op: 'kernel.netlink.delete',
      subjects: { container: c.id, network: 'bridge' },
      request: { call: 'netdev.remove', name: veth },
      summary: `dockerd removes ${veth} and releases ${c.ipAddress}`,
    });
  }
  commit(host.dockerd, { type: 'ports.released', id: c.id });
}
