import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { HttpRequest } from '../core/http';
import type { Op, Subjects } from '../core/types';
import type { Task } from '../core/scheduler';
import { DaemonError } from './errors';
import { decodePath } from '../core/urlPath';

export const API_VERSION = '1.50';
export const MIN_API_VERSION = '1.24';

export interface RouteContext {
  host: Host;
  inbound: Inbound;
  req: HttpRequest;
  params: Record<string, string>;
  query: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => Task<Reply> | Reply;

export interface Route {
  method: HttpRequest['method'];
  path: string;
  /** The operation the route serves, from the catalogue (`engine.containers.create`). */
  op: Op;
  handler: RouteHandler;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

/**
 * dockerd's HTTP API: a table of routes, matched on method and path with or
 * without the `/v1.xx` prefix. The same router answers the simulated CLI and,
 * later, real HTTP requests from the real docker CLI.
 *
 * @example
 * const router = createRouter([{ method: 'GET', path: '/containers/{id}/json', handler }]);
 */
export function createRouter(routes: Route[]) {
  const compiled: CompiledRoute[] = routes.map((r) => {
    const keys: string[] = [];
    const pattern = r.path.replace(/\{(\w+)\}/g, (_, k: string) => {
      keys.push(k);
      // moby declares every name as `{name:.*}`: an image (user/app,
      // ghcr.io/x/y) or a container name as typed (`docker rm a/b` asks for "a/b").
      return '(.*)';
    });
    return { ...r, keys, regex: new RegExp(`^${pattern}$`) };
  });

  /**
   * The op of a request from outside the simulation (the real docker CLI), and what it
   * concerns: those of the route this router will match (its `{id}` is a container, its
   * `{name}` an image), or `engine.api.unknown` when none does.
   */
  const opOf = (req: HttpRequest): { op: Op; subjects?: Subjects } => {
    const decoded = decodePath(req.path);
    if (decoded === undefined) return { op: 'engine.api.unknown' };
    const path = /^\/v\d+\.\d+(\/.*)$/.exec(decoded)?.[1] ?? decoded;
    const method = req.method === 'HEAD' && path === '/_ping' ? 'HEAD' : req.method;
    for (const r of compiled) {
      const m = r.method === method ? r.regex.exec(path) : null;
      if (!m) continue;
      const value = m[1];
      if (value === undefined) return { op: r.op };
      // The parameter's name says what it names: {id} a container, {name} an image,
      // {network}, {volume} and {execId} theirs; any other ({plugin}, {object}) no subject.
      const key = r.keys[0];
      if (key === 'id') return { op: r.op, subjects: { container: value } };
      if (key === 'name') return { op: r.op, subjects: { image: value } };
      if (key === 'network') return { op: r.op, subjects: { network: value } };
      if (key === 'volume') return { op: r.op, subjects: { volume: value } };
      if (key === 'execId') return { op: r.op, subjects: { exec: value } };
      return { op: r.op };
    }
    return { op: 'engine.api.unknown' };
  };

  function* route(host: Host, inbound: Inbound): Task<Reply> {
    const req = inbound.request as HttpRequest;
    // Go's HTTP server decodes the path before the router matches it, and
    // refuses a bad escape itself: a plain-text 400, no JSON message.
    const decoded = decodePath(req.path);
    if (decoded === undefined)
      return {
        status: 400,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' },
        body: '400 Bad Request',
        summary: `400: invalid URL escape in ${req.path}`,
      };
    const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(decoded);
    const path = versioned ? versioned[2]! : decoded;
    if (versioned) {
      const v = versioned[1]!;
      if (compareVersions(v, API_VERSION) > 0) {
        return errorReply(
          new DaemonError(
            'InvalidParameter',
            `client version ${v} is too new. Maximum supported API version is ${API_VERSION}`,
          ),
        );
      }
      if (compareVersions(v, MIN_API_VERSION) < 0) {
        return errorReply(
          new DaemonError(
            'InvalidParameter',
            `client version ${v} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`,
          ),
        );
      }
    }
    const method = req.method === 'HEAD' && path === '/_ping' ? 'HEAD' : req.method;
    for (const r of compiled) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = m[i + 1]!));
      try {
        const out = r.handler({ host, inbound, req, params, query: req.query ?? {} });
        return isTask(out) ? yield* out : out;
      } catch (error) {
        if (error instanceof DaemonError) return errorReply(error);
        throw error;
      }
    }
    return { status: 404, body: { message: 'page not found' }, summary: '404 page not found' };
  }
  return Object.assign(route, { opOf });
}

/** A daemon error as the API answers it: `{"message": …}` with the status of its kind. */
export function errorReply(e: DaemonError): Reply {
  if (e.status === 304) return { status: 304, summary: `304 Not Modified: ${e.message}` };
  return { status: e.status, body: { message: e.message }, summary: `${e.status}: ${e.message}` };
}

export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

function isTask(x: unknown): x is Task<Reply> {
  return typeof x === 'object' && x !== null && typeof (x as Task<Reply>).next === 'function';
}
