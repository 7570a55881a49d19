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
  | { type: 'nat.removed'; key: string };

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
});

export const kernelMachine = storeLogic<KernelState, KernelEvent>(initialKernelState, {
  'process.spawned': {
    update: (context, event) => {
      // An exec'd process joined existing namespaces: no new inode numbers are used.
      const ns =
        event.process.execId !== undefined ? 0 : Object.keys(event.process.namespaces ?? {}).length;
      return {
        processes: put(context.processes, event.process.pid, event.process),
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
    update: (context, event) => ({
      processes: drop(context.processes, event.pid),
    }),
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
});
