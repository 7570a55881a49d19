/**
 * containerd's tasks service for a task's resources: Tasks.Update hands the new
 * linux.resources to the task's shim (Task.Update), and Tasks.Metrics asks the shim for
 * the cgroup's counters (Task.Stats). containerd itself touches no cgroup file.
 */
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import { shimId } from '../core/types';
import { GRPC, TTRPC } from './services';
import { ttrpcMetadata } from './containerdServer';
import { aboutContainer } from '../trace/operations';

/** Tasks.Metrics names its tasks by filter (`id==<id>`); Tasks.Update by container_id. */
export function taskIdOf(method: string, req: Record<string, unknown>, id: string): string {
  if (method !== GRPC.tasksMetrics) return id;
  const f = ((req.filters as string[] | undefined) ?? []).find((x) => x.startsWith('id=='));
  return f ? f.slice(4) : id;
}

export function* forwardToShim(
  inbound: Inbound,
  ns: string,
  id: string,
  method: string,
  req: Record<string, unknown>,
): Task<Reply> {
  const update = method === GRPC.tasksUpdate;
  const r = yield* inbound.call<Record<string, unknown>>({
    to: shimId(id),
    protocol: 'ttrpc',
    operation: update ? TTRPC.update : TTRPC.stats,
    op: update ? 'shim.task.update' : 'shim.task.stats',
    subjects: aboutContainer(id),
    request: update
      ? { metadata: ttrpcMetadata(ns), id, resources: req.resources }
      : { metadata: ttrpcMetadata(ns), id },
    summary: update
      ? 'containerd passes the new resources to the task’s shim'
      : 'containerd asks the task’s shim for its cgroup counters',
  });
  if (r.status !== 'OK')
    return { status: r.status, body: r.body, summary: update ? 'update failed' : 'no stats' };
  return update
    ? { status: 'OK', summary: 'task resources updated' }
    : {
        status: 'OK',
        body: { metrics: [{ id, data: r.body?.stats }] },
        summary: 'cgroup v2 metrics',
      };
}
