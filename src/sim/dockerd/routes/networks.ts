/**
 * The Engine API's `/networks` routes (moby `api/server/router/network`), served
 * from dockerd's network records (`../networks.ts`); creating and removing a
 * bridge network asks the kernel for its bridge and rules (`../bridgeDriver.ts`).
 */
import { emitNetworkEvent } from '../events';
import { RE2JS } from 're2js';
import type { Route, RouteContext } from '../router';
import { commit, contextOf } from '../../core/actors';
import { generateId } from '../../core/rng';
import { dictFrom } from '../../core/records';
import type { ContainerRecord, DockerdState, NetworkRecord } from '../model';
import { DaemonError, conflict, invalid, notFound } from '../errors';
import { checkForJson } from '../createRequest';
import { findContainer } from '../lookup';
import { parseFilters, type Filters } from '../psFilters';
import {
  PREDEFINED,
  allNetworks,
  allocateSubnet,
  attachedTo,
  bridgeNameOf,
  emptyEndpoint,
  endpointsOf,
  findNetwork,
  isUserDefined,
  networkInspect,
} from '../networks';
import { createBridge, deleteBridge } from '../bridgeDriver';
import { connectRunning, disconnectContainer } from '../network';

const state = (ctx: Pick<RouteContext, 'host'>) => contextOf<DockerdState>(ctx.host.dockerd);

/** moby `network.ValidateFilters`: the keys `GET /networks` and prune accept. */
const ACCEPTED = new Set(['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type', 'until']);

/** filters.Args.Match: equal, or a regular expression found in the text. */
function matches(values: readonly string[] | undefined, text: string): boolean {
  if (!values || values.length === 0) return true;
  return values.some((v) => {
    if (v === text) return true;
    try {
      return RE2JS.compile(v).matcher(text).find();
    } catch {
      return false;
    }
  });
}

/** `label=key` or `label=key=value` (filters.Args.MatchKVList). */
function labelsMatch(
  values: readonly string[] | undefined,
  labels: Record<string, string>,
): boolean {
  if (!values || values.length === 0) return true;
  return values.every((v) => {
    const eq = v.indexOf('=');
    if (eq === -1) return Object.hasOwn(labels, v);
    return labels[v.slice(0, eq)] === v.slice(eq + 1);
  });
}

/** moby `daemon/network/filter.go` FilterNetworks. */
function filterNetworks(ctx: RouteContext, list: NetworkRecord[], f: Filters): NetworkRecord[] {
  let out = list.filter(
    (n) =>
      (!f.driver?.length || f.driver.includes(n.driver)) &&
      matches(f.name, n.name) &&
      matches(f.id, n.id) &&
      labelsMatch(f.label, n.labels) &&
      (!f.scope?.length || f.scope.includes('local')),
  );
  if (f.type?.length) {
    for (const t of f.type)
      if (t !== 'custom' && t !== 'builtin') throw invalid(`invalid filter: 'type'='${t}'`);
    out = out.filter((n) => f.type!.includes(n.predefined ? 'builtin' : 'custom'));
  }
  if (f.dangling?.length) {
    const v = f.dangling[0]!;
    if (!['true', '1', 'false', '0'].includes(v))
      throw invalid(
        `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`,
      );
    const danglingOnly = v === 'true' || v === '1';
    out = out.filter((n) => {
      if (n.predefined) return false; // dangling never lists the predefined networks
      const used = attachedTo(ctx.host, n).length > 0;
      return danglingOnly ? !used : used;
    });
  }
  return out;
}

interface CreateBody {
  Name?: unknown;
  Driver?: unknown;
  Internal?: unknown;
  Labels?: unknown;
  Options?: unknown;
  IPAM?: { Driver?: unknown; Config?: unknown; Options?: unknown } | null;
}

const stringMap = (v: unknown): Record<string, string> =>
  dictFrom(
    typeof v === 'object' && v !== null
      ? Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')
      : [],
  );

