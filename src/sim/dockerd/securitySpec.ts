// ── sec: the OCI spec's security parts and namespaces, as moby's oci_linux.go builds them ──
/**
 * At `docker start` dockerd turns the container's security settings into the
 * runtime spec (moby v28.2.2 daemon/oci_linux.go createSpec): WithNamespaces
 * (a host namespace is left out, a joined one names `/proc/<pid>/ns/<kind>` of
 * the donor's PID 1), WithCapabilities (caps.TweakCapabilities), WithDevices,
 * WithSeccomp, WithApparmor, WithUser (getUser), withMounts (read-only root,
 * privileged /sys and cgroup writable, no masked paths) and WithNoNewPrivileges.
 * The donors are checked first, with moby's errors (initializeNetworking,
 * getPIDContainer, getIPCContainer).
 */
import type { Host } from '../host';
import { commit, contextOf } from '../core/actors';
import type { ContainerRecord, DockerdState } from './model';
import { DaemonError, conflict } from './errors';
import { findContainer } from './lookup';
import { DEFAULT_CAPABILITIES, type OciSpec } from './ociSpec';
import {
  appArmorProfileOf,
  effectiveCapabilities,
  parseSecurityOpt,
  securityOf,
  type DeviceMapping,
} from './securityOptions';
import { execUser } from './exec';
import { specMounts } from './mounts';
import { loadSeccompProfile } from './seccompProfile';

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

/** A device node of the simulated host (a typical VM's /dev), as the OCI spec lists one. */
export interface HostDevice {
  path: string;
  type: 'c' | 'b';
  major: number;
  minor: number;
  /** Permission bits (decimal in config.json: 438 is 0666). */
  fileMode: number;
  uid: number;
  gid: number;
}

const dev = (
  path: string,
  type: 'c' | 'b',
  major: number,
  minor: number,
  mode: number,
  gid = 0,
): HostDevice => ({ path, type, major, minor, fileMode: mode, uid: 0, gid });

/**
 * The simulated host's device nodes: what `--privileged` hands the container
 * (containerd HostDevices walks the host's /dev) and what `--device` may name.
 * A real host has more; the numbers are Linux's (devices.txt): mem 1:1, null 1:3…
 * gid 5 is tty, 6 disk, 15 kmem (Ubuntu's /etc/group).
 */
export const HOST_DEVICES: readonly HostDevice[] = [
  dev('/dev/mem', 'c', 1, 1, 0o640, 15),
  dev('/dev/null', 'c', 1, 3, 0o666),
  dev('/dev/zero', 'c', 1, 5, 0o666),
  dev('/dev/full', 'c', 1, 7, 0o666),
  dev('/dev/random', 'c', 1, 8, 0o666),
  dev('/dev/urandom', 'c', 1, 9, 0o666),
  dev('/dev/kmsg', 'c', 1, 11, 0o644),
  dev('/dev/tty', 'c', 5, 0, 0o666, 5),
  dev('/dev/console', 'c', 5, 1, 0o600),
  dev('/dev/ptmx', 'c', 5, 2, 0o666, 5),
  dev('/dev/loop0', 'b', 7, 0, 0o660, 6),
  dev('/dev/sda', 'b', 8, 0, 0o660, 6),
  dev('/dev/sda1', 'b', 8, 1, 0o660, 6),
  dev('/dev/net/tun', 'c', 10, 200, 0o666),
  dev('/dev/fuse', 'c', 10, 229, 0o666),
  dev('/dev/loop-control', 'c', 10, 237, 0o660, 6),
];

/** The donors whose namespaces the container joins, by kind, with their PID 1. */
export interface Joins {
  net?: ContainerRecord;
  pid?: ContainerRecord;
  ipc?: ContainerRecord;
  /** `--network container:`: the container takes its donor's hostname (moby initializeNetworking). */
  hostname?: string;
}

const donorName = (mode: string) => mode.slice(mode.indexOf(':') + 1);

/**
 * Look up the containers whose namespaces this one joins, before anything is
 * set up, with moby's errors: the network donor must exist, not be this
 * container and run; the PID and IPC donors must run, and an IPC donor must be
 * shareable (its /dev/shm is then a directory dockerd can hand over).
 */
