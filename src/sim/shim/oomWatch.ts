/**
 * containerd-shim-runc-v2's OOM watcher on cgroup v2 (containerd pkg/oom/v2): it watches
 * the container cgroup's memory.events with inotify; when the file changes it reads it,
 * and an oom_kill count higher than the last one it saw becomes a TaskOOM event
 * (topic /tasks/oom) forwarded to containerd.
 */
import type { Host } from '../host';
import type { Message } from '../core/types';
import { shimId } from '../core/types';
import { TTRPC } from '../containerd/services';
import { aboutContainer } from '../trace/operations';
import { eventCounts } from '../kernel/cgroupFiles';

/** The last oom_kill count each shim published: a new shim (a new start) starts from 0. */
const lastSeen = new WeakMap<object, number>();

/** True when `m` was the kernel's inotify event for memory.events (handled here). */
export function shimHeardCgroupEvent(
  host: Host,
  containerId: string,
  namespace: string,
  m: Message,
): boolean {
  if (m.op !== 'kernel.cgroup.events') return false;
  const path = (m.request as { path: string }).path;
  host.scheduler.spawn(
    (function* () {
      const self = shimId(containerId);
      const read = yield* host.net.call<{ content?: string }>(self, {
        to: 'kernel',
        protocol: 'syscall',
        operation: `read ${path}`,
        op: 'kernel.cgroup.read',
        subjects: aboutContainer(containerId),
        request: { call: 'cgroup.read', path },
        summary: 'the shim reads memory.events to see what changed',
      });
      const kills = eventCounts(String(read.body?.content ?? '').trim()).oom_kill ?? 0;
      const shim = host.shims.get(containerId);
      if (!shim || kills <= (lastSeen.get(shim) ?? 0)) return;
      lastSeen.set(shim, kills);
      host.net.send(self, {
        to: 'containerd',
        protocol: 'ttrpc',
        kind: 'event',
        operation: TTRPC.forward,
        op: 'shim.events.oom',
        subjects: aboutContainer(containerId),
        request: { namespace, topic: '/tasks/oom', event: { container_id: containerId } },
        summary: `oom_kill went up to ${kills}: the shim publishes TaskOOM for the container`,
      });
    })(),
  );
  return true;
}
