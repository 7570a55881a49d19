/**
 * The Engine API's bookkeeping routes: rename a container, prune stopped
 * containers and unused images, and report disk usage (`docker system df`).
 */
import { usesGraphDriver } from '../graphStore';
import { emitContainerEvent } from '../events';
import type { Route, RouteContext } from '../router';
import { commit, contextOf } from '../../core/actors';
import type { ContainerRecord, DockerdState, ImageRecord } from '../model';
import { conflict, invalid } from '../errors';
import { findContainer } from '../lookup';
import { removeContainer } from '../lifecycle';
import { deleteImage } from '../imageDelete';
import { containerSummary, imageSummary } from '../views';
import { containerSize } from '../containerSize';
import { filterVolumes, volumeDataDir, volumeUsers, volumeView } from '../volumes';

const state = (ctx: Pick<RouteContext, 'host'>) => contextOf<DockerdState>(ctx.host.dockerd);

/** moby's validContainerNamePattern. */
const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** A container that `prune` may remove: anything not running (moby: `!IsRunning()`). */
const stopped = (c: ContainerRecord) =>
  c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting';

/**
 * A prune request's filters (filters.FromJSON), checked against the keys the
 * route accepts: `invalid filter 'x'` otherwise, as moby's Validate says.
 */
function pruneFilters(raw: string | undefined, accepted: readonly string[]) {
  const out = new Map<string, string[]>();
  if (raw === undefined || raw === '') return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('invalid filter');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalid('invalid filter');
  for (const [key, values] of Object.entries(parsed as Record<string, unknown>)) {
    if (!accepted.includes(key)) throw invalid(`invalid filter '${key}'`);
    const list = Array.isArray(values)
      ? values.map(String)
      : values && typeof values === 'object'
        ? Object.keys(values)
        : [];
    out.set(key, list);
  }
  return out;
}

/** `label=k`, `label=k=v` must all match; `label!=…` must all not. */
function labelsMatch(filters: Map<string, string[]>, labels: Record<string, string> = {}) {
  const has = (spec: string) => {
    const eq = spec.indexOf('=');
    if (eq < 0) return Object.hasOwn(labels, spec);
    return (
      Object.hasOwn(labels, spec.slice(0, eq)) && labels[spec.slice(0, eq)] === spec.slice(eq + 1)
    );
  };
  return (filters.get('label') ?? []).every(has) && !(filters.get('label!') ?? []).some(has);
}

/**
 * `until=`: a Unix timestamp, an RFC 3339 date, or a Go duration before now
 * (`24h`, `1h30m`); an object created before it matches.
 */
function untilOf(ctx: RouteContext, filters: Map<string, string[]>): number | undefined {
  const values = filters.get('until') ?? [];
  if (values.length === 0) return undefined;
  if (values.length > 1) throw invalid('more than one until filter specified');
  const v = values[0]!;
  const now = ctx.host.wallClock;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const units: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 0.001,
    ns: 1e-6,
  };
  const parts = /^(\d+(\.\d+)?(h|ms|us|ns|m|s))+$/.test(v)
    ? v.match(/\d+(\.\d+)?(h|ms|us|ns|m|s)/g)
    : null;
  if (parts) {
    const ms = parts.reduce((n, p) => {
      const unit = /(h|ms|us|ns|m|s)$/.exec(p)![1]!;
      return n + parseFloat(p) * units[unit]!;
    }, 0);
    return now - ms;
  }
  const t = Date.parse(v);
  if (!Number.isNaN(t)) return t;
  throw invalid(`failed to parse value as time or duration: "${v}"`);
}