export function joinNamespaces(host: Host, c: ContainerRecord): Joins {
  const d = state(host);
  const s = securityOf(c);
  const joins: Joins = {};
  const mode = c.hostConfig.NetworkMode;
  if (mode.startsWith('container:')) {
    let nc: ContainerRecord;
    try {
      nc = findContainer(d, donorName(mode));
    } catch (e) {
      if (!(e instanceof DaemonError)) throw e;
      throw new DaemonError('System', `joining network namespace of container: ${e.message}`);
    }
    if (nc.id === c.id) throw new DaemonError('System', 'cannot join own network namespace');
    if (nc.state !== 'running')
      throw conflict(
        `cannot join network namespace of a non running container: container ${nc.name} is ${nc.state}`,
      );
    joins.net = nc;
    joins.hostname = nc.config.Hostname;
    if (c.config.Hostname !== nc.config.Hostname)
      commit(host.dockerd, {
        type: 'container.updated',
        id: c.id,
        patch: { config: { ...c.config, Hostname: nc.config.Hostname } },
      });
  }
  const running = (kind: 'IPC' | 'PID', m: string): ContainerRecord => {
    const wrap = (msg: string) =>
      new DaemonError('System', `failed to join ${kind} namespace: ${msg}`);
    let donor: ContainerRecord;
    try {
      donor = findContainer(d, donorName(m));
    } catch (e) {
      if (e instanceof DaemonError) throw wrap(e.message);
      throw e;
    }
    if (donor.state !== 'running') throw wrap(`container ${donorName(m)} is not running`);
    return donor;
  };
  if (s.PidMode.startsWith('container:')) joins.pid = running('PID', s.PidMode);
  if (s.IpcMode.startsWith('container:')) {
    const donor = running('IPC', s.IpcMode);
    const donorIpc = securityOf(donor).IpcMode;
    if (donorIpc !== 'shareable' && donorIpc !== 'host')
      throw new DaemonError(
        'System',
        `failed to join IPC namespace: container ${donorName(s.IpcMode)}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)`,
      );
    joins.ipc = donor;
  }
  // Checked here too, before anything is mounted: an unknown user or device, or a seccomp
  // profile dockerd cannot load, fails the start cleanly.
  specUser(c, []);
  for (const m of s.Devices) deviceFor(m);
  seccompOf(c);
  return joins;
}

/**
 * moby getUser for the users DockScope knows: '' is root with the image's
 * groups, a numeric `uid[:gid]` needs no lookup (a UID the image's passwd
 * lacks gets GID 0), root and nobody by name; `--group-add` GIDs follow.
 */
function specUser(
  c: ContainerRecord,
  rootGroups: readonly number[],
): { uid: number; gid: number; additionalGids: number[] } {
  const groups = (securityOf(c).GroupAdd ?? []).map(groupId);
  const user = c.config.User;
  if (!user) return { uid: 0, gid: 0, additionalGids: [...rootGroups, ...groups] };
  const u = execUser(user);
  if (!u)
    throw new DaemonError(
      'System',
      `DockScope resolves the users root and nobody, and numeric uid[:gid], from the image's /etc/passwd; not ${user}`,
    );
  // Root by name or UID 0 without a group keeps the image's memberships (Sgids).
  const own = u.uid === 0 && u.gid === 0 ? [...rootGroups] : [u.gid];
  return { uid: u.uid, gid: u.gid, additionalGids: [...own, ...groups] };
}

/**
 * A `--group-add` GID (moby GetAdditionalGroupsPath): a number as it is, a name
 * looked up in the image's /etc/group. DockScope knows root and nobody/nogroup there.
 */
function groupId(g: string): number {
  if (/^\d+$/.test(g)) return Number(g);
  const known: Readonly<Record<string, number>> = { root: 0, nobody: 65534, nogroup: 65534 };
  const gid = known[g];
  if (gid === undefined)
    throw new DaemonError(
      'System',
      `DockScope resolves the groups root and nobody (nogroup), and numeric GIDs, from the image's /etc/group; not ${g}`,
    );
  return gid;
}

/** `--device /dev/x[:/dev/y][:rwm]`: the host's node, or moby's error (DevicesFromPath). */
function deviceFor(m: DeviceMapping): HostDevice {
  const found = HOST_DEVICES.find((d) => d.path === m.PathOnHost);
  if (!found)
    throw new DaemonError(
      'System',
      `error gathering device information while adding custom device "${m.PathOnHost}": no such file or directory`,
    );
  return found;
}

/**
 * WithSeccomp: `none` (unconfined; privileged without a profile of its own; a profile with
 * neither a default action nor rules), `default` (Docker's), or the profile the CLI sent,
 * loaded (privileged or not; with --privileged even `builtin` goes to LoadProfile, which
 * cannot decode it).
 */
function seccompOf(
  c: ContainerRecord,
): 'none' | 'default' | NonNullable<OciSpec['linux']['seccomp']> {
  const s = securityOf(c);
  const profile = parseSecurityOpt(s.SecurityOpt ?? []).seccompProfile;
  if (profile === 'unconfined') return 'none';
  const custom =
    !['', 'unconfined', 'builtin'].includes(profile) || (s.Privileged && profile === 'builtin');
  if (!custom) return s.Privileged ? 'none' : 'default';
  return loadSeccompProfile(profile, effectiveCapabilities(DEFAULT_CAPABILITIES, s)) ?? 'none';
}

