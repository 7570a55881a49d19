import { storeLogic } from '../core/store';
import { drop, put, stateDict } from '../core/records';
import { freshCgroup } from './cgroupFiles';

/** docker0's address: every container's default gateway on the default bridge. */
export const BRIDGE_GATEWAY = '172.17.0.1';

export type NamespaceKind = 'mnt' | 'uts' | 'ipc' | 'pid' | 'net' | 'cgroup';

export interface KernelProcess {
  pid: number;
  ppid: number;
  argv: string[];
  /** Container it belongs to, for processes inside one. */
  containerId?: string;
  /** For a process `docker exec` started: its exec ID (its stdio are the exec's FIFOs). */
  execId?: string;
  /** Namespace inode numbers, as `/proc/<pid>/ns/*` shows them. */
  namespaces?: Partial<Record<NamespaceKind, number>>;
  cgroup?: string;
  /** What fd 0 is: a pipe or a pty whose other end the shim holds, or /dev/null. */
  stdin?: StdinKind;
  /** Simulated ms since boot when it started (ps's STIME). */
  started?: number;
  /** What /proc/<pid>/cmdline shows once the program rewrote its argv (nginx's setproctitle). */
  title?: string;
  /** Its user, when not root (nginx's workers run as the image's nginx user, 101). */
  uid?: number;
  /** A child the main program forked for itself (nginx's workers): it ends with its parent. */
  worker?: boolean;
  /** Its workers' PIDs (kept on the parent, so its exit finds them without a scan of every process). */
  workers?: readonly number[];
}

export type StdinKind = 'pipe' | 'pty' | '/dev/null';

/** What the host kernel holds for containers: processes, cgroups, network devices, NAT rules. */
export interface KernelState {
  nextPid: number;
  nextInode: number;
  processes: Record<number, KernelProcess>;
  /** cgroup directory → its interface files' text (cgroupFiles.ts). */
  cgroups: Record<string, Record<string, string>>;
  netdevs: Record<
    string,
    {
      kind: 'bridge' | 'veth';
      master?: string;
      containerId?: string;
      /** The address netlink gave the device (a veth's: its container end's, `172.17.0.2/16`). */
      address?: string;
      /** The MAC of a veth's container end (eth0 inside it). */
      mac?: string;
    }
  >;
  /** DNAT rules: `0.0.0.0:8080/tcp` → `172.17.0.2:80`. */
  nat: Record<string, string>;
  /**
   * The netfilter rules dockerd wrote that are not a published port's (those follow from
   * `nat`): its chains' jumps and each bridge network's rules, as `-t <table> -A <chain> …`
   * in the order they were appended (iptables-save's rule syntax).
   */
  netfilter: readonly string[];
  /** life: cgroups whose `cgroup.freeze` is 1 (runc pause), by path. */
  frozen: Record<string, true>;
}

export type KernelEvent =
  | { type: 'process.spawned'; process: KernelProcess }
  | { type: 'process.exec'; pid: number; argv: string[] }
  | { type: 'process.exited'; pid: number }
  | { type: 'cgroup.created'; path: string }
  | { type: 'cgroup.removed'; path: string }
  // ── res: a write to one of a cgroup's files (runc's limits, the kernel's own counters) ──
  | { type: 'cgroup.written'; path: string; file: string; value: string }
  | {
      type: 'netdev.added';
      name: string;
      kind: 'bridge' | 'veth';
      master?: string;
      containerId?: string;
      address?: string;
      mac?: string;
    }
  | { type: 'netdev.removed'; name: string }
  | { type: 'nat.added'; key: string; target: string }
  | { type: 'nat.removed'; key: string }
  // ── host: a program's own title for itself; the rules dockerd's iptables commands leave ──
  | { type: 'process.titled'; pid: number; title: string }
  | { type: 'netfilter.changed'; append: readonly string[]; remove: readonly string[] }
  // ── life: a write to cgroup.freeze ──
  | { type: 'cgroup.frozen'; path: string; frozen: boolean };

export const initialKernelState = (): KernelState => ({
  // PIDs 1..~1000 belong to the host's own processes (systemd, dockerd, containerd…)
  nextPid: 1200,
  nextInode: 4026532200,
  processes: stateDict(),
  cgroups: stateDict(),
  netdevs: put(stateDict(), 'docker0', {
    kind: 'bridge' as const,
    address: `${BRIDGE_GATEWAY}/16`,
  }),
  nat: stateDict(),
  netfilter: DOCKERD_BOOT_RULES,
  frozen: stateDict(),
});

