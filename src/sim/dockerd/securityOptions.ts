// ── sec: security options and namespaces, as dockerd 28 reads, checks and keeps them ──
/**
 * What `POST /containers/create` does with `--cap-add/--cap-drop`, `--privileged`,
 * `--security-opt`, `--read-only`, `--user`, `--group-add`, `--device`, `--userns`
 * and the namespace modes (`--pid`, `--ipc`, `--uts`, `--network container:`), in
 * moby v28.2.2's order: runconfig's decoder checks the network and UTS modes
 * (runconfig/hostconfig.go, hostconfig_unix.go), verifyContainerSettings the
 * capabilities and modes (daemon/container.go, daemon_unix.go), after the image
 * lookup adaptContainerSettings names the donor containers by ID and adds
 * `label=disable` (daemon/create.go generateSecurityOpt), and create's
 * setSecurityOptions parses the options (daemon_unix.go parseSecurityOpt).
 */
import type { GoType } from './goJson';
import type { ContainerRecord, DockerdState } from './model';
import { DaemonError, invalid } from './errors';
import { findContainer } from './lookup';

const str: GoType = { kind: 'string' };
const bool: GoType = { kind: 'bool' };

/** api/types/container.DeviceMapping. */
export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
}

/** The HostConfig fields this file owns, as dockerd keeps them (after adapt). */
export interface SecurityHostConfig {
  CapAdd: string[] | null;
  CapDrop: string[] | null;
  Privileged: boolean;
  SecurityOpt: string[] | null;
  ReadonlyRootfs: boolean;
  GroupAdd: string[] | null;
  UsernsMode: string;
  PidMode: string;
  IpcMode: string;
  UTSMode: string;
  Devices: DeviceMapping[];
}

/** The same fields as the create request may carry them (Go's zero values when absent). */
export type SecurityRequest = Partial<SecurityHostConfig>;

/** The HostConfig fields of the create request's Go type that this file reads. */
export const SECURITY_HOST_CONFIG_FIELDS: Readonly<Record<string, GoType>> = {
  CapAdd: { kind: 'strslice' },
  CapDrop: { kind: 'strslice' },
  GroupAdd: { kind: 'slice', elem: str },
  IpcMode: { kind: 'string', name: 'container.IpcMode' },
  PidMode: { kind: 'string', name: 'container.PidMode' },
  Privileged: bool,
  ReadonlyRootfs: bool,
  SecurityOpt: { kind: 'slice', elem: str },
  UTSMode: { kind: 'string', name: 'container.UTSMode' },
  UsernsMode: { kind: 'string', name: 'container.UsernsMode' },
  Devices: {
    kind: 'slice',
    elem: {
      kind: 'struct',
      name: 'DeviceMapping',
      pkg: 'container',
      fields: { PathOnHost: str, PathInContainer: str, CgroupPermissions: str },
    },
  },
};

/**
 * The capabilities the kernel knows (containerd pkg/cap Known(), Linux 5.9+: 41),
 * in bit order. moby's GetAllCapabilities is the daemon's own set, which on a
 * normal root dockerd is all of them: what `--privileged` gets.
 */
export const ALL_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;
const KNOWN = new Set<string>(ALL_CAPABILITIES);

/**
 * moby caps.NormalizeLegacyCapabilities: upper-case, `CAP_` prefixed (ALL
 * kept), every name one the kernel knows; or the name it does not know.
 */
export function normalizeCaps(caps: readonly string[]): string[] | { unknown: string } {
  const out: string[] = [];
  for (const given of caps) {
    let c = given.toUpperCase();
    if (c === 'ALL') {
      out.push(c);
      continue;
    }
    if (!c.startsWith('CAP_')) c = `CAP_${c}`;
    if (!KNOWN.has(c)) return { unknown: c };
    out.push(c);
  }
  return out;
}