/** The mounts withMounts leaves writable on a read-only root (moby's list). */
const KEEP_WRITABLE = new Set(['/proc', '/dev/pts', '/dev/shm', '/dev/mqueue', '/dev']);

/**
 * Apply the container's security settings and namespace modes to the spec
 * buildOciSpec made (which has the defaults: 14 capabilities, default seccomp,
 * docker-default, root, six new namespaces).
 */
export function secureSpec(
  c: ContainerRecord,
  spec: OciSpec,
  joins: Joins,
  rootGroups: readonly number[],
): OciSpec {
  const s = securityOf(c);
  const opts = parseSecurityOpt(s.SecurityOpt ?? []);
  const caps = effectiveCapabilities(DEFAULT_CAPABILITIES, s);
  const process: OciSpec['process'] = {
    ...spec.process,
    user: specUser(c, rootGroups),
    capabilities: { bounding: caps, effective: caps, permitted: caps },
    apparmorProfile: appArmorProfileOf(c),
    ...(opts.noNewPrivileges ? { noNewPrivileges: true } : {}),
  };
  // WithNamespaces: host modes drop the kind, container modes join the donor's PID 1's.
  const netMode = c.hostConfig.NetworkMode;
  const namespaces: OciSpec['linux']['namespaces'] = [];
  for (const ns of spec.linux.namespaces) {
    if (ns.type === 'network') {
      if (netMode === 'host') continue;
      if (joins.net) {
        namespaces.push({ type: 'network', path: `/proc/${joins.net.pid}/ns/net` });
        continue;
      }
    }
    if (ns.type === 'pid') {
      if (s.PidMode === 'host') continue;
      if (joins.pid) {
        namespaces.push({ type: 'pid', path: `/proc/${joins.pid.pid}/ns/pid` });
        continue;
      }
    }
    if (ns.type === 'ipc') {
      if (s.IpcMode === 'host') continue;
      if (joins.ipc) {
        namespaces.push({ type: 'ipc', path: `/proc/${joins.ipc.pid}/ns/ipc` });
        continue;
      }
    }
    if (ns.type === 'uts' && s.UTSMode === 'host') continue;
    namespaces.push(ns);
  }
  // WithDevices: privileged gets every host device and a cgroup rule allowing all.
  const base = spec.linux.resources?.devices ?? [];
  let devices: HostDevice[] = [];
  let rules: NonNullable<NonNullable<OciSpec['linux']['resources']>['devices']> = [...base];
  if (s.Privileged) {
    devices = [...HOST_DEVICES];
    for (const m of s.Devices)
      if (m.PathOnHost !== m.PathInContainer)
        devices.push({ ...deviceFor(m), path: m.PathInContainer });
    rules = [...base, { allow: true, access: 'rwm' }];
  } else {
    for (const m of s.Devices) {
      const d = deviceFor(m);
      devices.push({ ...d, path: m.PathInContainer });
      rules.push({
        allow: true,
        type: d.type,
        major: d.major,
        minor: d.minor,
        access: m.CgroupPermissions,
      });
    }
  }
  // withMounts: a read-only root makes Docker's own mounts read-only too, except the kernel's
  // pseudo-filesystems; privileged makes /sys and the cgroup mount writable.
  const userMounts = new Set(specMounts(c).map((m) => m.destination));
  const mounts = spec.mounts.map((m) => {
    let options = m.options;
    if (s.ReadonlyRootfs && !KEEP_WRITABLE.has(m.destination) && !userMounts.has(m.destination))
      if (!options?.includes('ro')) options = [...(options ?? []), 'ro'];
    if (s.Privileged && (m.destination === '/sys' || m.type === 'cgroup'))
      options = options?.filter((o) => o !== 'ro');
    return options === m.options ? m : { ...m, options };
  });
  const seccomp = seccompOf(c);
  const linux: OciSpec['linux'] = {
    ...spec.linux,
    namespaces,
    ...(devices.length ? { devices } : {}),
    resources: { ...spec.linux.resources, devices: rules },
  };
  if (seccomp === 'none') delete linux.seccomp;
  else if (seccomp !== 'default') linux.seccomp = seccomp;
  if (s.Privileged) {
    delete linux.maskedPaths;
    delete linux.readonlyPaths;
  }
  const hostname = s.UTSMode === 'host' ? '' : (joins.hostname ?? spec.hostname);
  return {
    ...spec,
    process,
    root: s.ReadonlyRootfs ? { ...spec.root, readonly: true } : spec.root,
    hostname,
    mounts,
    linux,
  };
}
