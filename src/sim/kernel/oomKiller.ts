/**
 * The kernel's side of cgroup v2 memory control: writes and reads of a cgroup's files,
 * and memory a process charges to its cgroup. When a charge would take memory.current
 * past memory.max (or past the host's memory when the cgroup has no limit), the OOM
 * killer ends the process with SIGKILL, counts it in memory.events, and the change of
 * memory.events wakes whoever watches the file: the container's shim (inotify).
 * DockScope's host has no swap, so memory.max is where the kill happens.
 */
import type { Host } from '../host';
import type { Reply } from '../core/network';
import { commit, contextOf } from '../core/actors';
import { shimId } from '../core/types';
import type { KernelState } from './kernelMachine';
import type { SyscallRequest } from './kernelServer';
import { eventCounts, limitOf, memoryEvents } from './cgroupFiles';
import { aboutContainer } from '../trace/operations';
import { ENGINE } from '../dockerd/routes/system';

/** A container's cgroup directory (the systemd driver's `system.slice:docker:<id>`). */
export function cgroupDirOf(host: Host, containerId: string): string {
  const [slice, prefix, name] = host.cgroupOf(containerId).split(':');
  return `/sys/fs/cgroup/${slice}/${prefix}-${name}.scope`;
}

const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;

export function cgroupCall(
  host: Host,
  req: Extract<SyscallRequest, { call: 'cgroup.write' | 'cgroup.read' | 'memory.charge' }>,
): Reply {
  const k = contextOf<KernelState>(host.kernel);
  switch (req.call) {
    case 'cgroup.write': {
      if (!k.cgroups[req.path]) return { status: -2, summary: `ENOENT: no cgroup ${req.path}` };
      commit(host.kernel, {
        type: 'cgroup.written',
        path: req.path,
        file: req.file,
        value: req.value,
      });
      return { status: 0, summary: `${req.file} is now ${req.value}` };
    }
    case 'cgroup.read': {
      const slash = req.path.lastIndexOf('/');
      const dir = req.path.slice(0, slash);
      const files = k.cgroups[dir];
      const value = files
        ? (liveValue(host, k, dir, req.path.slice(slash + 1)) ?? files[req.path.slice(slash + 1)])
        : undefined;
      if (value === undefined)
        return { status: -2, summary: `ENOENT: ${req.path}: No such file or directory` };
      return {
        status: 0,
        body: { content: value === '' ? '' : `${value}\n` },
        summary: `${req.path.slice(slash + 1)}: ${value.replace(/\n/g, ', ') || '(empty)'}`,
      };
    }
    case 'memory.charge':
      return charge(host, k, req.pid, req.bytes, !!req.child, req.comm);
  }
}

/** The files the kernel fills from its process table when read: who is in the cgroup. */
function liveValue(host: Host, k: KernelState, dir: string, file: string): string | undefined {
  if (file !== 'cgroup.procs' && file !== 'pids.current') return undefined;
  const pids = Object.values(k.processes)
    .filter((p) => p.containerId !== undefined && cgroupDirOf(host, p.containerId) === dir)
    .map((p) => p.pid)
    .sort((a, b) => a - b);
  return file === 'pids.current' ? String(pids.length) : pids.join('\n');
}

/** Charge `bytes` more to the process's cgroup, or run the OOM killer on it. */
function charge(
  host: Host,
  k: KernelState,
  pid: number,
  bytes: number,
  child: boolean,
  /** The program's name (its comm): the shell's exec'd or forked tail, not the argv runc started. */
  comm?: string,
): Reply {
  const proc = k.processes[pid];
  if (!proc?.containerId) return { status: -3, summary: 'ESRCH: no such process' };
  const containerId = proc.containerId;
  const dir = cgroupDirOf(host, containerId);
  const files = k.cgroups[dir];
  if (!files) return { status: 0, summary: `${mib(bytes)} more for PID ${pid}` };
  const current = Number(files['memory.current'] ?? 0);
  const limit = limitOf(files['memory.max']);
  const bound = Math.min(limit, ENGINE.memTotal);
  if (current + bytes <= bound) {
    commit(host.kernel, {
      type: 'cgroup.written',
      path: dir,
      file: 'memory.current',
      value: String(current + bytes),
    });
    return {
      status: 0,
      summary: `charged: memory.current is ${mib(current + bytes)} of ${limit === Infinity ? 'no limit' : mib(limit)}`,
    };
  }
  // Out of memory. In the cgroup (its memory.max reached, reclaim freed nothing: no swap)
  // memory.events counts max, oom and oom_kill; a host-wide OOM counts only the kill.
  const inCgroup = limit <= ENGINE.memTotal;
  const counts = eventCounts(files['memory.events'] ?? '');
  if (inCgroup) {
    counts.max = (counts.max ?? 0) + 1;
    counts.oom = (counts.oom ?? 0) + 1;
  }
  counts.oom_kill = (counts.oom_kill ?? 0) + 1;
  commit(host.kernel, {
    type: 'cgroup.written',
    path: dir,
    file: 'memory.events',
    value: memoryEvents(counts),
  });
  // The killed process's memory is freed as it exits.
  commit(host.kernel, { type: 'cgroup.written', path: dir, file: 'memory.current', value: '0' });
  // A hog the shell forked dies alone (DockScope runs it inside the shell's process).
  const receive = child ? undefined : host.processes.receiverOf(pid);
  if (receive) host.scheduler.at(host.scheduler.now, () => receive('SIGKILL'));
  host.net.send('kernel', {
    to: shimId(containerId),
    protocol: 'syscall',
    kind: 'event',
    operation: 'inotify: IN_MODIFY memory.events',
    op: 'kernel.cgroup.events',
    subjects: aboutContainer(containerId),
    request: { path: `${dir}/memory.events`, oomKill: counts.oom_kill },
    summary: `memory.events changed (oom_kill ${counts.oom_kill}): the shim watches this file with inotify`,
  });
  const name = comm ?? proc.argv[0]?.split('/').pop() ?? '';
  const who = child ? `a child of PID ${pid} (${name})` : `process ${pid} (${name})`;
  return {
    status: 'SIGKILL',
    summary: inCgroup
      ? `Memory cgroup out of memory: Killed ${who}: memory.max is ${mib(limit)}`
      : `Out of memory: Killed ${who}: the host's memory is used up`,
  };
}