/**
 * The rules dockerd 28 leaves when it starts with iptables on and the default bridge
 * (libnetwork iptabler setupIPChains and setupUserChain, then docker0's network rules):
 * nat-PREROUTING and nat-OUTPUT jump to DOCKER for local destinations (OUTPUT not for
 * 127.0.0.0/8, as the userland proxy handles those); filter-FORWARD jumps to DOCKER-USER
 * first, then DOCKER-FORWARD, which jumps to DOCKER-CT, DOCKER-ISOLATION-STAGE-1 and
 * DOCKER-BRIDGE (each inserted at the top, in reverse order).
 */
const DOCKERD_BOOT_RULES: readonly string[] = [
  '-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
  '-t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
  '-t filter -A FORWARD -j DOCKER-USER',
  '-t filter -A FORWARD -j DOCKER-FORWARD',
  '-t filter -A DOCKER-FORWARD -j DOCKER-CT',
  '-t filter -A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1',
  '-t filter -A DOCKER-FORWARD -j DOCKER-BRIDGE',
  // docker0 (the default bridge network, 172.17.0.0/16), as the bridge driver adds any bridge's.
  '-t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
  '-t nat -A DOCKER -i docker0 -j RETURN',
  '-t filter -A DOCKER ! -i docker0 -o docker0 -j DROP',
  '-t filter -A DOCKER-BRIDGE -o docker0 -j DOCKER',
  '-t filter -A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-t filter -A DOCKER-FORWARD -i docker0 -j ACCEPT',
  '-t filter -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
  '-t filter -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
];

export const kernelMachine = storeLogic<KernelState, KernelEvent>(initialKernelState, {
  'process.spawned': {
    update: (context, event) => {
      // An exec'd process joined existing namespaces: no new inode numbers are used.
      const ns =
        event.process.execId !== undefined || event.process.worker
          ? 0
          : Object.keys(event.process.namespaces ?? {}).length;
      let processes = put(context.processes, event.process.pid, event.process);
      const parent = event.process.worker ? context.processes[event.process.ppid] : undefined;
      if (parent)
        processes = put(processes, parent.pid, {
          ...parent,
          workers: [...(parent.workers ?? []), event.process.pid],
        });
      return {
        processes,
        nextPid: Math.max(context.nextPid, event.process.pid + 1),
        nextInode: context.nextInode + ns,
      };
    },
  },
  'process.exec': {
    guard: (context, event) => !!context.processes[event.pid],
    update: (context, event) => ({
      processes: put(context.processes, event.pid, {
        ...context.processes[event.pid]!,
        argv: event.argv,
      }),
    }),
  },
  'process.exited': {
    guard: (context, event) => !!context.processes[event.pid],
    update: (context, event) => {
      // ── host: a program's own workers go with it (nginx's master takes them down as it exits) ──
      const workers = context.processes[event.pid]!.workers ?? [];
      let processes = drop(context.processes, event.pid);
      for (const pid of workers) processes = drop(processes, pid);
      return { processes };
    },
  },
  'cgroup.created': {
    update: (context, event) => ({
      cgroups: put(context.cgroups, event.path, freshCgroup()),
    }),
  },
  'cgroup.written': {
    guard: (context, event) => !!context.cgroups[event.path],
    update: (context, event) => ({
      cgroups: put(context.cgroups, event.path, {
        ...context.cgroups[event.path]!,
        [event.file]: event.value,
      }),
    }),
  },
  'cgroup.removed': {
    update: (context, event) => ({
      cgroups: drop(context.cgroups, event.path),
      frozen: drop(context.frozen, event.path),
    }),
  },
  // ── life ──
  'cgroup.frozen': {
    update: (context, event) => ({
      frozen: event.frozen
        ? put(context.frozen, event.path, true as const)
        : drop(context.frozen, event.path),
    }),
  },
  'netdev.added': {
    update: (context, event) => ({
      netdevs: put(context.netdevs, event.name, {
        kind: event.kind,
        master: event.master,
        containerId: event.containerId,
        address: event.address,
        mac: event.mac,
      }),
    }),
  },
  'netdev.removed': {
    update: (context, event) => ({
      netdevs: drop(context.netdevs, event.name),
    }),
  },
  'nat.added': {
    update: (context, event) => ({
      nat: put(context.nat, event.key, event.target),
    }),
  },
  'nat.removed': {
    update: (context, event) => ({ nat: drop(context.nat, event.key) }),
  },
  'process.titled': {
    guard: (context, event) => !!context.processes[event.pid],
    update: (context, event) => ({
      processes: put(context.processes, event.pid, {
        ...context.processes[event.pid]!,
        title: event.title,
      }),
    }),
  },
  'netfilter.changed': {
    update: (context, event) => {
      const gone = new Set(event.remove);
      return {
        netfilter: [...context.netfilter.filter((r) => !gone.has(r)), ...event.append],
      };
    },
  },
});
