import type { Route, RouteContext } from '../router';
import { contextOf } from '../../core/actors';
import type { DockerdState } from '../model';
import { findContainer } from '../lookup';
import { pauseContainer, unpauseContainer } from '../pause';

/** life: `POST /containers/{id}/pause` and `/unpause` (moby router: 204 No Content). */
const find = (ctx: RouteContext) =>
  findContainer(contextOf<DockerdState>(ctx.host.dockerd), ctx.params.id!);

export const lifecycleOpRoutes: Route[] = [
  {
    method: 'POST',
    path: '/containers/{id}/pause',
    op: 'engine.containers.pause',
    *handler(ctx) {
      const c = find(ctx);
      yield* pauseContainer(ctx.host, ctx.inbound, c.id);
      return { status: 204, summary: `${c.name} is paused: its cgroup is frozen` };
    },
  },
  {
    method: 'POST',
    path: '/containers/{id}/unpause',
    op: 'engine.containers.unpause',
    *handler(ctx) {
      const c = find(ctx);
      yield* unpauseContainer(ctx.host, ctx.inbound, c.id);
      return { status: 204, summary: `${c.name} runs again: its cgroup is thawed` };
    },
  },
];
