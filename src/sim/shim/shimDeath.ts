/**
 * A shim that is killed (`sudo kill -9 <shim pid>` on the host, or the faults
 * panel). containerd-shim-runc-v2 installs no handler for SIGKILL (none can)
 * nor for SIGTERM, SIGINT, SIGHUP or SIGQUIT: any of them ends it. The kernel
 * then closes its sockets, so containerd's ttrpc connection to it closes
 * (`ttrpc: closed`); what containerd does next is in containerd/deadShim.ts.
 *
 * The container's processes do not die with the shim (the shim is their parent,
 * a subreaper, not their killer; the kernel reparents them): containerd's
 * cleanup kills them.
 */
import type { Host } from '../host';
import { shimId } from '../core/types';
import { aboutContainer } from '../trace/operations';

/** The signals that end a shim: it handles none of them (SIGKILL cannot be handled at all). */
const FATAL = new Set(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT']);

/** The container whose shim runs as `pid` on this machine, if any. */
export function shimContainerOf(host: Host, pid: number): string | undefined {
  for (const [id, shim] of host.shims) if (shim.shimPid === pid) return id;
  return undefined;
}

/**
 * How a shim's PID takes a signal (the kernel asks when it delivers one to a
 * PID that runs no simulated program): a fatal one ends the shim; others it
 * ignores, as DockScope models no handler for them.
 */
export function shimSignalReceiver(
  host: Host,
  pid: number,
): ((signal: string) => void) | undefined {
  const containerId = shimContainerOf(host, pid);
  if (containerId === undefined) return undefined;
  return (signal) => {
    if (!FATAL.has(signal) || !host.shims.has(containerId)) return;
    const self = shimId(containerId);
    const subjects = aboutContainer(containerId);
    const namespace = host.daemonOf(containerId).daemon.containerdNamespace;
    host.dropShim(containerId);
    // The process is gone: the kernel reaps it (kernelReceiver) and closes its sockets.
    host.net.send(self, {
      to: 'kernel',
      protocol: 'syscall',
      kind: 'event',
      operation: `killed by ${signal}`,
      op: 'kernel.shim.killed',
      subjects,
      request: { call: 'killed', pid, signal },
      summary: `the shim (PID ${pid}) dies of ${signal}: the kernel ends it and closes its sockets`,
    });
    host.net.send(self, {
      to: 'containerd',
      protocol: 'ttrpc',
      kind: 'event',
      operation: 'ttrpc: closed',
      op: 'shim.connection.closed',
      subjects,
      request: { namespace, id: containerId, pid },
      summary:
        "the shim's end of the ttrpc socket is closed: containerd's connection to it reads EOF (ttrpc: closed)",
    });
  };
}