export const networkRoutes: Route[] = [
  {
    method: 'GET',
    path: '/networks',
    op: 'engine.networks.list',
    handler: (ctx) => {
      const filters = parseFilters(ctx.query.filters, ACCEPTED);
      const list = filterNetworks(ctx, allNetworks(ctx.host), filters);
      // API ≥ 1.28 lists without the containers (moby GetNetworks, not Detailed).
      const body = list.map((n) => networkInspect(ctx.host, n, false));
      return {
        status: 200,
        body,
        summary: `${body.length} network${body.length === 1 ? '' : 's'}, answered from dockerd's memory`,
      };
    },
  },
  {
    method: 'GET',
    path: '/networks/{network}',
    op: 'engine.networks.inspect',
    handler: (ctx) => {
      const n = findNetwork(ctx.host, ctx.params.network!);
      return {
        status: 200,
        body: networkInspect(ctx.host, n, true),
        summary: `network ${n.name}: ${n.driver}${n.subnet ? `, ${n.subnet}` : ''}`,
      };
    },
  },
  {
    method: 'POST',
    path: '/networks/create',
    op: 'engine.networks.create',
    *handler(ctx) {
      const { host } = ctx;
      checkForJson(ctx.req);
      const body = (
        typeof ctx.req.body === 'object' && ctx.req.body !== null ? ctx.req.body : {}
      ) as CreateBody;
      const name = typeof body.Name === 'string' ? body.Name : '';
      if (PREDEFINED.includes(name))
        throw new DaemonError(
          'Forbidden',
          `operation is not permitted on predefined ${name} network `,
        );
      const driver = typeof body.Driver === 'string' && body.Driver !== '' ? body.Driver : 'bridge';
      if (driver === 'overlay')
        throw new DaemonError(
          'Forbidden',
          'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
        );
      const config = Array.isArray(body.IPAM?.Config)
        ? (body.IPAM.Config as Array<{ Subnet?: string; Gateway?: string }>)
        : [];
      // ValidateIPAM runs before libnetwork looks at the name or the driver.
      const probe = config.length ? allocateSubnet(host, config) : undefined;
      if (name.trim() === '') throw invalid('invalid name: name is empty');
      if (allNetworks(host).some((n) => n.name === name))
        throw conflict(`network with name ${name} already exists`);
      if (driver === 'host' || driver === 'null')
        throw new DaemonError('Forbidden', `only one instance of "${driver}" network is allowed`);
      if (driver === 'ipvlan' || driver === 'macvlan')
        throw invalid(
          `DockScope does not simulate the ${driver} network driver: only bridge networks`,
        );
      if (driver !== 'bridge')
        throw notFound(`could not find plugin ${driver} in v1 plugin registry: plugin not found`);
      const ipam = probe ?? allocateSubnet(host, config);
      const id = generateId(host.rng);
      const options = stringMap(body.Options);
      const network: NetworkRecord = {
        id,
        name,
        driver: 'bridge',
        created: host.scheduler.now,
        subnet: ipam.subnet,
        gateway: ipam.gateway,
        bridge: options['com.docker.network.bridge.name'] || bridgeNameOf(id),
        internal: body.Internal === true,
        labels: stringMap(body.Labels),
        options,
        ipamOptions: stringMap(body.IPAM?.Options),
        predefined: false,
        userSubnet: ipam.userSubnet,
      };
      commit(host.dockerd, { type: 'network.created', network });
      // ── obs ──
      emitNetworkEvent(host, network, 'create');
      yield* createBridge(ctx.inbound, network);
      return {
        status: 201,
        body: { Id: id, Warning: '' },
        summary: `network ${name} created: ${network.bridge}, ${network.subnet}`,
      };
    },
  },
  {
    method: 'DELETE',
    path: '/networks/{network}',
    op: 'engine.networks.delete',
    *handler(ctx) {
      const n = findNetwork(ctx.host, ctx.params.network!);
      if (n.predefined)
        throw new DaemonError(
          'Forbidden',
          `${n.name} is a pre-defined network and cannot be removed`,
        );
      const users = attachedTo(ctx.host, n);
      if (users.length > 0)
        throw new DaemonError(
          'Forbidden',
          `error while removing network: network ${n.name} has active endpoints (${users
            .map((c) => `name:"${c.name}" id:"${endpointOf(c, n).slice(0, 12)}"`)
            .join(', ')})`,
        );
      yield* removeNetwork(ctx, n);
      return { status: 204, summary: `network ${n.name} removed` };
    },
  },
  {
    method: 'POST',
    path: '/networks/{network}/connect',
    op: 'engine.networks.connect',
    *handler(ctx) {
      checkForJson(ctx.req);
      const body = (ctx.req.body ?? {}) as {
        Container?: string;
        EndpointConfig?: {
          Aliases?: string[] | null;
          IPAMConfig?: { IPv4Address?: string } | null;
        } | null;
      };
      const c = findContainer(state(ctx), body.Container ?? '');
      const n = findNetwork(ctx.host, ctx.params.network!);
      const mode = c.hostConfig.NetworkMode;
      if (mode === 'host' || mode === 'none' || n.driver !== 'bridge')
        throw new DaemonError(
          'Forbidden',
          'container sharing network namespace with another container or host cannot be connected to any other network',
        );
      const eps = endpointsOf(c);
      if (eps[n.name]?.endpointId || (c.state !== 'running' && eps[n.name]))
        throw new DaemonError(
          'Forbidden',
          `endpoint with name ${c.name} already exists in network ${n.name}`,
        );
      const requested = body.EndpointConfig?.IPAMConfig?.IPv4Address ?? '';
      const aliases = body.EndpointConfig?.Aliases?.length ? body.EndpointConfig.Aliases : null;
      if ((requested || aliases) && !isUserDefined(n.name))
        throw invalid(
          `invalid endpoint settings:\n${requested ? 'user specified IP address is supported on user defined networks only' : 'network-scoped alias is supported only for containers in user defined networks'}`,
        );
      if (requested && !n.userSubnet)
        throw invalid(
          'invalid endpoint settings:\nuser specified IP address is supported only when connecting to networks with user configured subnets',
        );
      commit(ctx.host.dockerd, {
        type: 'container.updated',
        id: c.id,
        patch: {
          endpoints: dictFrom([
            ...Object.entries(eps),
            [n.name, emptyEndpoint(n.id, aliases, requested)],
          ]),
        },
      });
      if (c.state === 'running') {
        try {
          yield* connectRunning(ctx.host, ctx.inbound, state(ctx).containers[c.id]!, n.name);
        } catch (e) {
          // Nothing was plugged in: the container keeps the networks it had.
          commit(ctx.host.dockerd, {
            type: 'container.updated',
            id: c.id,
            patch: { endpoints: eps },
          });
          throw e;
        }
      }
      return { status: 200, summary: `${c.name} connected to ${n.name}` };
    },
  },
  {
    method: 'POST',
    path: '/networks/{network}/disconnect',
    op: 'engine.networks.disconnect',
    *handler(ctx) {
      checkForJson(ctx.req);
      const body = (ctx.req.body ?? {}) as { Container?: string; Force?: boolean };
      const c = findContainer(state(ctx), body.Container ?? '');
      const n = findNetwork(ctx.host, ctx.params.network!);
      if (!endpointsOf(c)[n.name])
        throw new DaemonError(
          'Forbidden',
          `container ${c.id} is not connected to network ${n.name}`,
        );
      yield* disconnectContainer(ctx.host, ctx.inbound, c, n.name);
      return { status: 200, summary: `${c.name} disconnected from ${n.name}` };
    },
  },
  {
    method: 'POST',
    path: '/networks/prune',
    op: 'engine.networks.prune',
    *handler(ctx) {
      const filters = parseFilters(ctx.query.filters, new Set(['until', 'label', 'label!']));
      const deleted: string[] = [];
      for (const n of Object.values(state(ctx).networks)) {
        if (!labelsMatch(filters.label, n.labels)) continue;
        // Only an endpoint keeps a network (moby localNetworksPrune): a stopped container has
        // none, so a network only stopped containers name goes, and their next start fails.
        if (attachedTo(ctx.host, n).length > 0) continue;
        yield* removeNetwork(ctx, n);
        deleted.push(n.name);
      }
      return {
        status: 200,
        body: { NetworksDeleted: deleted.length ? deleted : null },
        summary: deleted.length ? `removed ${deleted.join(', ')}` : 'no unused network',
      };
    },
  },
];

/** The rules and the bridge go, then dockerd forgets the network. */
function* removeNetwork(ctx: RouteContext, n: NetworkRecord) {
  yield* deleteBridge(ctx.inbound, n);
  commit(ctx.host.dockerd, { type: 'network.removed', id: n.id });
  // ── obs ──
  emitNetworkEvent(ctx.host, n, 'destroy');
}

function endpointOf(c: ContainerRecord, n: NetworkRecord): string {
  return endpointsOf(c)[n.name]?.endpointId ?? '';
}
