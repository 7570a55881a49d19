/**
 * The resource flags of `docker run`/`create`/`update` as docker/cli 28.2 reads them:
 * `-m/--memory`, `--memory-reservation` (opts.MemBytes), `--memory-swap`
 * (opts.MemSwapBytes: -1 or a size), `--cpus` (opts.NanoCPUs, a rational number),
 * `-c/--cpu-shares`, `--cpuset-cpus`, `--pids-limit` and `--ulimit` (opts.UlimitOpt).
 * The typed ones fail in pflag's Set, so their errors come out of flag parsing
 * (`invalid argument "foo" for "-m, --memory" flag: invalid size: 'foo'`).
 */
import type { FlagValues } from '../flags';
import { UNSET_RESOURCES } from '../../dockerd/resources';

/** go-units RAMInBytes: a number, an optional space, then b, k/kb/kib … p/pb/pib (any case). */
export function ramInBytes(
  size: string,
): { ok: true; value: number } | { ok: false; error: string } {
  let sep = -1;
  for (let i = size.length - 1; i >= 0; i--) {
    if ('01234567890. '.includes(size[i]!)) {
      sep = i;
      break;
    }
  }
  if (sep === -1) return { ok: false, error: `invalid size: '${size}'` };
  const num = size[sep] === ' ' ? size.slice(0, sep) : size.slice(0, sep + 1);
  let sfx = size.slice(sep + 1);
  const parsed = goParseFloat(num);
  if (parsed === undefined)
    return { ok: false, error: `strconv.ParseFloat: parsing "${num}": invalid syntax` };
  if (parsed < 0) return { ok: false, error: `invalid size: '${size}'` };
  if (sfx === '') return { ok: true, value: Math.trunc(parsed) };
  const bad = () => ({ ok: false as const, error: `invalid suffix: '${sfx}'` });
  if (sfx.length > 3) return bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') return sfx.length > 1 ? bad() : { ok: true, value: Math.trunc(parsed) };
  const power = 'kmgtp'.indexOf(sfx[0]!);
  if (power === -1) return bad();
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib'))
    return bad();
  return { ok: true, value: Math.trunc(parsed * 1024 ** (power + 1)) };
}

/** Go's strconv.ParseFloat for the decimal forms people type (no hex, no inf). */
function goParseFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/**
 * opts.NanoCPUs.Set: big.Rat's SetString (a decimal, an exponent, or `a/b`) times 1e9,
 * which must come out whole.
 */
export function nanoCpus(
  value: string,
): { ok: true; value: number } | { ok: false; error: string } {
  const fail = { ok: false as const, error: `failed to parse ${value} as a rational number` };
  let num: bigint;
  let den: bigint;
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(value);
  if (frac) {
    num = BigInt(frac[1]!);
    den = BigInt(frac[2]!);
    if (den === 0n) return fail;
  } else {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return fail;
    const digits = `${m[2]}${m[3] ?? ''}` || '0';
    const exp = Number(m[4] ?? 0) - (m[3] ?? '').length;
    num = BigInt(digits) * (exp > 0 ? 10n ** BigInt(exp) : 1n);
    den = exp < 0 ? 10n ** BigInt(-exp) : 1n;
    if (m[1] === '-') num = -num;
  }
  const nano = num * 1_000_000_000n;
  if (nano % den !== 0n) return { ok: false, error: 'value is too precise' };
  return { ok: true, value: Number(nano / den) };
}

/** The names go-units ParseUlimit knows (ulimitNameMapping). */
const ULIMIT_NAMES = new Set([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
]);

export interface Ulimit {
  Name: string;
  Hard: number;
  Soft: number;
}

const INT64 = /^[+-]?\d+$/;

/** The last value of a flag (a type-only import of flags.ts: flags.ts calls into this file). */
const last = (f: FlagValues, name: string): string | undefined => f[name]?.at(-1);

