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
import { layerBytes, layerChanges, layerUsage } from './layerChanges';
import { shimSignalReceiver } from '../shim/shimDeath';
import { hostViewAnswer, type HostViewRequest } from './hostView';
import { frozenScopeOf, thawed } from './freezer';
import { cgroupProcs, hostPs, psStyle } from './psTop';
import { archiveExtract, archiveRead, type TarEntry } from './archive';
import { setCredentials, type CredentialsRequest } from './credentials';
import { forgetLinks, netlinkLink, type NetlinkRequest } from './netAdmin';
import { cgroupCall } from './oomKiller';
import { isUserMount } from './containerFiles';

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
      /** ── sec: kinds runc init setns's into instead (`/proc/<pid>/ns/<kind>` of this PID). */
      join?: Partial<Record<NamespaceKind, number>>;
    }
  | { call: 'cgroup.create'; path: string; pid: number }
  // ── sec: runc init's capset/prctl/setuid step ──
  | CredentialsRequest
  | NetlinkRequest
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
  /** `uid`: the sender's user, when it is not root (the learner's bash: only its own processes). */
  | { call: 'kill'; pid: number; signal: string; uid?: number }
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
  // ── storage: overlay2's layer directories (daemon/graphdriver/overlay2 create, ApplyDiff, Remove) ──
  /**
   * mkdir `<home>/<id>` and its diff (work too when it has a parent), the short link
   * `l/<link>` → `../<id>/diff`, the `link` and `lower` files, and for an image layer
   * the tar unpacked into diff; `files`: what dockerd writes into the layer too (layerdb).
   */
  | {
      call: 'overlay2.create';
      home: string;
      id: string;
      link: string;
      lower?: string;
      chainId?: string;
      files?: ReadonlyArray<{ path: string; content: string }>;
      what: string;
    }
  /** mkdir -p of dockerd's own directories and write(2)s of its metadata files (layerdb, imagedb). */
  | {
      call: 'layerdb.write';
      dirs: readonly string[];
      files: ReadonlyArray<{ path: string; content: string }>;
      what: string;
    }
  /** overlay2 Remove: the short link, then os.RemoveAll of `<home>/<id>` (a writable layer's files with it). */
  | { call: 'overlay2.remove'; home: string; id: string; link: string; also?: string; what: string }
  /** os.RemoveAll of a volume's directory, with the data in it. */
  | { call: 'dir.remove'; path: string; what: string }
  /** Walk a container's writable layer against the image under it (`docker diff`). */
  | {
      call: 'layer.changes';
      upperdir: string;
      lowerdirs: readonly string[];
      mountpoints: readonly string[];
    }
  /** du of a snapshot's upperdir (continuity fs.DiskUsage): containerd's Usage of an active snapshot. */
  | {
      call: 'layer.usage';
      upperdir: string;
      lowerdirs: readonly string[];
      /** overlay2's DiffSize (file bytes) instead of a du (whole blocks). */
      bytes?: boolean;
    }
  /** life: a write of 1 (freeze) or 0 (thaw) to a cgroup's `cgroup.freeze` (runc pause / resume). */
  | { call: 'cgroup.freeze'; path: string; frozen: boolean }
  // ── res: cgroup files (cgroupFiles.ts) and memory the kernel charges (oomKiller.ts) ──
  /** write(2) of a value into one of a cgroup's interface files (runc setting a limit). */
  | { call: 'cgroup.write'; path: string; file: string; value: string }
  /** open and read a file under /sys/fs/cgroup (a limit, memory.events, memory.current). */
  | { call: 'cgroup.read'; path: string }
  /** A process grows its memory (mmap/brk): charged to its cgroup, or the OOM killer acts. */
  | { call: 'memory.charge'; pid: number; bytes: number; child?: boolean; comm?: string }
  /** Recorded as asked, answered `ret` (a return value, or a resolver's answer such as NXDOMAIN). */
  | { call: 'noop'; what: string; ret?: number | string }
  // ── host: reads of the host's own view (ps, ip, iptables, ls, cat, lsns on the learner's machine) ──
  | HostViewRequest
  /** iptables commands (`-t <table> -A|-D <chain> …`): the kernel keeps the rules they leave. */
  | { call: 'iptables.apply'; rules: readonly string[]; what: string }
  // ── obs: docker top ──
  | { call: 'cgroup.procs'; path: string; containerId: string }
  | { call: 'ps'; args: string[]; pids: number[] }
  // ── obs: docker cp (`root`: where dockerd mounted a stopped container's root for the copy) ──
  | { call: 'archive.read'; containerId: string; path: string; content: boolean; root?: string }
  | {
      call: 'archive.extract';
      containerId: string;
      dir: string;
      entries: TarEntry[];
      root?: string;
    };

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
    // ── fault: `killed`: a shim ended by a signal (shim/shimDeath.ts) ──
    if ((req?.call !== 'exit_group' && req?.call !== 'killed') || req.pid === undefined) return;
    if (contextOf<KernelState>(host.kernel).processes[req.pid])
      commit(host.kernel, { type: 'process.exited', pid: req.pid });
  };
}

