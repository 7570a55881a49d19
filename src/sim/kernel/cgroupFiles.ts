/**
 * A container's cgroup v2 directory as the kernel keeps it: the interface files runc writes
 * the limits into (memory.max, memory.swap.max, memory.low, cpu.max, cpu.weight, pids.max,
 * cpuset.cpus) and the counters the kernel itself keeps (memory.current, memory.events,
 * pids.current). Values are the text a `cat` of the file prints, without its newline.
 */

import { dict } from '../core/records';

/** A new cgroup's files: no limits (`max`), the default weight, nothing charged yet. */
export function freshCgroup(): Record<string, string> {
  return {
    'cgroup.procs': '',
    'cpu.max': 'max 100000',
    'cpu.weight': '100',
    'cpuset.cpus': '',
    'memory.current': '0',
    'memory.events': memoryEvents({}),
    'memory.low': '0',
    'memory.max': 'max',
    'memory.swap.max': 'max',
    'pids.current': '0',
    'pids.max': 'max',
  };
}

/** memory.events on Linux 6.8: one `name count` line per event, in the kernel's order. */
export function memoryEvents(counts: Readonly<Record<string, number>>): string {
  return ['low', 'high', 'max', 'oom', 'oom_kill', 'oom_group_kill']
    .map((k) => `${k} ${counts[k] ?? 0}`)
    .join('\n');
}

/** memory.events read back into counts. */
export function eventCounts(text: string): Record<string, number> {
  const out = dict<number>();
  for (const line of text.split('\n')) {
    const [k, v] = line.split(' ');
    if (k) out[k] = Number(v ?? 0);
  }
  return out;
}

/** A limit file's value as a number of bytes (or pids); `max` is none. */
export function limitOf(value: string | undefined): number {
  return value === undefined || value === 'max' || value === '' ? Infinity : Number(value);
}

/** runc's cgroups.ConvertCPUSharesToCgroupV2Value: shares 2…262144 onto weight 1…10000. */
export function sharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** The spec's linux.resources parts runc turns into files (a subset of runtime-spec's). */
export interface SpecLimits {
  memory?: { limit?: number; reservation?: number; swap?: number };
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string };
  pids?: { limit: number };
}

/** libcontainer fs2 numToStr: 0 is "leave it", -1 is `max`. */
const numToStr = (v: number | undefined): string =>
  v === undefined || v === 0 ? '' : v === -1 ? 'max' : String(v);

/**
 * The writes runc's cgroup v2 manager makes for a spec's resources, in libcontainer
 * fs2.Set's order: setPids, setMemory (swap first, as memory+swap minus memory, then
 * memory.max, then memory.low), setCpu (weight from shares, then cpu.max), setCpuset.
 */
export function cgroupWrites(r: SpecLimits | undefined): Array<{ file: string; value: string }> {
  const out: Array<{ file: string; value: string }> = [];
  if (!r) return out;
  const pids = numToStr(r.pids?.limit);
  if (pids) out.push({ file: 'pids.max', value: pids });
  const m = r.memory;
  if (m && (m.limit || m.swap || m.reservation)) {
    const limit = m.limit ?? 0;
    const swap = m.swap ?? 0;
    // ConvertMemorySwapToCgroupV2Value: memory.swap.max holds the swap alone.
    const swapOnly = swap === -1 || swap === 0 || limit === -1 ? swap : swap - limit;
    let swapStr = numToStr(swapOnly);
    if (swapStr === '' && swapOnly === 0 && swap > 0) swapStr = '0';
    if (swapStr) out.push({ file: 'memory.swap.max', value: swapStr });
    const max = numToStr(limit);
    if (max) out.push({ file: 'memory.max', value: max });
    const low = numToStr(m.reservation);
    if (low) out.push({ file: 'memory.low', value: low });
  }
  const c = r.cpu;
  if (c) {
    if (c.shares) out.push({ file: 'cpu.weight', value: String(sharesToWeight(c.shares)) });
    if (c.quota || c.period) {
      const quota = c.quota && c.quota > 0 ? String(c.quota) : 'max';
      out.push({ file: 'cpu.max', value: `${quota} ${c.period || 100000}` });
    }
    if (c.cpus) out.push({ file: 'cpuset.cpus', value: c.cpus });
  }
  return out;
}