export const housekeepingRoutes: Route[] = [
  {
    method: 'POST',
    path: '/containers/{id}/rename',
    op: 'engine.containers.rename',
    // daemon/rename.go: names are checked in this order; the record keeps its ID.
    handler: (ctx) => {
      const oldName = ctx.params.id!;
      let newName = ctx.query.name ?? '';
      if (oldName === '' || newName === '') throw invalid('Neither old nor new names may be empty');
      const d = state(ctx);
      const c = findContainer(d, oldName);
      if (!newName.startsWith('/')) newName = `/${newName}`;
      if (`/${c.name}` === newName)
        throw invalid('Renaming a container with the same name as its current name');
      if (!VALID_NAME.test(newName))
        throw invalid(
          `Error when allocating new name: Invalid container name (${newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
        );
      const holder = d.names[newName];
      if (holder)
        throw conflict(
          `Error when allocating new name: Conflict. The container name "${newName}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
        );
      commit(ctx.host.dockerd, { type: 'container.renamed', id: c.id, name: newName.slice(1) });
      // ── obs ──
      emitContainerEvent(ctx.host, state(ctx).containers[c.id]!, 'rename', {
        oldName: `/${c.name}`,
      });
      return { status: 204, summary: `${c.name} is now ${newName.slice(1)}` };
    },
  },
  {
    method: 'POST',
    path: '/containers/prune',
    op: 'engine.containers.prune',
    *handler(ctx) {
      const filters = pruneFilters(ctx.query.filters, ['label', 'label!', 'until']);
      const until = untilOf(ctx, filters);
      const d = state(ctx);
      const doomed = Object.values(d.containers)
        .filter(stopped)
        .filter((c) => labelsMatch(filters, c.config.Labels))
        .filter((c) => until === undefined || ctx.host.epoch + c.created < until)
        .sort((a, b) => b.created - a.created);
      const deleted: string[] = [];
      let reclaimed = 0;
      for (const c of doomed) {
        // moby measures the writable layer first (GetContainerLayerSize), then removes.
        const { SizeRw } = yield* containerSize(ctx.host, ctx.inbound, c, d.images[c.imageId]);
        yield* removeContainer(ctx.host, ctx.inbound, c.id, false);
        deleted.push(c.id);
        reclaimed += SizeRw;
      }
      return {
        status: 200,
        // Go's nil slice when nothing went.
        body: { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed },
        summary: `${deleted.length} stopped container${deleted.length === 1 ? '' : 's'} removed`,
      };
    },
  },
  {
    method: 'POST',
    path: '/images/prune',
    op: 'engine.images.prune',
    *handler(ctx) {
      const filters = pruneFilters(ctx.query.filters, ['dangling', 'label', 'label!', 'until']);
      const until = untilOf(ctx, filters);
      const danglingOnly = (filters.get('dangling') ?? ['true']).some((v) =>
        ['true', '1'].includes(v.toLowerCase()),
      );
      const d = state(ctx);
      const used = new Set(Object.values(d.containers).map((c) => c.imageId));
      const named = new Set(Object.values(d.tags));
      const doomed = Object.values(d.images).filter(
        (img: ImageRecord) =>
          !used.has(img.id) &&
          (!danglingOnly || !named.has(img.id)) &&
          labelsMatch(filters, img.config.Labels) &&
          (until === undefined || Date.parse(img.created) < until),
      );
      const deleted: Array<Record<string, string>> = [];
      let reclaimed = 0;
      for (const img of doomed) {
        const size = img.layers.reduce((n, l) => n + l.size, 0) + img.size;
        deleted.push(...(yield* deleteImage(ctx.host, ctx.inbound, img.id, false)));
        reclaimed += size;
      }
      return {
        status: 200,
        body: { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed },
        summary: `${doomed.length} image${doomed.length === 1 ? '' : 's'} removed`,
      };
    },
  },
  {
    method: 'GET',
    path: '/system/df',
    op: 'engine.system.df',
    *handler(ctx) {
      const d = state(ctx);
      const containers = Object.values(d.containers).sort((a, b) => b.created - a.created);
      const users = (id: string) => containers.filter((c) => c.imageId === id).length;
      // A layer is counted once however many images share it.
      const layerUse = new Map<string, number>();
      for (const img of Object.values(d.images))
        for (const l of img.layers) layerUse.set(l.diffId, (layerUse.get(l.diffId) ?? 0) + 1);
      const seen = new Set<string>();
      let layersSize = 0;
      // The containerd store counts a layer's blob and its unpacked snapshot; overlay2 only
      // the unpacked layer (its image size is the chain of DiffSizes).
      const graph = usesGraphDriver(ctx.host);
      const layerBytes = (l: { size: number; unpackedSize: number }) =>
        graph ? l.unpackedSize : l.size + l.unpackedSize;
      const images = Object.values(d.images).map((img) => {
        const size = graph ? img.size : img.layers.reduce((n, l) => n + l.size, 0) + img.size;
        for (const l of img.layers)
          if (!seen.has(l.diffId)) {
            seen.add(l.diffId);
            layersSize += layerBytes(l);
          }
        const shared = img.layers
          .filter((l) => (layerUse.get(l.diffId) ?? 0) > 1)
          .reduce((n, l) => n + layerBytes(l), 0);
        return {
          ...imageSummary(img),
          RepoTags: Object.keys(d.tags).filter((t) => d.tags[t] === img.id),
          Size: size,
          SharedSize: shared,
          Containers: users(img.id),
        };
      });
      // Every container with its sizes (moby's Containers(Size: true, All: true)).
      const containerItems = [];
      for (const c of containers) {
        const image = d.images[c.imageId];
        const sizes = yield* containerSize(ctx.host, ctx.inbound, c, image);
        containerItems.push(containerSummary(ctx.host, c, image, sizes));
      }
      // Local volumes created without options (LocalVolumesSize): what their files hold
      // (directory.Size: regular files' bytes, directories not counted) and how many
      // containers refer to them.
      const volumes = filterVolumes(state(ctx), {})
        .filter((v) => v.driver === 'local' && Object.keys(v.options).length === 0)
        .map((v) => ({
          ...volumeView(ctx.host, v),
          UsageData: {
            RefCount: volumeUsers(state(ctx), v.name).length,
            Size: ctx.host.dirs.sizeUnder(volumeDataDir(ctx.host.daemon.dataRoot, v.name)),
          },
        }));
      return {
        status: 200,
        body: {
          LayersSize: layersSize,
          Images: images,
          Containers: containerItems,
          Volumes: volumes,
          // DockScope simulates no builder: BuildKit's cache is empty.
          BuildCache: [],
        },
        summary: `${images.length} images, ${containers.length} containers, ${volumes.length} volumes`,
      };
    },
  },
];
