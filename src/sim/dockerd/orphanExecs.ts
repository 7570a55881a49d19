/**
 * Execs that outlive their container's task in dockerd's records: it happens
 * when the shim was killed (shim/shimDeath.ts), as the shim that would have
 * reported each exec'd process's death is gone. On the container's exit moby's
 * Cleanup unregisters every exec of the container (daemon/start.go Cleanup:
 * unregisterExecCommand for each); DockScope keeps the record for inspect and
 * marks it ended with 137, the status its process died with (runc delete --force
 * kills the whole container with SIGKILL), and ends any client attached to it.
 */
import type { Host } from '../host';
import { commit, contextOf } from '../core/actors';
import type { DockerdState } from './model';

const KILLED = 137;

export function endOrphanedExecs(host: Host, containerId: string): void {
  const execs = Object.values(contextOf<DockerdState>(host.dockerd).execs);
  for (const e of execs) {
    if (e.containerId !== containerId || !e.running) continue;
    commit(host.dockerd, {
      type: 'exec.updated',
      execId: e.id,
      patch: { running: false, exitCode: KILLED, finishedAt: host.scheduler.now },
    });
    host.io.taskExited(e.id);
    host.io.exited(e.id, { exitCode: KILLED });
  }
}