/**
 * moby caps.TweakCapabilities: privileged gets them all; otherwise the 14
 * defaults minus the dropped plus the added, ALL in either list meaning all.
 */
export function effectiveCapabilities(
  defaults: readonly string[],
  hc: Pick<SecurityHostConfig, 'CapAdd' | 'CapDrop' | 'Privileged'>,
): string[] {
  if (hc.Privileged) return [...ALL_CAPABILITIES];
  const add = normalizeCaps(hc.CapAdd ?? []);
  const drop = normalizeCaps(hc.CapDrop ?? []);
  // Create refused unknown names already; a record made before cannot hold one.
  if ('unknown' in add || 'unknown' in drop) return [...defaults];
  if (add.length === 0 && drop.length === 0) return [...defaults];
  if (add.includes('ALL')) return ALL_CAPABILITIES.filter((c) => !drop.includes(c));
  if (drop.includes('ALL')) return add;
  return [...defaults.filter((c) => !drop.includes(c)), ...add];
}

const isContainerMode = (mode: string) => mode.startsWith('container:');
const modeTarget = (mode: string) => mode.slice(mode.indexOf(':') + 1);

/** moby IpcMode.Valid: '', private, none, shareable, host, or container:<name>. */
function validIpc(mode: string): boolean {
  if (['', 'private', 'none', 'shareable', 'host'].includes(mode)) return true;
  return isContainerMode(mode) && modeTarget(mode) !== '';
}
const validPid = (mode: string) =>
  mode === '' || mode === 'host' || (isContainerMode(mode) && modeTarget(mode) !== '');

/** The create request's parts these checks read. */
interface Body {
  Hostname?: string;
  ExposedPorts?: Record<string, object> | null;
  HostConfig?:
    | (SecurityRequest & {
        NetworkMode?: string;
        PortBindings?: Record<string, unknown> | null;
        PublishAllPorts?: boolean;
      })
    | null;
}

/**
 * runconfig's validateNetMode, as the body is decoded (a 400 before anything
 * else): a `container:` network mode takes no hostname and no ports, and
 * `--uts host` takes no hostname.
 */
export function validateNamespaceModes(body: Body): void {
  const hc = body.HostConfig ?? {};
  const mode = hc.NetworkMode ?? '';
  if (mode === 'container' || isContainerMode(mode)) {
    if (modeTarget(mode) === '' || mode === 'container')
      throw invalid('invalid network mode: invalid container format container:<name|id>');
    if (body.Hostname) throw invalid('conflicting options: hostname and the network mode');
    if (Object.keys(hc.PortBindings ?? {}).length > 0 || hc.PublishAllPorts)
      throw invalid('conflicting options: port publishing and the container type network mode');
    if (Object.keys(body.ExposedPorts ?? {}).length > 0)
      throw invalid('conflicting options: port exposing and the container type network mode');
  }
  if (hc.UTSMode === 'host' && body.Hostname)
    throw invalid('conflicting options: hostname and the UTS mode');
}

/**
 * verifyContainerSettings' part: validateCapabilities (validateHostConfig), then
 * verifyPlatformContainerSettings' IPC, PID and UTS modes. All 400s.
 */
export function verifySecuritySettings(body: Body): void {
  const hc = body.HostConfig ?? {};
  for (const [field, list] of [
    ['CapAdd', hc.CapAdd],
    ['CapDrop', hc.CapDrop],
  ] as const) {
    const r = normalizeCaps(list ?? []);
    if ('unknown' in r) throw invalid(`invalid ${field}: unknown capability: "${r.unknown}"`);
  }
  if (!validIpc(hc.IpcMode ?? '')) throw invalid(`invalid IPC mode: ${hc.IpcMode}`);
  if (!validPid(hc.PidMode ?? '')) throw invalid(`invalid PID mode: ${hc.PidMode}`);
  if (hc.UTSMode && hc.UTSMode !== 'host') throw invalid(`invalid UTS mode: ${hc.UTSMode}`);
}

