/**
 * A container's resource limits on dockerd's side (moby v28.2.2): what the create and
 * update routes read from `HostConfig`, the checks of daemon_unix.go's
 * verifyPlatformContainerResources, the defaults of adaptContainerSettings, what
 * inspect shows, and the spec's `linux.resources` and `process.rlimits`
 * (oci_linux.go WithResources, withRlimits; daemon_unix.go getMemoryResources,
 * getCPUResources, getPidsLimit).
 */
import { invalid } from './errors';
import { ENGINE } from './routes/system';
import type { OciSpec } from './ociSpec';

export interface Ulimit {
  Name: string;
  Hard: number;
  Soft: number;
}

/** The fields of Go's `container.Resources` DockScope carries, as dockerd keeps them. */
export interface ContainerResources {
  CpuShares: number;
  Memory: number;
  NanoCpus: number;
  CpuPeriod: number;
  CpuQuota: number;
  CpusetCpus: string;
  MemoryReservation: number;
  MemorySwap: number;
  /** null: not set (the router turns 0 and negatives into null at create). */
  PidsLimit: number | null;
  Ulimits: Ulimit[];
}

export const NO_LIMITS: ContainerResources = Object.freeze({
  CpuShares: 0,
  Memory: 0,
  NanoCpus: 0,
  CpuPeriod: 0,
  CpuQuota: 0,
  CpusetCpus: '',
  MemoryReservation: 0,
  MemorySwap: 0,
  PidsLimit: null,
  Ulimits: Object.freeze([]) as unknown as Ulimit[],
});

/** The request's HostConfig fields this file reads (decoded, types checked). */
export interface ResourceFields {
  CpuShares?: number;
  Memory?: number;
  NanoCpus?: number;
  CpuPeriod?: number;
  CpuQuota?: number;
  CpusetCpus?: string;
  MemoryReservation?: number;
  MemorySwap?: number;
  PidsLimit?: number | null;
  Ulimits?: Array<{ Name?: string; Hard?: number; Soft?: number }> | null;
}

/** The resource fields of a request, as Go's decoder leaves them (absent: zero). */
export function resourcesOf(hc: ResourceFields | null | undefined): ContainerResources {
  if (!hc) return NO_LIMITS;
  return {
    CpuShares: hc.CpuShares ?? 0,
    Memory: hc.Memory ?? 0,
    NanoCpus: hc.NanoCpus ?? 0,
    CpuPeriod: hc.CpuPeriod ?? 0,
    CpuQuota: hc.CpuQuota ?? 0,
    CpusetCpus: hc.CpusetCpus ?? '',
    MemoryReservation: hc.MemoryReservation ?? 0,
    MemorySwap: hc.MemorySwap ?? 0,
    PidsLimit: hc.PidsLimit ?? null,
    Ulimits: (hc.Ulimits ?? []).map((u) => ({
      Name: u.Name ?? '',
      Hard: u.Hard ?? 0,
      Soft: u.Soft ?? 0,
    })),
  };
}

/** moby daemon_unix.go linuxMinMemory: 6 MiB, "to account for overhead during startup". */
const LINUX_MIN_MEMORY = 6291456;

/**
 * verifyPlatformContainerResources for the fields DockScope carries, in moby's order, on a
 * cgroup v2 host with every controller (no "your kernel does not support" warnings). Throws
 * dockerd's error (InvalidParameter: 400).
 */
