/**
 * What containerd does when a shim's connection closes under it (the shim was
 * killed: shim/shimDeath.ts), as containerd 2.0's shim manager does
 * (core/runtime/v2/shim.go, cleanupAfterDeadShim; containerd 1.7 the same):
 *
 * 1. It runs the shim binary once more, in its `delete` mode
 *    (`containerd-shim-runc-v2 -namespace moby -id <id> … delete`), which runs
 *    `runc delete --force <id>`: the container's processes are killed (SIGKILL)
 *    and its cgroup removed; the delete reports exit status 137 (128 + SIGKILL,
 *    cmd/containerd-shim-runc-v2/manager Stop).
 * 2. It removes the task's bundle and publishes TaskExit with that status (and
 *    TaskDelete). dockerd handles the exit as any other: `docker ps -a` shows
 *    Exited (137).
 *
 * DockScope draws step 1 as containerd's own call to runc (the short-lived
 * `delete` process of the shim binary is not drawn as a node of its own).
 */
import type { Host } from '../host';
import type { Message } from '../core/types';
import { commit, contextOf } from '../core/actors';
import { sleep, type Task } from '../core/scheduler';
import { aboutContainer } from '../trace/operations';
import { DEFAULT_RUNC_ROOT, bundleDir, runcRoot } from './services';
import type { ContainerdState } from './containerdMachine';

/** runc delete --force ends the container with SIGKILL: 128 + 9. */
export const DEAD_SHIM_EXIT_STATUS = 137;

/** containerd's receiver hands it a shim's closed connection. */
export function isShimClosed(m: Message): boolean {
  return m.op === 'shim.connection.closed';
}

/** Clean up after the dead shim of the task named in `m` (spawned as containerd's own work). */
export function cleanUpAfterDeadShim(host: Host, m: Message): void {
  const { namespace, id } = m.request as { namespace: string; id: string };
  host.scheduler.spawn(cleanUp(host, namespace, id));
}

function* cleanUp(host: Host, ns: string, id: string): Task<void> {
  const daemon = host.daemonInNamespace(ns);
  const store = daemon?.containerd;
  if (!daemon || !store) return;
  const containerd = host.net.as('containerd');
  const subjects = aboutContainer(id);
  // containerd's ttrpc client notices the close as it next reads: a moment, not a round trip.
  yield* sleep(0.05);
  const root = contextOf<ContainerdState>(store).containers[id]?.runtimeRoot ?? DEFAULT_RUNC_ROOT;
  const argv = [
    'runc',
    '--root',
    runcRoot(root, ns),
    '--log',
    `${bundleDir(ns, id)}/log.json`,
    '--log-format',
    'json',
    '--systemd-cgroup',
    'delete',
    '--force',
    id,
  ];
  yield* containerd.call({
    to: 'runc',
    protocol: 'exec',
    operation: 'runc delete --force',
    op: 'runc.delete',
    subjects,
    request: { argv },
    traced: { argv },
    summary: `the shim disconnected: containerd runs "containerd-shim-runc-v2 -namespace ${ns} … -id ${id.slice(0, 12)}… -bundle … delete", which runs runc delete --force: the container's processes get SIGKILL (DockScope draws it as containerd's call)`,
  });
  yield* containerd.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `unlinkat ${bundleDir(ns, id)} (os.RemoveAll)`,
    op: 'kernel.bundle.remove',
    subjects,
    request: { call: 'file.remove', path: bundleDir(ns, id), what: `${bundleDir(ns, id)} removed` },
    summary: "containerd deletes the dead shim's bundle directory",
  });
  const task = contextOf<ContainerdState>(store).tasks[id];
  // The delete reads init's PID from the bundle's init.pid and reports it with the status.
  const pid = task?.pid ?? 0;
  if (task) {
    if (task.status !== 'stopped')
      commit(store, { type: 'task.exited', id, exitStatus: DEAD_SHIM_EXIT_STATUS });
    commit(store, { type: 'task.deleted', id });
  }
  host.net.send('containerd', {
    to: daemon.daemonId,
    protocol: 'event',
    operation: '/tasks/exit',
    op: 'containerd.events.exit',
    subjects,
    request: { namespace: ns, container_id: id, id, pid, exit_status: DEAD_SHIM_EXIT_STATUS },
    summary: `containerd publishes TaskExit for the task whose shim died: status ${DEAD_SHIM_EXIT_STATUS} (128 + SIGKILL), as the shim's delete reported`,
  });
}
