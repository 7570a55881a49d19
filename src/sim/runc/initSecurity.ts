// ── sec: what runc init does with the spec's namespaces and security settings ──
/**
 * runc reads the namespaces and the process's security settings from
 * config.json: a namespace with a `path` is joined (setns), one left out is
 * the host's, the others are made by clone(2); then capabilities, no_new_privs,
 * the seccomp filter and the user are set (libcontainer's standard_init_linux.go).
 */
import type { OciSpec } from '../dockerd/ociSpec';
import type { CredentialsRequest } from '../kernel/credentials';

/** The kernel's names for namespace kinds, as `/proc/<pid>/ns/` has them. */
type NamespaceKind = 'mnt' | 'uts' | 'ipc' | 'pid' | 'net' | 'cgroup';

const KIND: Record<string, NamespaceKind> = {
  mount: 'mnt',
  uts: 'uts',
  ipc: 'ipc',
  pid: 'pid',
  network: 'net',
  cgroup: 'cgroup',
};
const WORD: Record<string, string> = {
  mount: 'mount',
  uts: 'UTS',
  ipc: 'IPC',
  pid: 'PID',
  network: 'network',
  cgroup: 'cgroup',
};

/** The kinds joined, by the PID whose `/proc/<pid>/ns/<kind>` the spec names. */
export function joinedNamespaces(spec: OciSpec): Partial<Record<NamespaceKind, number>> {
  const out: Partial<Record<NamespaceKind, number>> = {};
  for (const ns of spec.linux.namespaces) {
    const pid = /^\/proc\/(\d+)\/ns\//.exec(ns.path ?? '')?.[1];
    const kind = KIND[ns.type];
    if (pid && kind) out[kind] = Number(pid);
  }
  return out;
}

/** What the clone step says: which namespaces are new, joined, or the host's. */
export function namespaceSummary(spec: OciSpec): string {
  const made = spec.linux.namespaces.filter((n) => !n.path).map((n) => WORD[n.type] ?? n.type);
  const joined = spec.linux.namespaces
    .filter((n) => n.path)
    .map((n) => `${WORD[n.type] ?? n.type} (${n.path})`);
  const host = ['network', 'pid', 'ipc', 'uts']
    .filter((t) => !spec.linux.namespaces.some((n) => n.type === t))
    .map((t) => WORD[t]!);
  const list = (xs: string[]) =>
    xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
  let text = `runc starts \`runc init\` in new ${list(made)} namespaces`;
  if (joined.length)
    text += `; it joins the ${list(joined)} namespace${joined.length > 1 ? 's' : ''} of another container`;
  if (host.length)
    text += `; the ${list(host)} namespace${host.length > 1 ? 's are' : ' is'} the host's`;
  return text;
}

/** runc init's credentials step, from the spec (the kernel records it). */
export function credentialsRequest(containerId: string, spec: OciSpec): CredentialsRequest {
  const present = new Set(spec.linux.namespaces.map((n) => n.type));
  const hostKinds = (
    [
      ['network', 'net'],
      ['pid', 'pid'],
      ['ipc', 'ipc'],
      ['uts', 'uts'],
    ] as const
  )
    .filter(([t]) => !present.has(t))
    .map(([, k]) => k);
  const joined = joinedNamespaces(spec);
  const user = spec.process.user;
  return {
    call: 'creds.set',
    containerId,
    uid: user.uid,
    gid: user.gid,
    groups: user.additionalGids ?? [user.gid],
    caps: [...(spec.process.capabilities?.effective ?? [])],
    noNewPrivileges: !!spec.process.noNewPrivileges,
    seccomp: !!spec.linux.seccomp,
    apparmorProfile: spec.process.apparmorProfile ?? '',
    rootReadonly: !!spec.root.readonly,
    hostKinds,
    joined: {
      ...(joined.net !== undefined ? { net: joined.net } : {}),
      ...(joined.pid !== undefined ? { pid: joined.pid } : {}),
      ...(joined.ipc !== undefined ? { ipc: joined.ipc } : {}),
    },
  };
}

/** What the capset step says, for 14 capabilities or for all of them. */
export function capabilitySummary(spec: OciSpec): string {
  const n = spec.process.capabilities?.effective?.length ?? 0;
  const who =
    spec.process.user.uid === 0 ? 'root inside the container' : `UID ${spec.process.user.uid}`;
  if (n >= 41) return `${who} keeps every capability (--privileged): as much as root on the host`;
  return `${who} keeps ${n} capabilities, not the full set of 41`;
}
