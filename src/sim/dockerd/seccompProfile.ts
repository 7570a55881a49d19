/**
 * A custom seccomp profile (`--security-opt seccomp=<file>`: the CLI sends the file's JSON
 * inline), turned into the spec's linux.seccomp as moby v28.2.2 does it
 * (profiles/seccomp/seccomp_linux.go LoadProfile and setupSeccomp) on an amd64 host with
 * kernel 6.8: `archMap` picks the amd64 entry, `name` becomes `names`, and a rule's
 * `includes`/`excludes` (arches, capabilities in the bounding set, minimum kernel) decide
 * whether it is kept.
 *
 * DockScope simplification: fields are read as JSON, without Go's type checks (a profile
 * whose `defaultAction` is a number is not refused with encoding/json's words), and the
 * kernel model does not evaluate the filter's rules.
 */
import { DaemonError } from './errors';
import { goJsonSyntaxError } from './daemonConfig';
import type { OciSpec } from './ociSpec';

type Seccomp = NonNullable<OciSpec['linux']['seccomp']>;
type Syscall = NonNullable<Seccomp['syscalls']>[number];

interface Filter {
  arches?: string[];
  caps?: string[];
  minKernel?: unknown;
}

interface ProfileSyscall extends Record<string, unknown> {
  name?: string;
  names?: string[];
  includes?: Filter;
  excludes?: Filter;
}

/** goToNative[runtime.GOARCH] on the simulated host, and its libseccomp name. */
const ARCH = 'amd64';
const SECCOMP_ARCH = 'SCMP_ARCH_X86_64';
/** The simulated host's kernel (Ubuntu 24.04's 6.8). */
const KERNEL: [number, number] = [6, 8];

const fail = (message: string): never => {
  throw new DaemonError('System', message);
};

/**
 * KernelVersion.UnmarshalJSON: `"<kernel>.<major>"`, each part a uint8, not 0.0; its error
 * (wrapped as a decoding failure) or the two numbers. An empty string sets nothing.
 */
function kernelVersion(v: unknown): [number, number] | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const raw = JSON.stringify(v);
  const bad = (why = '') =>
    fail(
      `Decoding seccomp profile failed: invalid kernel version: ${raw}, expected "<kernel>.<major>"${why}`,
    );
  const parts = v.split('.');
  if (parts.length !== 2) return bad();
  const nums = parts.map((p) => {
    if (!/^\d+$/.test(p))
      return bad(`: strconv.ParseUint: parsing ${JSON.stringify(p)}: invalid syntax`);
    if (Number(p) > 255)
      return bad(`: strconv.ParseUint: parsing ${JSON.stringify(p)}: value out of range`);
    return Number(p);
  }) as [number, number];
  if (nums[0] === 0 && nums[1] === 0) bad(': version cannot be 0.0');
  return nums;
}

/** kernelGreaterEqualThan: the running kernel is at least `min`. */
const kernelAtLeast = ([maj, mnr]: [number, number]): boolean =>
  KERNEL[0] > maj || (KERNEL[0] === maj && KERNEL[1] >= mnr);

/**
 * LoadProfile: the spec's seccomp for profile `body` (JSON), or undefined when the profile
 * sets neither a default action nor rules (no filter). `bounding`: the process's
 * bounding capabilities, which `caps` filters compare with.
 */
export function loadSeccompProfile(body: string, bounding: readonly string[]): Seccomp | undefined {
  const syntax = goJsonSyntaxError(body);
  if (syntax !== undefined) fail(`Decoding seccomp profile failed: ${syntax}`);
  const v = JSON.parse(body) as unknown;
  const config: Record<string, unknown> =
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const syscallList = Array.isArray(config.syscalls) ? (config.syscalls as ProfileSyscall[]) : [];
  // Unmarshal reads every minimum kernel before anything else is looked at.
  const minKernels = syscallList.map((c) => ({
    includes: kernelVersion(c.includes?.minKernel),
    excludes: kernelVersion(c.excludes?.minKernel),
  }));
  const defaultAction = typeof config.defaultAction === 'string' ? config.defaultAction : '';
  const syscalls = syscallList;
  if (defaultAction === '' && syscalls.length === 0) return undefined;
  const architectures = Array.isArray(config.architectures)
    ? (config.architectures as string[])
    : [];
  const archMap = Array.isArray(config.archMap)
    ? (config.archMap as Array<{ architecture?: string; subArchitectures?: string[] }>)
    : [];
  if (architectures.length && archMap.length)
    fail(
      "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'",
    );
  const out: Seccomp = { defaultAction };
  if (typeof config.defaultErrnoRet === 'number') out.defaultErrnoRet = config.defaultErrnoRet;
  const arches = [...architectures];
  const mine = archMap.find((a) => a.architecture === SECCOMP_ARCH);
  if (mine) arches.push(SECCOMP_ARCH, ...(mine.subArchitectures ?? []));
  if (arches.length) out.architectures = arches;
  const kept: Syscall[] = [];
  for (const [i, call] of syscalls.entries()) {
    const min = minKernels[i]!;
    let names = Array.isArray(call.names) ? call.names : [];
    if (call.name) {
      if (names.length)
        fail(
          "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'",
        );
      names = [call.name];
    }
    const ex = call.excludes;
    if (ex) {
      if (ex.arches?.includes(ARCH)) continue;
      if (ex.caps?.some((c) => bounding.includes(c))) continue;
      if (min.excludes && kernelAtLeast(min.excludes)) continue;
    }
    const inc = call.includes;
    if (inc) {
      if (inc.arches?.length && !inc.arches.includes(ARCH)) continue;
      if (inc.caps?.some((c) => !bounding.includes(c))) continue;
      if (min.includes && !kernelAtLeast(min.includes)) continue;
    }
    const rule: Syscall = { names, action: typeof call.action === 'string' ? call.action : '' };
    if (typeof call.errnoRet === 'number') rule.errnoRet = call.errnoRet;
    kept.push(rule);
  }
  if (kept.length) out.syscalls = kept;
  return out;
}
