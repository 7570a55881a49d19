import type { Host } from '../host';
import type { ProcessContext } from './processContext';

/** A process `docker exec` started in a container, as its PID namespace knows it. */
export interface ExecProcess {
  ctx: ProcessContext;
  /** Its PID inside the container (PID 1 is the container's main process). */
  nsPid: number;
  argv: string[];
  /** Its user's UID (`docker exec -u`). */
  uid: number;
}

/**
 * The exec'd processes alive in each container, by exec ID: `ps` inside the container lists
 * them beside PID 1, and PID 1's death kills them (the kernel empties a PID namespace whose
 * init exits). Kept per machine, as the kernel is.
 */
const byMachine = new WeakMap<Host, Map<string, Map<string, ExecProcess>>>();

function table(host: Host, containerId: string): Map<string, ExecProcess> {
  let byContainer = byMachine.get(host.machine);
  if (!byContainer) byMachine.set(host.machine, (byContainer = new Map()));
  let execs = byContainer.get(containerId);
  if (!execs) byContainer.set(containerId, (execs = new Map()));
  return execs;
}

export function execProcessStarted(
  host: Host,
  containerId: string,
  execId: string,
  p: ExecProcess,
): void {
  table(host, containerId).set(execId, p);
}

export function execProcessEnded(host: Host, containerId: string, execId: string): void {
  const execs = table(host, containerId);
  execs.delete(execId);
  if (execs.size === 0) byMachine.get(host.machine)?.delete(containerId);
}

/** The live exec'd processes' contexts (a copy: killing one changes the table). */
export function execProcessesOf(host: Host, containerId: string): ProcessContext[] {
  return [...(byMachine.get(host.machine)?.get(containerId)?.values() ?? [])].map((p) => p.ctx);
}

/** What `ps` shows of them: PID inside the container and argv. */
export function execRows(
  host: Host,
  containerId: string,
): Array<{ pid: number; argv: string[]; uid: number }> {
  return [...(byMachine.get(host.machine)?.get(containerId)?.values() ?? [])].map((p) => ({
    pid: p.nsPid,
    argv: p.argv,
    uid: p.uid,
  }));
}
