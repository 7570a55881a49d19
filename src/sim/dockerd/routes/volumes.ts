import type { Route, RouteContext } from '../router';
import { contextOf } from '../../core/actors';
import type { DockerdState } from '../model';
import { checkForJson } from '../createRequest';
import { decodeGo, GoJsonError, type GoType } from '../goJson';
import { invalid } from '../errors';
import { parseFilters } from '../psFilters';
import { boolValue } from '../queryValues';
import {
  LIST_FILTERS,
  PRUNE_FILTERS,
  createVolume,
  filterVolumes,
  findVolume,
  labelsOf,
  pruneCandidates,
  removeVolume,
  removeVolumeSized,
  volumeView,
} from '../volumes';
import { compareVersions } from '../router';

const state = (ctx: Pick<RouteContext, 'host'>) => contextOf<DockerdState>(ctx.host.dockerd);

const str: GoType = { kind: 'string' };
const strMap: GoType = { kind: 'map', name: 'map[string]string', elem: str };

/** api/types/volume.CreateOptions, the fields the local driver reads. */
const CREATE_OPTIONS: GoType = {
  kind: 'struct',
  name: 'CreateOptions',
  pkg: 'volume',
  fields: { Driver: str, DriverOpts: strMap, Labels: strMap, Name: str },
};

interface CreateOptions {
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  Name?: string;
}

/** httputils.ReadJSON: an empty body is no error (an anonymous volume), bad JSON is a 400. */
function readCreateOptions(ctx: RouteContext): CreateOptions {
  checkForJson(ctx.req);
  if (ctx.req.body === undefined || ctx.req.body === '') return {};
  try {
    return (decodeGo(ctx.req.body, CREATE_OPTIONS) ?? {}) as CreateOptions;
  } catch (e) {
    if (e instanceof GoJsonError) throw invalid(`invalid JSON: ${e.message}`);
    throw e;
  }
}

/** The API version of the request (`/v1.41/volumes/prune`), the newest when unversioned. */
function versionOf(ctx: RouteContext): string {
  return /^\/v(\d+\.\d+)\//.exec(ctx.req.path)?.[1] ?? '1.50';
}

/** moby `api/server/router/volume`: list, inspect, create, remove, prune. */
export const volumeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/volumes',
    op: 'engine.volumes.list',
    handler: (ctx) => {
      const filters = parseFilters(ctx.query.filters, LIST_FILTERS);
      const list = filterVolumes(state(ctx), filters).map((v) => volumeView(ctx.host, v));
      return {
        status: 200,
        body: { Volumes: list, Warnings: null },
        summary: `${list.length} volume${list.length === 1 ? '' : 's'}, from dockerd's volume store`,
      };
    },
  },
  {
    method: 'POST',
    path: '/volumes/create',
    op: 'engine.volumes.create',
    *handler(ctx) {
      const o = readCreateOptions(ctx);
      const v = yield* createVolume(ctx.host, ctx.inbound, {
        name: o.Name ?? '',
        driver: o.Driver ?? '',
        options: labelsOf(o.DriverOpts),
        labels: labelsOf(o.Labels),
      });
      return {
        status: 201,
        body: volumeView(ctx.host, v),
        summary: `volume ${v.name} ready at ${volumeView(ctx.host, v).Mountpoint}`,
      };
    },
  },
  {
    method: 'POST',
    path: '/volumes/prune',
    op: 'engine.volumes.prune',
    *handler(ctx) {
      const filters = { ...parseFilters(ctx.query.filters, PRUNE_FILTERS) };
      // API 1.42 made prune remove anonymous volumes only; older clients still get all of them.
      if (compareVersions(versionOf(ctx), '1.42') < 0) filters.all = ['true'];
      const deleted: string[] = [];
      let reclaimed = 0;
      for (const v of pruneCandidates(state(ctx), filters)) {
        const size = yield* removeVolumeSized(ctx.host, ctx.inbound, v.name, false);
        if (size === undefined) continue;
        deleted.push(v.name);
        reclaimed += size;
      }
      return {
        status: 200,
        // The bytes of the files in them (DockScope keeps text; a real file's size on disk).
        body: { VolumesDeleted: deleted, SpaceReclaimed: reclaimed },
        summary: `${deleted.length} unused volume${deleted.length === 1 ? '' : 's'} removed`,
      };
    },
  },
  {
    method: 'GET',
    path: '/volumes/{volume}',
    op: 'engine.volumes.inspect',
    handler: (ctx) => {
      const v = findVolume(state(ctx), ctx.params.volume!);
      return { status: 200, body: volumeView(ctx.host, v), summary: `details of volume ${v.name}` };
    },
  },
  {
    method: 'DELETE',
    path: '/volumes/{volume}',
    op: 'engine.volumes.remove',
    *handler(ctx) {
      const name = ctx.params.volume!;
      const removed = yield* removeVolume(ctx.host, ctx.inbound, name, boolValue(ctx.query.force));
      return {
        status: 204,
        summary: removed
          ? `volume ${name} removed`
          : `no volume ${name}; with force that is no error`,
      };
    },
  },
];
