import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import { type Task, wait } from '../core/scheduler';
import { Signal } from '../core/signal';
import { commit, contextOf } from '../core/actors';
import type { KernelState, NamespaceKind, StdinKind } from './kernelMachine';

export type { StdinKind };
import type { MountEntry } from './mountNamespaces';
import { containerNodeId, type Message } from '../core/types';
import { startProgram } from './programs';
import { tmpfsRoot } from './hostDirs';
import { layerChanges } from './layerChanges';
import { cgroupCall } from './oomKiller';

/** What a syscall (or a netlink/iptables request) asks the kernel to do. */
export type SyscallRequest =
  | {
      call: 'clone3';
      flags: string[];
      containerId: string;
      argv: string[];
      ppid: number;
      /** The stdin runc init inherits from the shim. */
      stdin?: StdinKind;
    }
  | { call: 'cgroup.create'; path: string; pid: number }
  /** runc exec's init enters the container's existing cgroup (a write to its cgroup.procs). */
  | { call: 'cgroup.join'; path: string; pid: number }
  /**
   * runc exec's `runc init`: a new process that joins the namespaces of the container's PID 1
   * (nsexec's setns from /proc/<pid>/ns/*) instead of making new ones.
   */
  | {
      call: 'setns';
      containerId: string;
      execId: string;
      initPid: number;
      argv: string[];
      ppid: number;
      stdin?: StdinKind;
    }
  | { call: 'cgroup.remove'; path: string }
  | {
      call: 'execve';
      pid: number;
      argv: string[];
      env: string[];
      /** The caller's working directory (runc init chdir'd to process.cwd): process context, not an argument. */
      cwd?: string;
      /** The caller's user (runc init's setuid/setgid to process.user): process context too. */
      user?: { uid: number; gid: number };
    }
  | { call: 'kill'; pid: number; signal: string }
  | {
      call: 'netdev.add';
      name: string;
      /** A veth pair into a container, or a bridge (`docker0`, `br-<12 hex>`) with its gateway address. */
      kind: 'veth' | 'bridge';
      master?: string;
      containerId?: string;
      /** The interface's name inside the container (eth0, eth1…). */
      ifname?: string;
      /** The container end's address (`172.17.0.2/16`) and MAC, as netlink sets them. */
      address?: string;
      mac?: string;
    }
  | { call: 'netdev.remove'; name: string }
  | {
      call: 'nat.add';
      key: string;
      target: string;
      /** The rule as `iptables -t nat -S DOCKER` lists it afterwards. */
      listed?: string;
    }
  | { call: 'nat.remove'; key: string }
  | { call: 'spawn'; argv: string[]; ppid: number }
  | { call: 'terminate'; pid: number; signal?: string }
  | { call: 'mount'; source: string; target: string; fstype: string; options?: string[] }
  | { call: 'umount'; target: string }
  /** runc init bind-mounts root.path onto itself: the overlay there becomes the container's root. */
  | { call: 'mount.root'; containerId: string; target: string; what: string }
  /** runc init mounts the spec's filesystems inside the new root (one message for all of them). */
  | { call: 'mount.spec'; containerId: string; mounts: readonly MountEntry[]; what: string }
  | { call: 'sethostname'; containerId: string; hostname: string; what: string }
  /** write(2)s of whole files (`append`: O_APPEND of text). */
  | {
      call: 'file.write';
      files: ReadonlyArray<{ path: string; content: unknown; append?: boolean }>;
      what: string;
    }
  | { call: 'file.read'; path: string }
  /** Rewrite a text file without the lines that start with `prefix` (libnetwork etchosts.Delete). */
  | { call: 'file.dropLines'; path: string; prefix: string; what: string }
  /** open and read /proc/<pid>/stat: is the process there? */
  | { call: 'proc.stat'; pid: number }
  /** os.RemoveAll of a directory: its files, and a snapshot's writable layer inside it. */
  | { call: 'file.remove'; path: string; what: string }
  | { call: 'fifo.open'; path: string; mode: 'O_WRONLY' | 'O_RDONLY' }
  /** mkdir -p of a directory containers will mount (a volume's `_data`, a bind source). */
  | { call: 'dir.create'; path: string; what: string }
  /** os.RemoveAll of a volume's directory, with the data in it. */
  | { call: 'dir.remove'; path: string; what: string }
  /** Walk a container's writable layer against the image under it (`docker diff`). */
  | {
      call: 'layer.changes';
      upperdir: string;
      lowerdirs: readonly string[];
      mountpoints: readonly string[];
    }
  // ── res: cgroup files (cgroupFiles.ts) and memory the kernel charges (oomKiller.ts) ──
  /** write(2) of a value into one of a cgroup's interface files (runc setting a limit). */
  | { call: 'cgroup.write'; path: string; file: string; value: string }
  /** open and read a file under /sys/fs/cgroup (a limit, memory.events, memory.current). */
  | { call: 'cgroup.read'; path: string }
  /** A process grows its memory (mmap/brk): charged to its cgroup, or the OOM killer acts. */
  | { call: 'memory.charge'; pid: number; bytes: number; child?: boolean; comm?: string }
  /** Recorded as asked, answered `ret` (a return value, or a resolver's answer such as NXDOMAIN). */
  | { call: 'noop'; what: string; ret?: number | string };

