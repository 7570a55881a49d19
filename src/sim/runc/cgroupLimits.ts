/**
 * runc writing a container's limits into its cgroup v2 files (libcontainer's fs2 manager,
 * which the systemd driver also calls after it has set the unit's properties): one
 * write(2) per file, in fs2.Set's order. `runc create` does it once the process is in
 * the cgroup; `runc update` does it again with the new values.
 */
import type { Op } from '../core/types';
import type { Task } from '../core/scheduler';
import type { Reply } from '../core/network';
import type { SyscallRequest } from '../kernel/kernelServer';
import { cgroupWrites, sharesToWeight, type SpecLimits } from '../kernel/cgroupFiles';

type Sys = (op: Op, operation: string, request: SyscallRequest, summary: string) => Task<Reply>;

/** `150000 100000` → `1.5`. */
const cpusOf = (cpuMax: string): string => {
  const [quota = 'max', period = '100000'] = cpuMax.split(' ');
  return quota === 'max' ? 'all' : String(Number(quota) / Number(period));
};

/** What each file means, for the trace. */
function why(file: string, value: string, r: SpecLimits): string {
  switch (file) {
    case 'memory.max':
      return `runc sets the memory limit: past ${value} bytes, and with nothing left to reclaim, the kernel's OOM killer ends a process of this cgroup`;
    case 'memory.swap.max':
      return value === 'max'
        ? 'runc allows unlimited swap (--memory-swap -1)'
        : `runc sets the swap limit: the spec's memory.swap (memory + swap, ${r.memory?.swap ?? 0}) minus memory.max`;
    case 'memory.low':
      return 'runc sets the soft limit (--memory-reservation): memory under memory.low is protected from reclaim';
    case 'cpu.weight':
      return `runc converts the spec's cpu.shares ${r.cpu?.shares ?? 0} to a cgroup v2 weight (1 + (shares − 2) × 9999 / 262142 = ${sharesToWeight(r.cpu?.shares ?? 0)}): a share of CPU time only when CPUs are busy`;
    case 'cpu.max':
      return `runc sets the CPU bandwidth: "${value}" is a quota of CPU time in microseconds per period, so at most ${cpusOf(value)} CPUs' worth of time`;
    case 'pids.max':
      return value === 'max'
        ? 'runc lifts the limit on the number of processes'
        : `runc limits the cgroup to ${value} processes and threads: fork and clone fail beyond it`;
    case 'cpuset.cpus':
      return `runc pins the cgroup to CPUs ${value}`;
    default:
      return `runc writes ${file}`;
  }
}

export function* writeCgroupLimits(
  sys: Sys,
  dir: string,
  r: SpecLimits | undefined,
): Task<Reply | undefined> {
  for (const { file, value } of cgroupWrites(r)) {
    const reply = yield* sys(
      'kernel.cgroup.write',
      `write ${dir}/${file} "${value}"`,
      { call: 'cgroup.write', path: dir, file, value },
      why(file, value, r ?? {}),
    );
    if (reply.status !== 0) return reply;
  }
  return undefined;
}