export function kernelHandler(host: Host) {
  /** Writers blocked in open(2) on a FIFO nobody has opened for reading yet, by path. */
  const fifoWriters = new Map<string, Signal<void>>();
  // life: signals for the processes of a frozen cgroup, delivered when it thaws.
  const heldSignals = new Map<string, Array<() => void>>();
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
        // ── sec: a joined namespace is the donor's: the same inode number ──
        for (const [kind, donor] of Object.entries(req.join ?? {}) as Array<
          [NamespaceKind, number]
        >) {
          const inodeOf = k.processes[donor]?.namespaces?.[kind];
          if (inodeOf !== undefined) namespaces[kind] = inodeOf;
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
            started: host.scheduler.now,
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
            started: host.scheduler.now,
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
          process: { pid, ppid: req.ppid, argv: req.argv, started: host.scheduler.now },
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
      // ── life: the cgroup v2 freezer ──
      case 'cgroup.freeze': {
        commit(host.kernel, { type: 'cgroup.frozen', path: req.path, frozen: req.frozen });
        if (!req.frozen) {
          thawed(host, req.path);
          const pending = heldSignals.get(req.path) ?? [];
          heldSignals.delete(req.path);
          for (const deliver of pending) host.scheduler.at(host.scheduler.now, deliver);
        }
        return {
          status: 0,
          summary: req.frozen
            ? 'cgroup.events reads "frozen 1": every process of the cgroup is frozen'
            : 'cgroup.events reads "frozen 0": the processes run again',
        };
      }
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
          // Its output goes (through the shim, which copies its pipes or pty) to the FIFOs
          // whose reader is the daemon that holds the container (a second dockerd's on this
          // machine, maybe); DockScope models no open(2) of the FIFO, so the machine names
          // that daemon.
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
        // ── fault: a user other than root may signal only its own processes (kill(2)'s EPERM) ──
        if (req.uid) {
          const target = k.processes[req.pid];
          if (!target) return { status: -3, summary: 'ESRCH: no such process' };
          const owner = target.uid ?? 0;
          if (owner !== req.uid)
            return {
              status: -1,
              summary: `EPERM: PID ${req.pid} belongs to uid ${owner}; uid ${req.uid} may not signal it`,
            };
        }
        const receive =
          k.processes[req.pid] &&
          (host.processes.receiverOf(req.pid) ??
            // ── fault: a shim's PID takes a signal too (shim/shimDeath.ts) ──
            shimSignalReceiver(host, req.pid));
        if (!receive) return { status: -3, summary: 'ESRCH: the process has already exited' };
        // ── life: a frozen process acts on no signal until its cgroup thaws. SIGKILL still
        // kills it at once (the cgroup v2 freezer lets a fatal signal through); DockScope
        // holds every other signal, where Linux would also let a fatal one without a handler through.
        const owner = k.processes[req.pid]?.containerId;
        const frozenIn = owner === undefined ? undefined : frozenScopeOf(host, owner);
        if (frozenIn && req.signal !== 'SIGKILL') {
          const list = heldSignals.get(frozenIn) ?? [];
          list.push(() => receive(req.signal));
          heldSignals.set(frozenIn, list);
          return {
            status: 0,
            summary: `${req.signal} is pending for PID ${req.pid}: its cgroup is frozen`,
          };
        }
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
        {
          // runc makes each mount point the image lacks (a volume's, a bind's, a tmpfs's)
          // inside the root: in the overlay, that directory is in the writable layer.
          const upper = host.namespaces.of(req.containerId)?.root?.upperdir;
          if (upper)
            for (const m of req.mounts)
              if (isUserMount(m)) host.rwLayers.of(upper).dirs.add(m.destination);
        }
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
      case 'overlay2.create': {
        const dir = `${req.home}/${req.id}`;
        host.dirs.mkdirAll(`${dir}/diff`);
        if (req.lower !== undefined) host.dirs.mkdirAll(`${dir}/work`);
        host.dirs.symlink(`${req.home}/l/${req.link}`, `../${req.id}/diff`);
        host.dirs.write(`${dir}/link`, req.link);
        if (req.lower) host.dirs.write(`${dir}/lower`, req.lower);
        if (req.chainId) host.dirs.layerExtracted(`${dir}/diff`, req.chainId);
        for (const f of req.files ?? []) host.dirs.write(f.path, f.content);
        return { status: 0, summary: req.what };
      }
      case 'layerdb.write':
        for (const d of req.dirs) host.dirs.mkdirAll(d);
        for (const f of req.files) host.dirs.write(f.path, f.content);
        return { status: 0, summary: req.what };
      case 'overlay2.remove': {
        const dir = `${req.home}/${req.id}`;
        host.dirs.removeAll(`${req.home}/l/${req.link}`);
        host.dirs.removeAll(dir);
        host.rwLayers.removedUnder(dir);
        if (req.also) host.dirs.removeAll(req.also);
        return { status: 0, summary: req.what };
      }
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
      case 'layer.usage': {
        const usage = req.bytes
          ? layerBytes(host, req.upperdir, req.lowerdirs)
          : layerUsage(host, req.upperdir, req.lowerdirs, []);
        return {
          status: 0,
          body: usage,
          summary: `${req.upperdir}: ${usage.size} bytes in ${usage.inodes} inode${usage.inodes === 1 ? '' : 's'}`,
        };
      }
      case 'noop':
        return { status: req.ret ?? 0, summary: req.what };
      // ── host: the rules iptables writes, and the host view's reads ──
      case 'iptables.apply':
        commit(host.kernel, {
          type: 'netfilter.changed',
          append: req.rules.filter((r) => / -A /.test(r)),
          remove: req.rules.filter((r) => / -D /.test(r)).map((r) => r.replace(' -D ', ' -A ')),
        });
        return { status: 0, summary: req.what };
      case 'proc.list':
      case 'netdev.list':
      case 'netfilter.list':
      case 'vfs.read':
      case 'vfs.list':
        return hostViewAnswer(host, req);
      // ── obs: docker top ──
      case 'cgroup.procs': {
        const pids = cgroupProcs(host, req.containerId);
        return {
          status: 0,
          body: { pids },
          summary: `${req.path}/cgroup.procs: ${pids.join(' ')}`,
        };
      }
      case 'archive.read':
      case 'archive.extract': {
        // A stopped container's root, mounted by dockerd for the copy, is read as its root.
        if (req.root && !host.namespaces.of(req.containerId)?.root)
          host.namespaces.rootBound(req.containerId, req.root);
        const r =
          req.call === 'archive.read'
            ? archiveRead(host, req.containerId, req.path, req.content)
            : archiveExtract(host, req.containerId, req.dir, req.entries);
        return r.ok
          ? {
              status: 0,
              body: r,
              summary:
                req.call === 'archive.read'
                  ? `${r.stat.name}: ${r.stat.size} bytes`
                  : `extracted into ${r.stat.name}`,
            }
          : { status: r.error === 'missing' ? -2 : -1, body: r, summary: r.detail ?? r.error };
      }
      case 'ps': {
        const style = psStyle(req.args);
        if (!style) return { status: 1, body: { stderr: '' }, summary: 'ps options not simulated' };
        return {
          status: 0,
          body: { stdout: hostPs(host, style, req.pids) },
          summary: `ps printed ${req.pids.length} process${req.pids.length === 1 ? '' : 'es'}`,
        };
      }
      // ── sec ──
      case 'creds.set':
        // A new network namespace starts with no interfaces a process added.
        if (!req.hostKinds.includes('net') && req.joined.net === undefined)
          forgetLinks(host, req.containerId);
        return setCredentials(host, req);
      case 'netlink.link':
        return netlinkLink(host, req);
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
