/**
 * containerd-shim-runc-v2's Task.Stats on cgroup v2: it reads the container's cgroup files
 * and answers with cgroup v2 metrics (containerd's cgroups/v3 cgroup2 Manager.Stat).
 * DockScope reads the four files `docker stats` needs; the kernel keeps no CPU time, no
 * network or block I/O counters for simulated programs, so those read as zero.
 */
import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import { aboutContainer } from '../trace/operations';
import { cgroupDirOf } from '../kernel/oomKiller';
import { eventCounts } from '../kernel/cgroupFiles';

const FILES = ['memory.current', 'memory.max', 'pids.current', 'memory.events'] as const;

export function* shimStats(host: Host, inbound: Inbound, containerId: string): Task<Reply> {
  const dir = cgroupDirOf(host, containerId);
  const read: Record<string, string> = {};
  for (const file of FILES) {
    const r = yield* inbound.call<{ content?: string }>({
      to: 'kernel',
      protocol: 'syscall',
      operation: `read ${dir}/${file}`,
      op: 'kernel.cgroup.read',
      subjects: aboutContainer(containerId),
      request: { call: 'cgroup.read', path: `${dir}/${file}` },
      summary: `the shim reads ${file}`,
    });
    read[file] = String(r.body?.content ?? '').trim();
  }
  const limit = read['memory.max'] === 'max' ? 0 : Number(read['memory.max'] ?? 0);
  const events = eventCounts(read['memory.events'] ?? '');
  return {
    status: 'OK',
    body: {
      stats: {
        pids: { current: Number(read['pids.current'] ?? 0), limit: 0 },
        cpu: { usage_usec: 0, user_usec: 0, system_usec: 0 },
        memory: { usage: Number(read['memory.current'] ?? 0), usage_limit: limit },
        memory_events: {
          max: events.max ?? 0,
          oom: events.oom ?? 0,
          oom_kill: events.oom_kill ?? 0,
        },
      },
    },
    summary: `memory.current ${read['memory.current']}, memory.max ${read['memory.max']}`,
  };
}
