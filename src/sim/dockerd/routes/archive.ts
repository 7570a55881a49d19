import type { Route, RouteContext } from '../router';
import type { Task } from '../../core/scheduler';
import type { Reply } from '../../core/network';
import { contextOf } from '../../core/actors';
import type { DockerdState } from '../model';
import { findContainer } from '../lookup';
import type { DaemonError } from '../errors';
import { invalid, notFound, systemError } from '../errors';
import { mountRootfs, rootfsOf, unmountRootfs } from '../rootfsMount';
import { aboutContainer } from '../../trace/operations';
import { emitContainerEvent } from '../events';
import { parseTar, type ArchiveResult, type PathStat, type TarEntry } from '../../kernel/archive';
import type { Op } from '../../core/types';

/** The PathStat header: Go's json.Marshal of container.PathStat, base64 (StdEncoding). */
export function pathStatHeader(stat: PathStat): string {
  const json = `{"name":${JSON.stringify(stat.name)},"size":${stat.size},"mode":${stat.mode},"mtime":${JSON.stringify(stat.mtime)},"linkTarget":${JSON.stringify(stat.linkTarget)}}`;
  const bytes = new TextEncoder().encode(json);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** httputils.ArchiveFormValues: the path is required. */
function pathOf(ctx: RouteContext): string {
  const path = ctx.query.path ?? '';
  if (path === '') throw invalid("bad parameter: 'path' cannot be empty");
  return path;
}

/**
 * Do `request` in the container's root, as moby's archive code does: a
 * running container's own root, or, for a stopped one, its snapshot mounted
 * by dockerd for the copy and unmounted after (daemon.Mount / Unmount).
 */
function* inRoot(
  ctx: RouteContext,
  id: string,
  op: Op,
  operation: string,
  request: Record<string, unknown>,
  summary: string,
): Task<Reply<ArchiveResult>> {
  const { host, inbound } = ctx;
  const c = contextOf<DockerdState>(host.dockerd).containers[id]!;
  const live = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
  if (!live) yield* mountRootfs(host, inbound, id);
  const r = yield* inbound.call<ArchiveResult>({
    to: 'kernel',
    protocol: 'syscall',
    operation,
    op,
    subjects: aboutContainer(id),
    request: {
      ...request,
      containerId: id,
      ...(live ? {} : { root: rootfsOf(host, id) }),
    },
    summary,
  });
  if (!live) yield* unmountRootfs(host, inbound, id);
  return r;
}

/** The answer's error as moby gives it: the file and the container as the client named them. */
function failure(r: ArchiveResult, path: string, name: string): DaemonError {
  if (r.ok) return systemError('unexpected');
  switch (r.error) {
    case 'missing':
      return notFound(`Could not find the file ${path} in container ${name}`);
    case 'not-dir':
      return invalid('extraction point is not a directory');
    case 'read-only':
      return invalid('mounted volume is marked read-only');
    case 'overwrite':
      return systemError(r.detail ?? '');
    default:
      return systemError(r.detail ?? 'not simulated');
  }
}

/**
 * The path a HEAD or GET asks for, looked up in the container's root (`content`: read it
 * for a tar stream, else only stat it); moby's error if it is not there.
 */
function* readInRoot(ctx: RouteContext, content: boolean) {
  const path = pathOf(ctx);
  const c = findContainer(contextOf<DockerdState>(ctx.host.dockerd), ctx.params.id!);
  const r = yield* inRoot(
    ctx,
    c.id,
    'kernel.archive.read',
    content ? `tar ${path}` : `lstat ${path}`,
    { call: 'archive.read', path, content },
    content
      ? `dockerd reads ${path} from ${c.name}’s root into a tar stream`
      : `dockerd looks ${path} up in ${c.name}’s root`,
  );
  const got = r.body!;
  if (!got.ok) throw failure(got, path, ctx.params.id!);
  return { c, path, got };
}

/**
 * `HEAD`/`GET`/`PUT /containers/{id}/archive?path=…` (moby v28.2.2
 * api/server/router/container/copy.go, daemon/archive.go): stat a path, read
 * it as a tar stream with its stat in the X-Docker-Container-Path-Stat header,
 * or extract a tar stream into a directory. A stopped container works too.
 */
export const archiveRoutes: Route[] = [
  {
    method: 'HEAD',
    path: '/containers/{id}/archive',
    op: 'engine.containers.archive.stat',
    *handler(ctx) {
      const { path, got } = yield* readInRoot(ctx, false);
      return {
        status: 200,
        headers: { 'X-Docker-Container-Path-Stat': pathStatHeader(got.stat) },
        summary: `${path}: ${got.stat.mode >= 2 ** 31 ? 'a directory' : `${got.stat.size} bytes`}`,
      };
    },
  },
  {
    method: 'GET',
    path: '/containers/{id}/archive',
    op: 'engine.containers.archive.get',
    *handler(ctx) {
      const { c, path, got } = yield* readInRoot(ctx, true);
      emitContainerEvent(ctx.host, c, 'archive-path');
      return {
        status: 200,
        headers: {
          'X-Docker-Container-Path-Stat': pathStatHeader(got.stat),
          'Content-Type': 'application/x-tar',
        },
        body: { entries: got.entries ?? [] },
        summary: `a tar stream of ${path}`,
      };
    },
  },
  {
    method: 'PUT',
    path: '/containers/{id}/archive',
    op: 'engine.containers.archive.put',
    *handler(ctx) {
      const path = pathOf(ctx);
      const c = findContainer(contextOf<DockerdState>(ctx.host.dockerd), ctx.params.id!);
      const body = (ctx.req.body ?? {}) as { entries?: TarEntry[]; tar?: string };
      // A stream the CLI passed on from its stdin (`docker cp - …`) is read here, as bytes.
      const parsed = body.tar !== undefined ? parseTar(body.tar) : { entries: body.entries ?? [] };
      if ('error' in parsed) throw systemError(parsed.error);
      const entries = parsed.entries;
      const r = yield* inRoot(
        ctx,
        c.id,
        'kernel.archive.extract',
        `untar into ${path}`,
        { call: 'archive.extract', dir: path, entries },
        `dockerd extracts the tar stream into ${path} in ${c.name}’s root`,
      );
      const got = r.body!;
      if (!got.ok) throw failure(got, path, ctx.params.id!);
      emitContainerEvent(ctx.host, c, 'extract-to-dir');
      return { status: 200, summary: `extracted into ${path}` };
    },
  },
];