/**
 * adaptContainerSettings and create's setSecurityOptions: the IPC mode
 * defaults to the daemon's (`private`); a `container:` mode names its donor by
 * ID (adaptSharedNamespaceContainer; an unknown one is left as given);
 * privileged, `--pid host` and `--ipc host` add `label=disable`
 * (generateSecurityOpt, which looks the PID and IPC donors up: a missing one
 * fails the create); then each option is parsed (parseSecurityOpt).
 */
export function adaptSecurity(
  d: DockerdState,
  body: Body,
): SecurityHostConfig & {
  networkMode: string;
} {
  const hc = body.HostConfig ?? {};
  const resolve = (mode: string) => {
    if (!isContainerMode(mode)) return mode;
    try {
      return `container:${findContainer(d, modeTarget(mode)).id}`;
    } catch (e) {
      if (e instanceof DaemonError) return mode;
      throw e;
    }
  };
  const given = hc.SecurityOpt ?? [];
  const out: SecurityHostConfig & { networkMode: string } = {
    CapAdd: hc.CapAdd?.length ? [...hc.CapAdd] : (hc.CapAdd ?? null),
    CapDrop: hc.CapDrop?.length ? [...hc.CapDrop] : (hc.CapDrop ?? null),
    Privileged: !!hc.Privileged,
    SecurityOpt: hc.SecurityOpt ? [...given] : null,
    ReadonlyRootfs: !!hc.ReadonlyRootfs,
    GroupAdd: hc.GroupAdd ?? null,
    UsernsMode: hc.UsernsMode ?? '',
    PidMode: resolve(hc.PidMode ?? ''),
    IpcMode: resolve(hc.IpcMode || 'private'),
    UTSMode: hc.UTSMode ?? '',
    Devices: (hc.Devices ?? []).map((m) => ({
      PathOnHost: m.PathOnHost ?? '',
      PathInContainer: m.PathInContainer ?? '',
      CgroupPermissions: m.CgroupPermissions ?? '',
    })),
    networkMode: resolve(hc.NetworkMode ?? ''),
  };
  // generateSecurityOpt: a `label=…` of the caller's own wins; otherwise host
  // namespaces and privileged disable SELinux labelling. The PID and IPC donors
  // must exist (their labels would be copied; with no SELinux they are empty).
  if (!given.some((o) => o.split('=')[0] === 'label')) {
    if (out.IpcMode === 'host' || out.PidMode === 'host' || out.Privileged)
      out.SecurityOpt = [...given, 'label=disable'];
    else
      for (const mode of [out.IpcMode, out.PidMode])
        if (isContainerMode(mode))
          try {
            findContainer(d, modeTarget(mode));
          } catch (e) {
            // containerCreate wraps adapt's errors as InvalidParameter: a 400, so the CLI
            // does not take "No such container" for a missing image and pull.
            if (e instanceof DaemonError) throw invalid(e.message);
            throw e;
          }
  }
  parseSecurityOpt(out.SecurityOpt ?? []);
  return out;
}

/** What the options ask for (moby container.SecurityOptions). */
export interface SecurityOptions {
  noNewPrivileges: boolean;
  /** `apparmor=…`: '' for the default. */
  appArmorProfile: string;
  /** `seccomp=…`: '' for the default, `unconfined`, `builtin`, or a profile's JSON. */
  seccompProfile: string;
  labelOpts: string[];
}

/**
 * moby parseSecurityOpt: `key=value` (or the deprecated `key:value`) for label,
 * apparmor, seccomp, no-new-privileges and writable-cgroups; a bare
 * `no-new-privileges`. Anything else is a 500 with moby's numbered texts.
 */
