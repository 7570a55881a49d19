import type { ContainerRecord } from './model';
import { rootfsDir } from './rootfsMount';
import { containerFile } from './etcFiles';
import { byDepth, specMounts } from './mounts';
import { specResources, specRlimits } from './containerResources';

/** The parts of an OCI runtime `config.json` that DockScope fills and shows. */
export interface OciSpec {
  ociVersion: string;
  process: {
    terminal?: boolean;
    user: { uid: number; gid: number; additionalGids?: number[] };
    args: string[];
    env?: string[];
    cwd: string;
    capabilities?: { bounding?: string[]; effective?: string[]; permitted?: string[] };
    apparmorProfile?: string;
    oomScoreAdj?: number;
    // ── sec ──
    noNewPrivileges?: boolean;
    // ── res: --ulimit ──
    rlimits?: Array<{ type: string; hard: number; soft: number }>;
  };
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts: Array<{ destination: string; type?: string; source?: string; options?: string[] }>;
  linux: {
    namespaces: Array<{
      type: 'mount' | 'network' | 'uts' | 'pid' | 'ipc' | 'cgroup' | 'user' | 'time';
      /** ── sec: a namespace joined rather than made: `/proc/<pid>/ns/<kind>` of the donor. */
      path?: string;
    }>;
    /** ── sec: device nodes runc creates in the container (`--device`, `--privileged`). */
    devices?: Array<{
      path: string;
      type: string;
      major: number;
      minor: number;
      fileMode: number;
      uid: number;
      gid: number;
    }>;
    cgroupsPath: string;
    resources?: {
      devices?: Array<{
        allow: boolean;
        type?: string;
        major?: number;
        minor?: number;
        access?: string;
      }>;
      // ── res: -m, --memory-swap, --memory-reservation, --cpus, -c, --cpuset-cpus, --pids-limit ──
      memory?: { limit?: number; reservation?: number; swap?: number };
      cpu?: { shares?: number; quota?: number; period?: number; cpus?: string };
      pids?: { limit: number };
    };
    seccomp?: {
      defaultAction: string;
      defaultErrnoRet?: number;
      architectures?: string[];
      syscalls?: Array<{ names: string[]; action: string; errnoRet?: number }>;
    };
    maskedPaths?: string[];
    readonlyPaths?: string[];
  };
}

/** moby oci.DefaultPathEnv("linux"): the PATH a container gets when its image sets none. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The process environment dockerd puts in config.json (moby
 * container.CreateDaemonEnvironment): PATH, HOSTNAME and, with -t, TERM=xterm
 * come first; the container's Env then replaces a name it repeats in place,
 * appends the others, and a bare NAME (no '=') removes that default
 * (ReplaceOrAppendEnvValues). HOME is not here: runc adds it at exec when unset.
 */
