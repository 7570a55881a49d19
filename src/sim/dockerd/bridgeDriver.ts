/**
 * What libnetwork's bridge driver asks of the kernel when a network is created
 * or removed (moby 28 `drivers/bridge` with iptables: moby 28 has no nftables backend,
 * `--firewall-backend=nftables` came in a later release): the
 * Linux bridge with the gateway address, then the network's rules. moby runs one
 * `iptables` command per rule (checking each with `-C` first); DockScope shows
 * the network's rules as one message that lists them all.
 */
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import type { NetworkRecord } from './model';
import { prefixOf } from './networks';

/** The rules `iptables -S` lists for a bridge network once the driver has set it up (iptabler/network.go). */
export function networkRules(n: NetworkRecord): { nat: string[]; filter: string[] } {
  const br = n.bridge;
  if (n.internal)
    return {
      nat: [],
      filter: [
        `-A DOCKER-FORWARD -i ${br} -o ${br} -j ACCEPT`,
        `-A DOCKER-ISOLATION-STAGE-1 ! -s ${n.subnet} -o ${br} -j DROP`,
        `-A DOCKER-ISOLATION-STAGE-1 ! -d ${n.subnet} -i ${br} -j DROP`,
      ],
    };
  return {
    nat: [`-A POSTROUTING -s ${n.subnet} ! -o ${br} -j MASQUERADE`, `-A DOCKER -i ${br} -j RETURN`],
    filter: [
      `-A DOCKER ! -i ${br} -o ${br} -j DROP`,
      `-A DOCKER-BRIDGE -o ${br} -j DOCKER`,
      `-A DOCKER-CT -o ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
      `-A DOCKER-FORWARD -i ${br} -j ACCEPT`,
      `-A DOCKER-ISOLATION-STAGE-1 -i ${br} ! -o ${br} -j DOCKER-ISOLATION-STAGE-2`,
      `-A DOCKER-ISOLATION-STAGE-2 -o ${br} -j DROP`,
    ],
  };
}

const subjectsOf = (n: NetworkRecord) => ({ network: n.name });

/** `docker network create`: the bridge first, then its rules (moby createNetwork → setupDevice, then the firewaller). */
export function* createBridge(caller: Caller, n: NetworkRecord): Task<void> {
  const gateway = `${n.gateway}/${prefixOf(n)}`;
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `netlink RTM_NEWLINK (bridge ${n.bridge}), RTM_NEWADDR ${gateway}, up`,
    op: 'kernel.bridge.add',
    subjects: subjectsOf(n),
    request: { call: 'netdev.add', name: n.bridge, kind: 'bridge', address: gateway },
    summary: `dockerd creates the bridge ${n.bridge} for network ${n.name}, gives it the gateway address ${gateway} and brings it up`,
  });
  const rules = networkRules(n);
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `iptables --wait -t nat/filter -A … (${rules.nat.length + rules.filter.length} rules for ${n.bridge})`,
    op: 'kernel.iptables.network.add',
    subjects: subjectsOf(n),
    request: {
      call: 'iptables.apply',
      rules: [...rules.nat.map((r) => `-t nat ${r}`), ...rules.filter.map((r) => `-t filter ${r}`)],
      what: `${rules.nat.length + rules.filter.length} rules for ${n.bridge} added`,
    },
    summary: n.internal
      ? `network ${n.name} is internal: its rules keep its traffic on ${n.bridge} (no MASQUERADE, no way out)`
      : `containers on ${n.name} reach the outside with the host's address (MASQUERADE for ${n.subnet}); traffic between ${n.bridge} and other bridges is dropped (DOCKER-ISOLATION)`,
  });
}

/** `docker network rm`: the rules go, then the bridge (moby deleteNetwork). */
export function* deleteBridge(caller: Caller, n: NetworkRecord): Task<void> {
  const rules = networkRules(n);
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `iptables --wait -t nat/filter -D … (${rules.nat.length + rules.filter.length} rules for ${n.bridge})`,
    op: 'kernel.iptables.network.delete',
    subjects: subjectsOf(n),
    request: {
      call: 'iptables.apply',
      rules: [
        ...rules.nat.map((r) => `-t nat ${r}`),
        ...rules.filter.map((r) => `-t filter ${r}`),
      ].map((r) => r.replace(' -A ', ' -D ')),
      what: `the rules of ${n.bridge} deleted`,
    },
    summary: `dockerd deletes the iptables rules of ${n.bridge}`,
  });
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `netlink RTM_DELLINK (bridge ${n.bridge})`,
    op: 'kernel.bridge.delete',
    subjects: subjectsOf(n),
    request: { call: 'netdev.remove', name: n.bridge },
    summary: `dockerd deletes the bridge ${n.bridge}`,
  });
}