export function verifyResources(r: ContainerResources, update: boolean): void {
  if (r.Memory !== 0 && r.Memory < LINUX_MIN_MEMORY)
    throw invalid('Minimum memory limit allowed is 6MB');
  if (r.Memory > 0 && r.MemorySwap > 0 && r.MemorySwap < r.Memory)
    throw invalid('Minimum memoryswap limit should be larger than memory limit, see usage');
  if (r.Memory === 0 && r.MemorySwap > 0 && !update)
    throw invalid('You should always set the Memory limit when using Memoryswap limit, see usage');
  if (r.MemoryReservation > 0 && r.MemoryReservation < LINUX_MIN_MEMORY)
    throw invalid('Minimum memory reservation allowed is 6MB');
  if (r.Memory > 0 && r.MemoryReservation > 0 && r.Memory < r.MemoryReservation)
    throw invalid('Minimum memory limit can not be less than memory reservation limit, see usage');
  if (r.NanoCpus > 0 && r.CpuPeriod > 0)
    throw invalid('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (r.NanoCpus > 0 && r.CpuQuota > 0)
    throw invalid('Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  const n = ENGINE.cpus;
  if (r.NanoCpus !== 0 && (r.NanoCpus < 0 || r.NanoCpus > n * 1e9))
    throw invalid(`range of CPUs is from 0.01 to ${n}.00, as there are only ${n} CPUs available`);
  const cpuset = cpusetError(r.CpusetCpus, n);
  if (cpuset) throw invalid(cpuset);
}

/** sysinfo IsCpusetCpusAvailable against the host's CPUs `0-(n-1)`. */
function cpusetError(requested: string, n: number): string | undefined {
  if (requested === '') return undefined;
  const bad = `Invalid value ${requested} for cpuset cpus: invalid format: ${requested}`;
  const wanted: number[] = [];
  for (const part of requested.split(',')) {
    const dash = part.indexOf('-');
    const nums = dash === -1 ? [part] : [part.slice(0, dash), part.slice(dash + 1)];
    if (!nums.every((x) => /^[+-]?\d+$/.test(x))) return bad;
    const [lo, hi = lo] = nums.map(Number) as [number, number?];
    if (hi < lo) return bad;
    if (hi > 8192)
      return `Invalid value ${requested} for cpuset cpus: value of out range, maximum is 8192`;
    for (let i = lo; i <= hi; i++) wanted.push(i);
  }
  if (wanted.some((c) => c < 0 || c >= n))
    return `Requested CPUs are not available - requested ${requested}, available: 0-${n - 1}`;
  return undefined;
}

/**
 * What dockerd stores at create: the router drops a PidsLimit of 0 or less (null: none), and
 * adaptContainerSettings makes MemorySwap twice Memory when only Memory was given.
 */
export function createdResources(r: ContainerResources): ContainerResources {
  return {
    ...r,
    PidsLimit: r.PidsLimit !== null && r.PidsLimit <= 0 ? null : r.PidsLimit,
    MemorySwap: r.Memory > 0 && r.MemorySwap === 0 ? r.Memory * 2 : r.MemorySwap,
  };
}

/** The Resources part of inspect's HostConfig that differs from the unset defaults. */
export function inspectResources(r: ContainerResources | undefined) {
  const x = r ?? NO_LIMITS;
  return {
    CpuShares: x.CpuShares,
    Memory: x.Memory,
    NanoCpus: x.NanoCpus,
    CpuPeriod: x.CpuPeriod,
    CpuQuota: x.CpuQuota,
    CpusetCpus: x.CpusetCpus,
    MemoryReservation: x.MemoryReservation,
    MemorySwap: x.MemorySwap,
    PidsLimit: x.PidsLimit,
    Ulimits: x.Ulimits,
  };
}

export type LinuxResources = NonNullable<OciSpec['linux']['resources']>;

/**
 * The spec's `linux.resources` memory, cpu and pids parts (getMemoryResources,
 * getCPUResources, getPidsLimit): set fields only; `--cpus` becomes a quota over a
 * 100 ms period.
 */
export function specResources(r: ContainerResources | undefined): Partial<LinuxResources> {
  if (!r) return {};
  const out: Partial<LinuxResources> = {};
  const memory: NonNullable<LinuxResources['memory']> = {};
  if (r.Memory > 0) memory.limit = r.Memory;
  if (r.MemoryReservation > 0) memory.reservation = r.MemoryReservation;
  if (r.MemorySwap > 0) memory.swap = r.MemorySwap;
  // No disableOOMKiller: start's verify drops OomKillDisable on cgroup v2 (no such knob there).
  if (Object.keys(memory).length) out.memory = memory;
  const cpu: NonNullable<LinuxResources['cpu']> = {};
  if (r.CpuShares > 0) cpu.shares = r.CpuShares;
  if (r.CpusetCpus !== '') cpu.cpus = r.CpusetCpus;
  if (r.NanoCpus > 0) {
    cpu.period = 100000;
    cpu.quota = Math.trunc((r.NanoCpus * 100000) / 1e9);
  }
  if (r.CpuPeriod !== 0) cpu.period = r.CpuPeriod;
  if (r.CpuQuota !== 0) cpu.quota = r.CpuQuota;
  if (Object.keys(cpu).length) out.cpu = cpu;
  if (r.PidsLimit !== null) out.pids = { limit: r.PidsLimit <= 0 ? -1 : r.PidsLimit };
  return out;
}

/** withRlimits: one `RLIMIT_<NAME>` per --ulimit; none at all without them. */
export function specRlimits(
  r: ContainerResources | undefined,
): Array<{ type: string; hard: number; soft: number }> | undefined {
  if (!r?.Ulimits.length) return undefined;
  return r.Ulimits.map((u) => ({
    type: `RLIMIT_${u.Name.toUpperCase()}`,
    hard: u.Hard,
    soft: u.Soft,
  }));
}

/**
 * container.UpdateContainer: the fields the update gives (non-zero; PidsLimit when not
 * null) replace the kept ones, after its conflict checks. Throws the message moby wraps
 * as "Cannot update container <id>: …".
 */
export function mergeUpdate(kept: ContainerResources, u: ContainerResources): ContainerResources {
  if (u.NanoCpus > 0 && kept.CpuPeriod > 0)
    throw new Error(
      'Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set',
    );
  if (u.NanoCpus > 0 && kept.CpuQuota > 0)
    throw new Error(
      'Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set',
    );
  if (u.CpuPeriod > 0 && kept.NanoCpus > 0)
    throw new Error(
      'Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set',
    );
  if (u.CpuQuota > 0 && kept.NanoCpus > 0)
    throw new Error(
      'Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set',
    );
  if (u.Memory !== 0 && u.Memory > kept.MemorySwap && u.MemorySwap === 0)
    throw new Error(
      'Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time',
    );
  return {
    ...kept,
    CpuShares: u.CpuShares || kept.CpuShares,
    NanoCpus: u.NanoCpus || kept.NanoCpus,
    CpuPeriod: u.CpuPeriod || kept.CpuPeriod,
    CpuQuota: u.CpuQuota || kept.CpuQuota,
    CpusetCpus: u.CpusetCpus || kept.CpusetCpus,
    Memory: u.Memory || kept.Memory,
    MemorySwap: u.MemorySwap || kept.MemorySwap,
    MemoryReservation: u.MemoryReservation || kept.MemoryReservation,
    PidsLimit: u.PidsLimit ?? kept.PidsLimit,
  };
}
