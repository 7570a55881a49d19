/**
 * containerd as a process of its host (containerd.service): started by
 * systemd, stopped by SIGTERM. containerd.service has KillMode=process, so
 * stopping containerd leaves every shim running, and each shim keeps its
 * container's process. A containerd that starts again finds the tasks it ran
 * (their bundles under /run/containerd/io.containerd.runtime.v2.task) and
 * connects to each shim's socket again (containerd 1.7 runtime/v2 loadShims:
 * Task.Connect asks the shim for its PIDs). Also here: Tasks.Get, with which a
 * starting dockerd restores its containers.
 */
import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import { contextOf } from '../core/actors';
import { shimId } from '../core/types';
import { aboutContainer } from '../trace/operations';
import type { ContainerdState } from './containerdMachine';
import { containerdHandler, containerdReceiver, namespaceOf } from './containerdServer';
import { GRPC, TTRPC } from './services';

/** Put containerd on the wire: its process's answers first, then its gRPC services. */
export function installContainerd(host: Host): void {
  const services = containerdHandler(host);
  host.net.register(
    'containerd',
    (inbound) => containerdProcessAnswer(host, inbound) ?? services(inbound),
  );
  host.net.receive('containerd', containerdReceiver(host));
}

function containerdProcessAnswer(host: Host, inbound: Inbound): Task<Reply> | Reply | undefined {
  if (inbound.operation === '/usr/bin/containerd') return startContainerd(host, inbound);
  if (inbound.operation === 'kill(SIGTERM)')
    return {
      status: 'OK',
      summary:
        'containerd exits; its shims are not its children in the unit’s kill list (KillMode=process) and keep the containers running',
    };
  if (inbound.operation === GRPC.tasksGet) return tasksGet(host, inbound);
  return undefined;
}

/** Tasks.Get: the task of a container in the caller's namespace, or NotFound. */
function tasksGet(host: Host, inbound: Inbound): Reply {
  const req = (inbound.request ?? {}) as { container_id?: string };
  const ns = namespaceOf(inbound.request);
  const store = ns ? host.daemonInNamespace(ns)?.containerd : host.containerd;
  const id = String(req.container_id ?? '');
  const t = store ? contextOf<ContainerdState>(store).tasks[id] : undefined;
  if (!t) return { status: 'NotFound', summary: `no task for ${id.slice(0, 12)}` };
  const status = t.status.toUpperCase();
  return {
    status: 'OK',
    body: {
      process: {
        id,
        pid: t.pid,
        status,
        ...(t.exitStatus !== undefined ? { exit_status: t.exitStatus } : {}),
      },
    },
    summary: `task ${id.slice(0, 12)}: ${status}, PID ${t.pid}`,
  };
}

function* startContainerd(host: Host, inbound: Inbound): Task<Reply> {
  // Every namespace's tasks that had not stopped: their shims kept running.
  let shims = 0;
  for (const d of host.daemons) {
    const tasks = contextOf<ContainerdState>(d.containerd).tasks;
    for (const [id, t] of Object.entries(tasks)) {
      if (t.status === 'stopped') continue;
      const ns = d.daemon.containerdNamespace;
      const r = yield* inbound.call({
        to: shimId(id),
        protocol: 'ttrpc',
        operation: TTRPC.connect,
        op: 'shim.task.connect',
        subjects: aboutContainer(id),
        request: { metadata: { 'containerd-namespace-ttrpc': ns }, id },
        summary: `containerd reads /run/containerd/io.containerd.runtime.v2.task/${ns}/${id.slice(0, 12)}…/address and dials the shim's socket again`,
      });
      if (r.status === 'OK') shims++;
    }
  }
  return {
    status: 'OK',
    summary: `containerd is serving again and reconnected to ${shims} running shim${shims === 1 ? '' : 's'} (sd_notify READY=1)`,
  };
}
