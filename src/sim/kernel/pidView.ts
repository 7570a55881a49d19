// ── sec: `ps` in a container that shares another PID namespace (`--pid host`, `--pid container:<name>`) ──
/**
 * BusyBox ps lists /proc, and /proc shows the processes of the PID namespace
 * the reader is in. With `--pid host` no PID namespace was made: the container
 * sees the host's processes with their host PIDs (systemd, containerd,
 * dockerd, every shim and every container's processes). With `--pid
 * container:web` runc init joined web's: PID 1 is web's main process, and the
 * joining container's own process has a PID after web's.
 */
import type { Host } from '../host';
import { contextOf } from '../core/actors';
import type { KernelProcess, KernelState } from './kernelMachine';
import type { ProcessContext } from './processContext';
import { execRows } from './execProcesses';
import { nextNsPid } from './processView';
import { pidNamespaceDonor, usesHostNamespace } from './credentials';
import { DOCKERD_PID } from '../dockerd/model';
import { CONTAINERD_PID } from './hostView';

/**
 * The host's own processes DockScope models (as the host view has them, hostView.ts:
 * systemd as PID 1, containerd, dockerd). A real
 * host also has kernel threads (`[kthreadd]`…) and more services; they are not simulated.
 */
const HOST_OWN: ReadonlyArray<{ pid: number; argv: string[] }> = [
  { pid: 1, argv: ['/sbin/init'] },
  { pid: CONTAINERD_PID, argv: ['/usr/bin/containerd'] },
  {
    pid: DOCKERD_PID,
    argv: ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'],
  },
];

/** The joining container's PID inside its donor's namespace, fixed once it is given. */
const joinedPids = new WeakMap<Host, Map<string, number>>();

function pidInDonor(host: Host, donorId: string, containerId: string): number {
  let m = joinedPids.get(host);
  if (!m) joinedPids.set(host, (m = new Map()));
  let pid = m.get(containerId);
  if (pid === undefined) m.set(containerId, (pid = nextNsPid(host, donorId)));
  return pid;
}

const user = (uid: number) => (uid === 0 ? 'root' : uid === 65534 ? 'nobody' : String(uid));

function table(rows: ReadonlyArray<{ pid: number; argv: string[]; uid: number }>): string {
  return (
    'PID   USER     TIME  COMMAND\n' +
    [...rows]
      .sort((a, b) => a.pid - b.pid)
      .map(
        (r) => `${String(r.pid).padStart(5)} ${user(r.uid).padEnd(8)}  0:00 ${r.argv.join(' ')}\n`,
      )
      .join('')
  );
}

/** ps's whole output when the container does not have a PID namespace of its own, else undefined. */
export function sharedPidView(ctx: ProcessContext): string | undefined {
  const { host, containerId } = ctx;
  const k = contextOf<KernelState>(host.kernel);
  if (usesHostNamespace(host, containerId, 'pid')) {
    const rows = [
      ...HOST_OWN.map((p) => ({ ...p, uid: 0 })),
      ...(Object.values(k.processes) as KernelProcess[]).map((p) => ({
        pid: p.pid,
        argv: p.argv,
        uid: p.containerId === containerId ? (ctx.spec.uid ?? 0) : 0,
      })),
    ];
    return table(rows);
  }
  const donor = pidNamespaceDonor(host, containerId);
  if (!donor) return undefined;
  const donorMain = Object.values(k.processes).find(
    (p: KernelProcess) => p.containerId === donor && p.execId === undefined,
  ) as KernelProcess | undefined;
  const own = (Object.values(k.processes) as KernelProcess[]).find(
    (p) => p.containerId === containerId && p.execId === undefined,
  );
  const rows = [
    ...(donorMain ? [{ pid: 1, argv: donorMain.argv, uid: 0 }] : []),
    ...execRows(host, donor),
    ...(own
      ? [{ pid: pidInDonor(host, donor, containerId), argv: own.argv, uid: ctx.spec.uid ?? 0 }]
      : []),
  ];
  return table(rows);
}