const NS_FLAGS: Record<string, NamespaceKind> = {
  CLONE_NEWNS: 'mnt',
  CLONE_NEWUTS: 'uts',
  CLONE_NEWIPC: 'ipc',
  CLONE_NEWPID: 'pid',
  CLONE_NEWNET: 'net',
  CLONE_NEWCGROUP: 'cgroup',
};

/**
 * The kernel boundary. It answers syscalls with their real return values
 * (a PID for clone3, 0 for success, -ESRCH for a gone process) and keeps the
 * host's view: processes with their namespaces, cgroups, veths and NAT rules.
 */
/**
 * What processes tell the kernel without waiting for an answer: exit_group(2)
 * never returns, so the shim's exit is a one-way message. init reaps the shim (its
 * parent since the start process exited), which DockScope does not draw.
 */
export function kernelReceiver(host: Host) {
  return (m: Message): void => {
    const req = m.request as { call?: string; pid?: number } | undefined;
    if (req?.call !== 'exit_group' || req.pid === undefined) return;
    if (contextOf<KernelState>(host.kernel).processes[req.pid])
      commit(host.kernel, { type: 'process.exited', pid: req.pid });
  };
}

export function kernelHandler(host: Host) {
  /** Writers blocked in open(2) on a FIFO nobody has opened for reading yet, by path. */
  const fifoWriters = new Map<string, Signal<void>>();
  return (inbound: Inbound): Reply | Task<Reply> => {
    const req = inbound.request as SyscallRequest;
    if (req.call === 'fifo.open') return openFifo(fifoWriters, req.path, req.mode);
    const k = contextOf<KernelState>(host.kernel);
    switch (req.call) {
      case 'clone3': {
        const pid = k.nextPid;
        const namespaces: Partial<Record<NamespaceKind, number>> = {};
        let inode = k.nextInode;
        for (const f of req.flags) {
          const kind = NS_FLAGS[f];
          if (kind) namespaces[kind] = inode++;
        }
        commit(host.kernel, {
          type: 'process.spawned',
          process: {
            pid,
            ppid: req.ppid,
            argv: req.argv,
            containerId: req.containerId,
            namespaces,
            stdin: req.stdin ?? '/dev/null',
          },
        });
        // The container's stdin: what its shim writes waits in the pipe for the program.
        const containerId = req.containerId;
        host.net.receive(containerNodeId(containerId), (m) => {
          if (m.operation !== 'stdin' || m.kind !== 'stream') return;
          const input = m.request as { text?: string; eof?: boolean; execId?: string };
          // An exec's input goes to its own process's pipe or pty, not PID 1's.
          host.pipes.write(input.execId ?? containerId, input.eof ? undefined : (input.text ?? ''));
        });
        return {
          status: pid,
          body: { pid, namespaces },
          summary: `the kernel creates PID ${pid} in new namespaces`,
        };
      }
      case 'setns': {
        const init = k.processes[req.initPid];
        if (!init) return { status: -3, summary: `ESRCH: the container's PID 1 has exited` };
        const pid = k.nextPid;
        commit(host.kernel, {
          type: 'process.spawned',
          process: {
            pid,
            ppid: req.ppid,
            argv: req.argv,
            containerId: req.containerId,
            execId: req.execId,
            // The same namespaces as the container's PID 1: the same inode numbers.
            namespaces: { ...init.namespaces },
            stdin: req.stdin ?? '/dev/null',
          },
        });
        return {
          status: pid,
          body: { pid, namespaces: init.namespaces },
          summary: `PID ${pid} is now in the namespaces of PID ${req.initPid}; no new namespace was made`,
        };
      }
      case 'spawn': {
        const pid = k.nextPid;
        commit(host.kernel, {
          type: 'process.spawned',
          process: { pid, ppid: req.ppid, argv: req.argv },
        });
        return { status: pid, body: { pid }, summary: `process ${pid} started` };
      }
      case 'terminate':
        if (!k.processes[req.pid]) return { status: -3, summary: 'ESRCH: no such process' };
        commit(host.kernel, { type: 'process.exited', pid: req.pid });
        return { status: 0, summary: `PID ${req.pid} terminated` };
      case 'cgroup.create':
        commit(host.kernel, { type: 'cgroup.created', path: req.path });
        // ── res: the file runc wrote to (cgroupFiles.ts keeps the rest) ──
        commit(host.kernel, {
          type: 'cgroup.written',
          path: req.path,
          file: 'cgroup.procs',
          value: String(req.pid),
        });
        return {
          status: 0,
          summary: 'cgroup created; the process is now accounted and limited there',
        };
      case 'cgroup.join':
        return { status: 0, summary: `PID ${req.pid} moved into ${req.path}` };
      case 'cgroup.remove':
        commit(host.kernel, { type: 'cgroup.removed', path: req.path });
        return { status: 0, summary: 'cgroup removed' };
      case 'execve': {
        if (!k.processes[req.pid]) return { status: -3, summary: 'ESRCH: no such process' };
        const proc = k.processes[req.pid]!;
        commit(host.kernel, { type: 'process.exec', pid: req.pid, argv: req.argv });
        // The new program runs once the call is done (runc init's record of it, then the program).
        if (proc.containerId !== undefined) {
          const containerId = proc.containerId;
          // Its output goes to the FIFOs whose reader is the daemon that holds the container
          // (a second dockerd's on this machine, maybe); DockScope models no open(2) of the
          // FIFO, so the machine names that daemon.
          host.scheduler.at(host.scheduler.now, () =>
            startProgram(host.daemonOf(containerId), {
              containerId,
              ...(proc.execId !== undefined ? { execId: proc.execId } : {}),
              pid: req.pid,
              argv: req.argv,
              env: req.env,
              tty: proc.stdin === 'pty',
              cwd: req.cwd ?? '/',
              ...(req.user ? { uid: req.user.uid, gid: req.user.gid } : {}),
            }),
          );
        }
        return { status: 0, summary: `PID ${req.pid} now runs ${req.argv[0] ?? ''}` };
      }
      case 'kill': {
        const receive = k.processes[req.pid] && host.processes.receiverOf(req.pid);
        if (!receive) return { status: -3, summary: 'ESRCH: the process has already exited' };
        // Delivered after the syscall returns, so the caller sees 0 first.
        host.scheduler.at(host.scheduler.now, () => receive(req.signal));
        return { status: 0, summary: `${req.signal} delivered to PID ${req.pid}` };
      }
      case 'netdev.add':
        if (req.address && req.containerId)
          host.namespaces.linkAdded(req.containerId, {
            veth: req.name,
            address: req.address,
            mac: req.mac ?? '',
            ifname: req.ifname ?? 'eth0',
            bridge: req.master ?? '',
          });
        commit(host.kernel, {
          type: 'netdev.added',
          name: req.name,
          kind: req.kind,
          master: req.master,
          containerId: req.containerId,
          address: req.address,
          mac: req.mac,
        });
        return {
          status: 0,
          summary:
            req.kind === 'bridge'
              ? `bridge ${req.name} is up with ${req.address ?? ''}`
              : `${req.name} attached to ${req.master ?? ''}`,
        };
      case 'netdev.remove': {
        const owner = k.netdevs[req.name]?.containerId;
        if (owner) host.namespaces.linkRemoved(owner, req.name);
        commit(host.kernel, { type: 'netdev.removed', name: req.name });
        return { status: 0, summary: `${req.name} deleted` };
      }
      case 'nat.add':
        commit(host.kernel, { type: 'nat.added', key: req.key, target: req.target });
        return { status: 0, summary: `DNAT ${req.key} → ${req.target}` };
      case 'nat.remove':
        commit(host.kernel, { type: 'nat.removed', key: req.key });
        return { status: 0, summary: `DNAT rule for ${req.key} removed` };
      case 'mount':
        host.namespaces.mounted(req.target, {
          source: req.source,
          fstype: req.fstype,
          options: req.options ?? [],
        });
        return {
          status: 0,
          summary: `${req.fstype} mounted at ${req.target}`,
        };
      case 'umount': {
        const owner = host.namespaces.unmounted(req.target);
        // The container's root is gone, and its mount namespace with it: so is every tmpfs in it.
        if (owner !== undefined) host.dirs.removeAll(tmpfsRoot(owner, ''));
        return { status: 0, summary: `${req.target} unmounted` };
      }
      case 'mount.root':
        host.namespaces.rootBound(req.containerId, req.target);
        return { status: 0, summary: req.what };
      case 'mount.spec':
        host.namespaces.specMounted(req.containerId, req.mounts);
        // Each tmpfs is new memory: what an earlier run of the container wrote there is gone.
        for (const m of req.mounts) {
          if (m.type !== 'tmpfs') continue;
          host.dirs.removeAll(tmpfsRoot(req.containerId, m.destination));
          host.dirs.mkdirAll(tmpfsRoot(req.containerId, m.destination));
        }
        return { status: 0, summary: req.what };
      case 'sethostname':
        host.namespaces.hostnameSet(req.containerId, req.hostname);
        return { status: 0, summary: req.what };
      case 'file.write':
        for (const f of req.files) {
          if (f.append) host.files.append(f.path, String(f.content));
          else host.files.write(f.path, f.content);
        }
        return { status: 0, summary: req.what };
      case 'file.dropLines': {
        const text = host.files.read(req.path);
        if (typeof text === 'string')
          host.files.write(
            req.path,
            text
              .split(/(?<=\n)/)
              .filter((l) => !l.startsWith(req.prefix))
              .join(''),
          );
        return { status: 0, summary: req.what };
      }
      case 'proc.stat': {
        const p = k.processes[req.pid];
        return p
          ? {
              status: 0,
              body: { pid: req.pid, argv: p.argv },
              summary: `PID ${req.pid} is running`,
            }
          : { status: -2, summary: `ENOENT: PID ${req.pid} has exited` };
      }
      case 'file.read': {
        const content = host.files.read(req.path);
        return content === undefined
          ? { status: -2, summary: `ENOENT: no ${req.path}` }
          : { status: 0, body: { content }, summary: `${req.path} read` };
      }
      case 'file.remove':
        host.files.removeDir(req.path);
        host.rwLayers.removedUnder(req.path);
        return { status: 0, summary: req.what };
      case 'dir.create':
        host.dirs.mkdirAll(req.path);
        return { status: 0, summary: req.what };
      case 'dir.remove':
        host.dirs.removeAll(req.path);
        return { status: 0, summary: req.what };
      case 'layer.changes': {
        const changes = layerChanges(host, req.upperdir, req.lowerdirs, req.mountpoints);
        return {
          status: 0,
          body: { changes },
          summary: `${changes.length} change${changes.length === 1 ? '' : 's'} in the writable layer`,
        };
      }
      case 'noop':
        return { status: req.ret ?? 0, summary: req.what };
      // ── res ──
      case 'cgroup.write':
      case 'cgroup.read':
      case 'memory.charge':
        return cgroupCall(host, req);
    }
  };
}

/**
 * open(2) on a FIFO blocks until the other end is opened too. runc init opens
 * `exec.fifo` for writing and sleeps there after `runc create`; `runc start`
 * opening it for reading wakes it. A writer whose process is killed while it
 * waits (runc delete of a created container) never gets an answer.
 */
function* openFifo(
  writers: Map<string, Signal<void>>,
  path: string,
  mode: 'O_WRONLY' | 'O_RDONLY',
): Task<Reply> {
  if (mode === 'O_WRONLY') {
    const reader = new Signal<void>();
    writers.set(path, reader);
    yield* wait(reader);
    return {
      // open(2) returns a file descriptor; which number is not modelled.
      status: 'fd',
      summary:
        'runc start opened the other end: the open returns; init writes "0" and goes on to execve',
    };
  }
  const writer = writers.get(path);
  writers.delete(path);
  writer?.resolve();
  return {
    status: 'fd',
    summary: writer
      ? 'both ends are open: runc init wakes up; runc start reads its "0" and exits'
      : 'opened',
  };
}