export function parseSecurityOpt(opts: readonly string[]): SecurityOptions {
  const out: SecurityOptions = {
    noNewPrivileges: false,
    appArmorProfile: '',
    seccompProfile: '',
    labelOpts: [],
  };
  for (const opt of opts) {
    if (opt === 'no-new-privileges') {
      out.noNewPrivileges = true;
      continue;
    }
    if (opt === 'writable-cgroups') continue;
    if (opt === 'disable') {
      out.labelOpts.push('disable');
      continue;
    }
    const sep = opt.includes('=') ? '=' : opt.includes(':') ? ':' : '';
    if (!sep) throw new DaemonError('System', `invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const k = opt.slice(0, opt.indexOf(sep));
    const v = opt.slice(opt.indexOf(sep) + 1);
    switch (k) {
      case 'label':
        out.labelOpts.push(v);
        break;
      case 'apparmor':
        out.appArmorProfile = v;
        break;
      case 'seccomp':
        out.seccompProfile = v;
        break;
      case 'no-new-privileges':
      case 'writable-cgroups': {
        const b = goParseBool(v);
        if (b === undefined)
          throw new DaemonError('System', `invalid --security-opt 2: ${JSON.stringify(opt)}`);
        if (k === 'no-new-privileges') out.noNewPrivileges = b;
        break;
      }
      default:
        throw new DaemonError('System', `invalid --security-opt 2: ${JSON.stringify(opt)}`);
    }
  }
  return out;
}

/** Go strconv.ParseBool. */
function goParseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** A container's security settings, as its record keeps them (older records: none asked for). */
export function securityOf(c: ContainerRecord): SecurityHostConfig {
  return (
    c.hostConfig.Security ?? {
      CapAdd: null,
      CapDrop: null,
      Privileged: false,
      SecurityOpt: null,
      ReadonlyRootfs: false,
      GroupAdd: null,
      UsernsMode: '',
      PidMode: '',
      IpcMode: 'private',
      UTSMode: '',
      Devices: [],
    }
  );
}

/**
 * The container's AppArmor profile (moby saveAppArmorConfig, on a host with
 * AppArmor, as `docker info` says this one is): privileged is `unconfined`,
 * else `apparmor=…`, else `docker-default`.
 */
export function appArmorProfileOf(c: ContainerRecord): string {
  const s = securityOf(c);
  if (s.Privileged) return 'unconfined';
  return parseSecurityOpt(s.SecurityOpt ?? []).appArmorProfile || 'docker-default';
}

/** The HostConfig fields of `docker inspect` this file fills (one line each in views.ts). */
export function securityInspect(c: ContainerRecord) {
  const s = securityOf(c);
  return {
    CapAdd: s.CapAdd,
    CapDrop: s.CapDrop,
    GroupAdd: s.GroupAdd,
    IpcMode: s.IpcMode,
    PidMode: s.PidMode,
    Privileged: s.Privileged,
    ReadonlyRootfs: s.ReadonlyRootfs,
    SecurityOpt: s.SecurityOpt,
    UTSMode: s.UTSMode,
    UsernsMode: s.UsernsMode,
    Devices: s.Devices,
    /** create_unix.go: the default masked and read-only paths are kept only when not privileged. */
    keepsMaskedPaths: !s.Privileged,
  };
}

/** The donor a `container:<id>` mode names, or undefined for any other mode. */
export function donorOf(d: DockerdState, mode: string): ContainerRecord | undefined {
  return isContainerMode(mode) ? d.containers[modeTarget(mode)] : undefined;
}

/** Are these the security settings of a plain container (nothing asked for)? */
export function plainSecurity(s: SecurityHostConfig): boolean {
  return (
    !s.Privileged &&
    !s.CapAdd?.length &&
    !s.CapDrop?.length &&
    !s.SecurityOpt?.length &&
    !s.ReadonlyRootfs &&
    !s.GroupAdd?.length &&
    s.Devices.length === 0 &&
    s.PidMode === '' &&
    (s.IpcMode === 'private' || s.IpcMode === '') &&
    s.UTSMode === ''
  );
}
