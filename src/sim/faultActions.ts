/**
 * The faults panel's one-shot fault: kill a container's shim, the same as
 * `sudo kill -9 <shim pid>` typed in the host shell (kernel/hostKill.ts).
 * What follows is the shim's and containerd's (shim/shimDeath.ts,
 * containerd/deadShim.ts).
 */
import type { Host } from './host';
import type { Task } from './core/scheduler';
import { contextOf } from './core/actors';
import type { DockerdState } from './dockerd/model';
import { findContainer } from './dockerd/lookup';
import { DaemonError } from './dockerd/errors';
import { aboutContainer } from './trace/operations';

/** Send SIGKILL to the shim of `container` (a name or ID); one line saying what was done, or why not. */
export function killShimOf(host: Host, container: string): string {
  let id: string;
  try {
    id = findContainer(contextOf<DockerdState>(host.dockerd), container).id;
  } catch (e) {
    if (e instanceof DaemonError) return e.message;
    throw e;
  }
  const shim = host.shims.get(id);
  if (!shim) return `container ${container} has no shim running (it is not running)`;
  const pid = shim.shimPid;
  host.scheduler.spawn(
    (function* (): Task<void> {
      yield* host.net.as('bash').call({
        to: 'kernel',
        protocol: 'syscall',
        operation: `kill(${pid}, SIGKILL)`,
        op: 'kernel.host.kill',
        subjects: aboutContainer(id),
        request: { call: 'kill', pid, signal: 'SIGKILL' },
        summary: `fault: the shim of ${container} (PID ${pid}) gets SIGKILL, as "sudo kill -9 ${pid}" in the host shell would send`,
      });
    })(),
  );
  return `sent SIGKILL to the shim of ${container} (PID ${pid})`;
}
