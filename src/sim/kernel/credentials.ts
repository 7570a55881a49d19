// ── sec: what a container's processes may do, as the kernel holds it ──
/**
 * runc init sets up the process's credentials before it execs the program:
 * its capability sets (capset), no_new_privs (prctl), the seccomp filter,
 * the AppArmor profile it execs under, its UID/GID and supplementary groups
 * (setgroups/setgid/setuid), the read-only remount of the root; and it was
 * cloned into new namespaces or setns'd into a donor's. The kernel keeps that
 * per task; DockScope keeps it per container (every process of a container
 * has the same, exec'd ones too: an exec copies the container's process spec,
 * only `-u` changes the user) and the programs ask it here, never dockerd.
 */
import type { Host } from '../host';
import { contextOf } from '../core/actors';
import type { KernelState } from './kernelMachine';
import { DEFAULT_CAPABILITIES } from '../dockerd/ociSpec';
import { ENGINE } from '../dockerd/routes/system';
import type { ProcessContext } from './processContext';

export interface Credentials {
  uid: number;
  gid: number;
  /** Supplementary groups (setgroups), the primary GID first as moby lists it. */
  groups: number[];
  /** The effective set (equal to bounding and permitted in Docker's specs). */
  caps: readonly string[];
  noNewPrivileges: boolean;
  /** A seccomp filter is loaded (the default profile): not for privileged or unconfined. */
  seccomp: boolean;
  apparmorProfile: string;
  /** root.readonly: runc remounted the root read-only. */
  rootReadonly: boolean;
  /**
   * Which namespaces are not the container's own: `host` (none was made: the
   * host's), or the ID of the container whose namespace it joined.
   */
  shared: Partial<Record<'net' | 'pid' | 'ipc' | 'uts', string>>;
}

/** runc init's credentials step, as one message to the kernel. */
export interface CredentialsRequest {
  call: 'creds.set';
  containerId: string;
  uid: number;
  gid: number;
  groups: number[];
  caps: string[];
  noNewPrivileges: boolean;
  seccomp: boolean;
  apparmorProfile: string;
  rootReadonly: boolean;
  /** Namespace kinds the spec left out (the host's). */
  hostKinds: Array<'net' | 'pid' | 'ipc' | 'uts'>;
  /** Namespace kinds joined, with the PID whose /proc/<pid>/ns/<kind> runc init setns'd into. */
  joined: Partial<Record<'net' | 'pid' | 'ipc', number>>;
}

const byHost = new WeakMap<Host, Map<string, Credentials>>();

function table(host: Host): Map<string, Credentials> {
  let t = byHost.get(host);
  if (!t) byHost.set(host, (t = new Map()));
  return t;
}

/** The kernel records the credentials runc init set (answers 0, as capset and setuid do). */
export function setCredentials(host: Host, req: CredentialsRequest) {
  const k = contextOf<KernelState>(host.kernel);
  const shared: Credentials['shared'] = {};
  for (const kind of req.hostKinds) shared[kind] = 'host';
  for (const [kind, pid] of Object.entries(req.joined) as Array<['net' | 'pid' | 'ipc', number]>) {
    const owner = k.processes[pid]?.containerId;
    // The donor may itself have joined another's (`container:side`, side on `container:web`):
    // /proc/<pid>/ns/<kind> is then that one's namespace.
    const further = owner ? credentialsOf(host, owner)?.shared[kind] : undefined;
    if (owner) shared[kind] = further && further !== 'host' ? further : owner;
  }
  table(host).set(req.containerId, {
    uid: req.uid,
    gid: req.gid,
    groups: req.groups,
    caps: req.caps,
    noNewPrivileges: req.noNewPrivileges,
    seccomp: req.seccomp,
    apparmorProfile: req.apparmorProfile,
    rootReadonly: req.rootReadonly,
    shared,
  });
  return {
    status: 0,
    summary: `${req.caps.length} capabilities; uid ${req.uid}, gid ${req.gid}${req.rootReadonly ? '; root remounted read-only' : ''}`,
  };
}

/** What runc init set for the container (a container started before this was modelled: Docker's defaults). */
export function credentialsOf(host: Host, containerId: string): Credentials | undefined {
  return table(host).get(containerId);
}

/** capable(2): does the process hold this capability in its effective set? */
export function capable(ctx: ProcessContext, cap: string): boolean {
  const creds = credentialsOf(ctx.host, ctx.containerId);
  // None recorded: Docker's default set, which has no NET_ADMIN or SYS_ADMIN.
  return (creds?.caps ?? DEFAULT_CAPABILITIES).includes(cap);
}

/** The container whose network namespace this one's processes are in (its own, or a donor's). */
export function netNamespaceOwner(host: Host, containerId: string): string {
  const shared = credentialsOf(host, containerId)?.shared.net;
  return shared && shared !== 'host' ? shared : containerId;
}

/** Is this namespace kind the host's for the container (`--pid host`, `--uts host`…)? */
export function usesHostNamespace(
  host: Host,
  containerId: string,
  kind: 'net' | 'pid' | 'ipc' | 'uts',
): boolean {
  return credentialsOf(host, containerId)?.shared[kind] === 'host';
}

/** The container whose PID namespace this one joined (`--pid container:<name>`), if any. */
export function pidNamespaceDonor(host: Host, containerId: string): string | undefined {
  const shared = credentialsOf(host, containerId)?.shared.pid;
  return shared && shared !== 'host' ? shared : undefined;
}

/**
 * The host's own hostname (gethostname(2) in its initial UTS namespace): the
 * name `docker info` reports for this machine.
 */
export function hostHostname(host: Host): string {
  return host.name === 'local' ? ENGINE.hostname : host.name;
}

/** Is the container's root filesystem read-only (`--read-only`)? */
export function rootReadonly(host: Host, containerId: string): boolean {
  return credentialsOf(host, containerId)?.rootReadonly ?? false;
}