/** go-units ParseUlimit: `name=soft[:hard]`, hard defaults to soft. */
export function parseUlimit(
  val: string,
): { ok: true; value: Ulimit } | { ok: false; error: string } {
  const eq = val.indexOf('=');
  if (eq === -1) return { ok: false, error: `invalid ulimit argument: ${val}` };
  const name = val.slice(0, eq);
  if (!ULIMIT_NAMES.has(name)) return { ok: false, error: `invalid ulimit type: ${name}` };
  const parts = val.slice(eq + 1).split(':');
  if (parts.length > 2)
    return {
      ok: false,
      error: `too many limit value arguments - ${val.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``,
    };
  for (const p of [...parts].reverse())
    if (!INT64.test(p))
      return { ok: false, error: `strconv.ParseInt: parsing "${p}": invalid syntax` };
  const soft = Number(parts[0]);
  const hard = parts.length === 2 ? Number(parts[1]) : soft;
  if (hard !== -1 && soft > hard)
    return {
      ok: false,
      error: `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`,
    };
  return { ok: true, value: { Name: name, Hard: hard, Soft: soft } };
}

/**
 * The error pflag reports for a value of one of these flag types (undefined: fine).
 * Called from flags.ts's Set for the help text's `bytes`, `decimal` and `ulimit` types.
 */
export function resourceFlagError(long: string, type: string, value: string): string | undefined {
  if (type === 'bytes') {
    if (long === 'memory-swap' && value === '-1') return undefined;
    const r = ramInBytes(value);
    return r.ok ? undefined : r.error;
  }
  if (type === 'decimal') {
    const r = nanoCpus(value);
    return r.ok ? undefined : r.error;
  }
  if (type === 'ulimit') {
    const r = parseUlimit(value);
    return r.ok ? undefined : r.error;
  }
  return undefined;
}

/** What the resource flags ask for, in the API's units (bytes, nano-CPUs). */
export interface ResourceOptions {
  memory: number;
  memoryReservation: number;
  memorySwap: number;
  nanoCpus: number;
  cpuShares: number;
  cpusetCpus: string;
  pidsLimit: number;
  /** By name, sorted (UlimitOpt.GetList); a later --ulimit of a name replaces an earlier one. */
  ulimits: Ulimit[];
}

export const RESOURCE_FLAGS = [
  'memory',
  'memory-reservation',
  'memory-swap',
  'cpus',
  'cpu-shares',
  'cpuset-cpus',
  'pids-limit',
  'ulimit',
];

const bytesOf = (flags: FlagValues, name: string): number => {
  const v = last(flags, name);
  if (v === undefined) return 0;
  if (name === 'memory-swap' && v === '-1') return -1;
  const r = ramInBytes(v);
  return r.ok ? r.value : 0;
};

/** Read the (already validated) flags into options. */
export function resourceOptions(flags: FlagValues): ResourceOptions {
  const cpus = last(flags, 'cpus');
  const byName = new Map<string, Ulimit>();
  for (const u of flags.ulimit ?? []) {
    const r = parseUlimit(u);
    if (r.ok) byName.set(r.value.Name, r.value);
  }
  return {
    memory: bytesOf(flags, 'memory'),
    memoryReservation: bytesOf(flags, 'memory-reservation'),
    memorySwap: bytesOf(flags, 'memory-swap'),
    nanoCpus: cpus === undefined ? 0 : ((r) => (r.ok ? r.value : 0))(nanoCpus(cpus)),
    cpuShares: Number(last(flags, 'cpu-shares') ?? 0),
    cpusetCpus: last(flags, 'cpuset-cpus') ?? '',
    pidsLimit: Number(last(flags, 'pids-limit') ?? 0),
    ulimits: [...byName.values()].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)),
  };
}

export const NO_RESOURCES: ResourceOptions = Object.freeze({
  memory: 0,
  memoryReservation: 0,
  memorySwap: 0,
  nanoCpus: 0,
  cpuShares: 0,
  cpusetCpus: '',
  pidsLimit: 0,
  ulimits: [],
});

/**
 * Go's `container.Resources` as CLI 28.2 marshals it inside HostConfig (Go's field order,
 * KernelMemory omitted when zero): the create body's block from CpuShares to IOMaximumBandwidth.
 */
export function resourcesBody(r: ResourceOptions) {
  // The unset block first: assigning a key again keeps its place, so Go's order holds.
  return {
    ...UNSET_RESOURCES,
    CpuShares: r.cpuShares,
    Memory: r.memory,
    NanoCpus: r.nanoCpus,
    CpusetCpus: r.cpusetCpus,
    MemoryReservation: r.memoryReservation,
    MemorySwap: r.memorySwap,
    MemorySwappiness: -1,
    OomKillDisable: false,
    PidsLimit: r.pidsLimit,
    Ulimits: r.ulimits,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
  };
}
