import type { Route, RouteContext } from '../router';
import { emitContainerEvent } from '../events';
import { contextOf } from '../../core/actors';
import { wait } from '../../core/scheduler';
import { normalizeSignal } from '../../containerd/services';
import type { DockerdState } from '../model';
import { DaemonError, invalid } from '../errors';
import { findContainer } from '../lookup';
import { boolValue, resizeValue, stopTimeout } from '../queryValues';
import {
  killContainer,
  removeContainer,
  resizeContainer,
  startContainer,
  stopContainer,
} from '../lifecycle';

const find = (ctx: RouteContext) =>
  findContainer(contextOf<DockerdState>(ctx.host.dockerd), ctx.params.id!);
const noContent = (summary: string) => ({ status: 204, summary });

const timeoutOf = (ctx: RouteContext): number | undefined => stopTimeout(ctx.query.t);

function signalOf(ctx: RouteContext, fallback?: string): string | undefined {
  const s = ctx.query.signal;
  if (s === undefined || s === '') return fallback;
  const name = normalizeSignal(s);
  if (!name) throw invalid(`Invalid signal: ${s}`);
  return name;
}

export const containerOpRoutes: Route[] = [
  {
    method: 'POST',
    path: '/containers/{id}/start',
    op: 'engine.containers.start',
    *handler(ctx) {
      const c = find(ctx);
      try {
        yield* startContainer(ctx.host, ctx.inbound, c.id);
      } catch (e) {
        // moby removes a --rm container whose start failed, so `wait?condition=removed` answers.
        const failed = e instanceof DaemonError && e.kind !== 'NotModified';
        if (failed && c.hostConfig.AutoRemove)
          yield* removeContainer(ctx.host, ctx.inbound, c.id, true, true);
        throw e;
      }
      return noContent(`${c.name} is running`);
    },
  },
  {
    method: 'POST',
    path: '/containers/{id}/stop',
    op: 'engine.containers.stop',
    *handler(ctx) {
      const timeout = timeoutOf(ctx); // read before the container is looked up, as moby does
      const c = find(ctx);
      yield* stopContainer(ctx.host, ctx.inbound, c.id, {
        timeout,
        signal: signalOf(ctx),
      });
      return noContent(`${c.name} stopped`);
    },
  },
  {
    method: 'POST',
    path: '/containers/{id}/restart',
    op: 'engine.containers.restart',
    *handler(ctx) {
      const timeout = timeoutOf(ctx);
      const c = find(ctx);
      // moby marks the container manually restarted: its exit must not trigger --rm.
      ctx.host.io.setRestarting(c.id, true);
      try {
        yield* stopContainer(ctx.host, ctx.inbound, c.id, {
          timeout,
          signal: signalOf(ctx),
        });
      } catch (e) {
        if (!(e instanceof DaemonError && e.kind === 'NotModified')) throw e;
      } finally {
        ctx.host.io.setRestarting(c.id, false);
      }
      yield* startContainer(ctx.host, ctx.inbound, c.id);
      // ── obs ──
      emitContainerEvent(
        ctx.host,
        contextOf<DockerdState>(ctx.host.dockerd).containers[c.id] ?? c,
        'restart',
      );
      return noContent(`${c.name} restarted`);
    },
  },
  {
    method: 'POST',
    path: '/containers/{id}/kill',
    op: 'engine.containers.kill',
    *handler(ctx) {
      const c = find(ctx);
      const signal = signalOf(ctx, 'SIGKILL')!;
      yield* killContainer(ctx.host, ctx.inbound, c.id, signal);
      return noContent(`${signal} sent to ${c.name}`);
    },
  },
  {
    method: 'DELETE',
    path: '/containers/{id}',
    op: 'engine.containers.remove',
    *handler(ctx) {
      const c = find(ctx);
      yield* removeContainer(
        ctx.host,
        ctx.inbound,
        c.id,
        boolValue(ctx.query.force),
        boolValue(ctx.query.v),
      );
      return noContent(`${c.name} removed`);
    },
  },
  {
    method: 'POST',
    path: '/containers/{id}/resize',
    op: 'engine.containers.resize',
    *handler(ctx) {
      const h = resizeValue(ctx.query.h, 'height');
      const w = resizeValue(ctx.query.w, 'width');
      yield* resizeContainer(ctx.host, ctx.inbound, find(ctx), w, h);
      return { status: 200, summary: `terminal resized to ${w}×${h}` };
    },
  },
  {
    method: 'POST',
    path: '/containers/{id}/wait',
    op: 'engine.containers.wait',
    *handler(ctx) {
      const c = find(ctx);
      const condition = ctx.query.condition || 'not-running';
      if (!['not-running', 'next-exit', 'removed'].includes(condition))
        throw invalid(`invalid condition: "${condition}"`);
      const signal =
        condition === 'removed' ? ctx.host.io.removal(c.id) : ctx.host.io.nextExit(c.id);
      // moby's Running flag: set while paused or restarting too (life).
      const immediate =
        condition === 'not-running' &&
        c.state !== 'running' &&
        c.state !== 'paused' &&
        c.state !== 'restarting';
      ctx.inbound.head(
        200,
        `dockerd will answer when the container ${condition === 'removed' ? 'is removed' : 'exits'}`,
        { 'Content-Type': 'application/json' },
      );
      const code = immediate ? c.exitCode : (yield* wait(signal)).exitCode;
      ctx.inbound.write(
        { StatusCode: code },
        `the container exited with code ${code}`,
        'engine.containers.exited',
        `wait result`,
      );
      return { status: 200 };
    },
  },
];