export function daemonEnvironment(
  c: ContainerRecord,
  /** An exec's own -t decides TERM for it (moby ContainerExecCreate passes the exec's Tty). */
  tty: boolean = c.config.Tty,
  /** An exec's -e values, applied after the container's Env the same way. */
  extra: readonly string[] = [],
): string[] {
  const env = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${c.config.Hostname || c.id.slice(0, 12)}`];
  if (tty) env.push('TERM=xterm');
  const own = replaceOrAppend(env, c.config.Env);
  return extra.length > 0 ? replaceOrAppend(own, extra) : own;
}

/**
 * moby's ReplaceOrAppendEnvValues: a name the defaults have is replaced in place (or removed,
 * given bare), any other value appended. Names appended in the same call are not looked up
 * again, as in moby: an exec's -e goes through a second call.
 */
function replaceOrAppend(defaults: readonly string[], overrides: readonly string[]): string[] {
  const at = new Map(defaults.map((e, i) => [e.slice(0, e.indexOf('=')), i]));
  const out: (string | undefined)[] = [...defaults];
  for (const value of overrides) {
    const eq = value.indexOf('=');
    const i = at.get(eq < 0 ? value : value.slice(0, eq));
    if (eq < 0) {
      if (i !== undefined) out[i] = undefined;
    } else if (i !== undefined) out[i] = value;
    else out.push(value);
  }
  return out.filter((e): e is string => e !== undefined);
}

/** Docker's default capability set: 14 of the kernel's ~41 (moby `oci/caps/defaults.go`). */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** runc's default masked paths (moby oci.DefaultSpec), also HostConfig.MaskedPaths in inspect. */
export const MASKED = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];
export const READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/**
 * How many syscall names Docker's default seccomp profile allows on every
 * architecture without extra capabilities (moby v28.5.2, vendor/github.com/moby/profiles/seccomp v0.1.0
 * default.json): the names of the SCMP_ACT_ALLOW rules that have neither
 * `includes` nor `excludes`. Two of them still check an argument: socket
 * (not AF_VSOCK) and personality (five values). The profile names 426 syscalls in all; the
 * others are allowed only on some architectures (arch_prctl and modify_ldt on
 * amd64), from a kernel version (ptrace from 4.8), or with a capability
 * (CAP_SYS_ADMIN, CAP_SYS_CHROOT…); clone3 gets ENOSYS without CAP_SYS_ADMIN.
 */
export const SECCOMP_DEFAULT_UNCONDITIONAL_ALLOWED = 363;
export const SECCOMP_DEFAULT_NAMED = 426;

/**
 * The spec DockScope hands runc lists only this sample of the allowed
 * syscalls (the inspector says so); the shape is the real profile's, and
 * everything outside the real allowlist (mount, reboot, kexec_load…) gets
 * EPERM.
 */
export const SECCOMP_ALLOWED_SAMPLE = [
  'accept',
  'bind',
  'brk',
  'capget',
  'capset',
  'chdir',
  'chmod',
  'clone',
  'clone3',
  'close',
  'connect',
  'dup',
  'dup2',
  'epoll_create1',
  'epoll_wait',
  'execve',
  'exit',
  'exit_group',
  'fcntl',
  'fork',
  'fstat',
  'futex',
  'getdents64',
  'getpid',
  'ioctl',
  'kill',
  'listen',
  'lseek',
  'mmap',
  'mprotect',
  'munmap',
  'nanosleep',
  'open',
  'openat',
  'pipe',
  'poll',
  'read',
  'recvfrom',
  'rt_sigaction',
  'rt_sigreturn',
  'sendto',
  'setgid',
  'setuid',
  'socket',
  'stat',
  'wait4',
  'write',
];

/*
 * The parts of every container's spec that are the same for all of them, made once: a
 * session holds one spec per Containers.Create in its trace, and nothing changes a spec
 * once built (runc and the inspector only read it).
 */
const KERNEL_MOUNTS: OciSpec['mounts'] = [
  {
    destination: '/proc',
    type: 'proc',
    source: 'proc',
    options: ['nosuid', 'noexec', 'nodev'],
  },
  {
    destination: '/dev',
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
  },
  {
    destination: '/dev/pts',
    type: 'devpts',
    source: 'devpts',
    options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
  },
  {
    destination: '/sys',
    type: 'sysfs',
    source: 'sysfs',
    options: ['nosuid', 'noexec', 'nodev', 'ro'],
  },
  {
    destination: '/sys/fs/cgroup',
    type: 'cgroup',
    source: 'cgroup',
    options: ['ro', 'nosuid', 'noexec', 'nodev'],
  },
  {
    destination: '/dev/mqueue',
    type: 'mqueue',
    source: 'mqueue',
    options: ['nosuid', 'noexec', 'nodev'],
  },
  {
    destination: '/dev/shm',
    type: 'tmpfs',
    source: 'shm',
    options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=67108864'],
  },
];
const NAMESPACES: OciSpec['linux']['namespaces'] = [
  { type: 'mount' },
  { type: 'network' },
  { type: 'uts' },
  { type: 'pid' },
  { type: 'ipc' },
  { type: 'cgroup' },
];
const RESOURCES: OciSpec['linux']['resources'] = { devices: [{ allow: false, access: 'rwm' }] };
const SECCOMP: OciSpec['linux']['seccomp'] = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  syscalls: [{ names: SECCOMP_ALLOWED_SAMPLE, action: 'SCMP_ACT_ALLOW' }],
};

const SECCOMP_JSON = JSON.stringify(SECCOMP);
/** Whether `s` is the filter DockScope writes for Docker's default profile (not one a learner gave). */
export const isDefaultSeccomp = (s: OciSpec['linux']['seccomp']): boolean =>
  s !== undefined && JSON.stringify(s) === SECCOMP_JSON;

/**
 * Build the runtime spec dockerd hands containerd for a container
 * (moby `daemon/oci_linux.go`): its namespaces, mounts, 14 capabilities, the
 * default seccomp profile and masked `/proc` paths.
 */
export function buildOciSpec(
  c: ContainerRecord,
  /** The daemon's `--data-root`: the container's files and its rootfs mount live under it. */
  dataRoot: string,
  cgroupsPath: string,
  /**
   * moby getUser: the user's GID, then the groups the image's /etc/group lists
   * it in (Alpine's root: 0 1 2 3 4 6 10 11 20 26 27; Debian's root: none).
   */
  additionalGids: number[] = [0],
  /** Where dockerd mounted the root (storage: overlay2's merged dir, else the snapshotter's rootfs). */
  rootPath: string = rootfsDir(dataRoot, c.id),
): OciSpec {
  const args = [...(c.config.Entrypoint ?? []), ...c.config.Cmd];
  const caps = DEFAULT_CAPABILITIES;
  // Where dockerd writes them (etcFiles.ts): the spec bind-mounts the same paths.
  const hostFile = (name: 'hostname' | 'hosts' | 'resolv.conf') =>
    containerFile(dataRoot, c.id, name);
  return {
    ociVersion: '1.2.0',
    process: {
      terminal: c.config.Tty,
      user: { uid: 0, gid: 0, additionalGids },
      args,
      env: daemonEnvironment(c),
      cwd: c.config.WorkingDir || '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      apparmorProfile: 'docker-default',
      oomScoreAdj: 0,
      ...withRlimits(c),
    },
    // dockerd mounted the rootfs there before Containers.Create; runc only bind-mounts it.
    root: { path: rootPath },
    hostname: c.config.Hostname,
    mounts: [
      ...KERNEL_MOUNTS,
      // The network files and the container's own mounts, parents first (moby sorts them by depth).
      ...byDepth([
        {
          destination: '/etc/resolv.conf',
          type: 'bind',
          source: hostFile('resolv.conf'),
          options: ['rbind', 'rprivate'],
        },
        {
          destination: '/etc/hostname',
          type: 'bind',
          source: hostFile('hostname'),
          options: ['rbind', 'rprivate'],
        },
        {
          destination: '/etc/hosts',
          type: 'bind',
          source: hostFile('hosts'),
          options: ['rbind', 'rprivate'],
        },
        ...specMounts(c),
      ]),
    ],
    linux: {
      namespaces: NAMESPACES,
      cgroupsPath,
      resources: withResources(c, RESOURCES),
      seccomp: SECCOMP,
      maskedPaths: MASKED,
      readonlyPaths: READONLY,
    },
  };
}

// ── res: linux.resources and process.rlimits from the container's limits ──

/** WithResources: the devices rule plus memory, cpu and pids when the container sets them. */
function withResources(c: ContainerRecord, base: OciSpec['linux']['resources']) {
  const extra = specResources(c.hostConfig.Resources);
  return Object.keys(extra).length ? { ...base, ...extra } : base;
}

/** withRlimits: process.rlimits only when --ulimit was given. */
function withRlimits(c: ContainerRecord) {
  const rlimits = specRlimits(c.hostConfig.Resources);
  return rlimits ? { rlimits } : {};
}
