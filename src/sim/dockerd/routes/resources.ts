/**
 * `POST /containers/{id}/update` and `GET /containers/{id}/stats` (moby v28.2.2:
 * api/server/router/container postContainerUpdate, daemon/update.go, daemon/stats.go).
 */
import type { Route, RouteContext } from '../router';
import { emitContainerEvent } from '../events';
import { commit, contextOf } from '../../core/actors';
import type { DockerdState } from '../model';
import { DaemonError, invalid } from '../errors';
import { findContainer } from '../lookup';
import { decodeGo, GoJsonError, type GoType } from '../goJson';
import { RESOURCE_FIELDS } from '../createRequest';
import {
  mergeUpdate,
  NO_LIMITS,
  resourcesOf,
  verifyResources,
  type ContainerResources,
  type ResourceFields,
} from '../containerResources';
import { GRPC, GRPC_OP } from '../../containerd/services';
import { toContainerd } from '../containerdNamespace';
import { aboutContainer } from '../../trace/operations';
import { ENGINE } from './system';
import { sleep, type Task } from '../../core/scheduler';

const UPDATE_CONFIG: GoType = {
  kind: 'struct',
  name: 'UpdateConfig',
  pkg: 'container',
  fields: RESOURCE_FIELDS,
};

/** daemon/update_linux.go toContainerdResources: only what the update itself gives. */
function containerdResources(r: ContainerResources) {
  const cpu: Record<string, unknown> = {};
  if (r.CpuShares !== 0) cpu.shares = r.CpuShares;
  let period = r.NanoCpus !== 0 ? 100000 : 0;
  let quota = r.NanoCpus !== 0 ? Math.trunc((r.NanoCpus * 100000) / 1e9) : 0;
  if (quota === 0 && r.CpuQuota !== 0) quota = r.CpuQuota;
  if (period === 0 && r.CpuPeriod !== 0) period = r.CpuPeriod;
  if (period !== 0) cpu.period = period;
  if (quota !== 0) cpu.quota = quota;
  if (r.CpusetCpus) cpu.cpus = r.CpusetCpus;
  const memory: Record<string, number> = {};
  if (r.Memory !== 0) memory.limit = r.Memory;
  if (r.MemoryReservation !== 0) memory.reservation = r.MemoryReservation;
  if (r.MemorySwap > 0) memory.swap = r.MemorySwap;
  return {
    ...(Object.keys(cpu).length ? { cpu } : {}),
    ...(Object.keys(memory).length ? { memory } : {}),
    ...(r.PidsLimit !== null ? { pids: { limit: r.PidsLimit <= 0 ? -1 : r.PidsLimit } } : {}),
  };
}

const find = (ctx: RouteContext) =>
  findContainer(contextOf<DockerdState>(ctx.host.dockerd), ctx.params.id!);

export const resourceRoutes: Route[] = [
  {
    method: 'POST',
    path: '/containers/{id}/update',
    op: 'engine.containers.update',
    *handler(ctx) {
      let body: ResourceFields | null;
      try {
        body = decodeGo(ctx.req.body ?? {}, UPDATE_CONFIG) as ResourceFields | null;
      } catch (e) {
        if (e instanceof GoJsonError) throw invalid(e.message);
        throw e;
      }
      const given = resourcesOf(body);
      // The router: 0 and negative PidsLimit both mean "unlimited" on update.
      const asked: ContainerResources = {
        ...given,
        PidsLimit: given.PidsLimit !== null && given.PidsLimit <= 0 ? 0 : given.PidsLimit,
      };
      verifyResources(asked, true);
      const c = find(ctx);
      let merged: ContainerResources;
      try {
        merged = mergeUpdate(c.hostConfig.Resources ?? NO_LIMITS, asked);
      } catch (e) {
        // container.UpdateContainer's conflictingUpdateOptions, wrapped by errCannotUpdate.
        throw new DaemonError(
          'Conflict',
          `Cannot update container ${c.id}: ${(e as Error).message}`,
        );
      }
      commit(ctx.host.dockerd, {
        type: 'container.updated',
        id: c.id,
        patch: { hostConfig: { ...c.hostConfig, Resources: merged } },
      });
      // A stopped container keeps the new values for its next start; a running one gets them now.
      if (c.state === 'running' || c.state === 'paused') {
        const r = yield* ctx.inbound.call({
          to: 'containerd',
          protocol: 'grpc',
          operation: GRPC.tasksUpdate,
          op: GRPC_OP[GRPC.tasksUpdate],
          subjects: aboutContainer(c.id),
          request: toContainerd(ctx.host, {
            container_id: c.id,
            resources: containerdResources(asked),
          }),
          summary: 'dockerd asks containerd to apply the new limits to the running task',
        });
        if (r.status !== 'OK')
          throw new DaemonError(
            'System',
            `Cannot update container ${c.id}: ${String((r.body as { error?: string } | undefined)?.error ?? r.status)}`,
          );
      }
      // moby ContainerUpdate: LogContainerEvent(ctr, events.ActionUpdate).
      emitContainerEvent(ctx.host, c, 'update');
      return { status: 200, body: { Warnings: null }, summary: `${c.name}’s limits updated` };
    },
  },
  {
    method: 'GET',
    path: '/containers/{id}/stats',
    op: 'engine.containers.stats',
    *handler(ctx) {
      const c = find(ctx);
      const base = { name: `/${c.name}`, id: c.id };
      // getContainersStats: stream defaults to true; one-shot from API 1.41.
      const stream = boolOr(ctx.query.stream, true);
      const oneShot = boolOr(ctx.query['one-shot'], false);
      if (stream && oneShot) throw invalid('cannot have stream=true and one-shot=true');
      if (!running(ctx) && !stream) {
        // moby: a container that is not running, without stream, gets an empty StatsResponse.
        return {
          status: 200,
          body: emptyStats(base),
          summary: `${c.name} is not running: no stats`,
        };
      }
      if (oneShot) {
        const one = yield* sample(ctx, base);
        return { status: 200, body: one.body, summary: one.summary };
      }
      if (!stream) {
        // Without one-shot dockerd primes the CPU numbers: it waits for the stats collector's
        // second sample (it samples once a second) and answers with that one.
        const first = yield* sample(ctx, base);
        yield* sleep(STATS_INTERVAL_MS);
        const second = yield* sample(ctx, base, first.body);
        return {
          status: 200,
          body: second.body,
          summary: `${second.summary} (the second sample, a second after the first)`,
        };
      }
      ctx.inbound.head(200, 'dockerd keeps the connection open and writes a sample each second', {
        'Content-Type': 'application/json',
      });
      // The collector publishes a sample a second until the container is removed (a stopped
      // container's samples are empty), or until the client goes away.
      let previous: { read: string } | undefined;
      while (!ctx.inbound.closed && !removed(ctx)) {
        const s = yield* sample(ctx, base, previous);
        previous = s.body;
        ctx.inbound.write(s.body, s.summary, 'engine.containers.stats.sample', 'stats');
        yield* sleep(STATS_INTERVAL_MS);
      }
      return { status: 200 };
    },
  },
];

/**
 * moby's stats collector samples every second (NewCollector(daemon, time.Second)).
 * DockScope simplification: each stream samples on its own clock, where moby's one
 * collector samples every watched container in one pass for all its subscribers.
 */
const STATS_INTERVAL_MS = 1000;

/** httputils.BoolValueOrDefault: absent is the default; '', '0', 'false' and 'no' are false. */
function boolOr(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  return !['', '0', 'no', 'false', 'none'].includes(v.trim().toLowerCase());
}

const recordOf = (ctx: RouteContext) =>
  contextOf<DockerdState>(ctx.host.dockerd).containers[find(ctx).id];

function running(ctx: RouteContext): boolean {
  const c = recordOf(ctx);
  return c?.state === 'running' || c?.state === 'paused';
}

function removed(ctx: RouteContext): boolean {
  try {
    find(ctx);
    return false;
  } catch {
    return true;
  }
}

/** One sample: the task's cgroup counters through containerd, or empty stats if it runs no more. */
function* sample(
  ctx: RouteContext,
  base: { name: string; id: string },
  previous?: { read: string },
): Task<{ body: { read: string; [field: string]: unknown }; summary: string }> {
  if (!running(ctx))
    return { body: emptyStats(base), summary: `${base.name.slice(1)} is not running: empty stats` };
  const r = yield* ctx.inbound.call<{ metrics?: Array<{ data?: ShimMetrics }> }>({
    to: 'containerd',
    protocol: 'grpc',
    operation: GRPC.tasksMetrics,
    op: GRPC_OP[GRPC.tasksMetrics],
    subjects: aboutContainer(base.id),
    request: toContainerd(ctx.host, { filters: [`id==${base.id}`] }),
    summary: 'dockerd asks containerd for the task’s cgroup counters',
  });
  const m = r.body?.metrics?.[0]?.data;
  const now = ctx.host.isoTime(ctx.host.scheduler.now);
  const limit = m?.memory.usage_limit || ENGINE.memTotal;
  return {
    body: {
      ...emptyStats(base),
      read: now,
      // PreRead and PreCPUStats are the previous sample's (zero for the first one).
      ...(previous && previous.read !== ZERO_TIME
        ? { preread: previous.read, precpu_stats: cpuStats() }
        : {}),
      pids_stats: { current: m?.pids.current ?? 0, limit: 0 },
      num_procs: 0,
      cpu_stats: cpuStats(),
      memory_stats: {
        usage: m?.memory.usage ?? 0,
        stats: { inactive_file: 0 },
        limit,
      },
    },
    summary: `memory ${m?.memory.usage ?? 0} of ${limit} bytes, ${m?.pids.current ?? 0} process(es)`,
  };
}

interface ShimMetrics {
  pids: { current: number };
  memory: { usage: number; usage_limit: number };
}

/** The CPU time DockScope's kernel does not keep: zero, so CPU % reads 0.00%. */
const cpuStats = () => ({
  cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 },
  system_cpu_usage: 0,
  online_cpus: ENGINE.cpus,
  throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
});

/** Go's zero time.Time, as encoding/json writes it. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

function emptyStats(base: { name: string; id: string }) {
  return {
    read: ZERO_TIME,
    preread: ZERO_TIME,
    pids_stats: {},
    blkio_stats: {
      io_service_bytes_recursive: null,
      io_serviced_recursive: null,
      io_queue_recursive: null,
      io_service_time_recursive: null,
      io_wait_time_recursive: null,
      io_merged_recursive: null,
      io_time_recursive: null,
      sectors_recursive: null,
    },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: {
      cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 },
      throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
    },
    precpu_stats: {
      cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 },
      throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
    },
    memory_stats: {},
    ...base,
  };
}
