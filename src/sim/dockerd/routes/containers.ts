import type { Route, RouteContext } from '../router';
import { containerSize } from '../containerSize';
import { checkCreatePlatform } from '../platformCheck';
import { emitContainerEvent } from '../events';
import { commit, contextOf } from '../../core/actors';
import { generateId } from '../../core/rng';
import { generateName } from '../../core/names';
import type { ContainerRecord, DockerdState, PortBinding } from '../model';
import { dict, dictFrom } from '../../core/records';
import {
  decodeCreateRequest,
  validateLifecycle,
  validatePortBindings,
  validateRestartPolicy,
} from '../createRequest';
import { conflict, invalid, notFound } from '../errors';
import { findContainer, findImage, tagKey } from '../lookup';
import { prepareRootfs } from '../lifecycle';
import { newLifecycle } from '../containerLifecycle';
import { containerInspect, containerSummary } from '../views';
import { filterContainers, parseFilters } from '../psFilters';
import { boolValue, listLimit } from '../queryValues';
import { setUpMounts, validateMounts } from '../mounts';
import { createdResources, resourcesOf, verifyResources } from '../containerResources';
import { createEndpoints, createWarnings } from '../networkCreate';
import { healthcheckOf } from '../healthMonitor';
import {
  adaptSecurity,
  plainSecurity,
  validateNamespaceModes,
  verifySecuritySettings,
} from '../securityOptions';

const state = (ctx: Pick<RouteContext, 'host'>) => contextOf<DockerdState>(ctx.host.dockerd);
const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Image env first, then the user's (`-e`), a later key replacing an earlier one. */
export function mergeEnv(image: readonly string[], user: readonly string[]): string[] {
  const out: string[] = [];
  const index = new Map<string, number>();
  for (const e of [...image, ...user]) {
    const key = e.split('=')[0]!;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.length);
      out.push(e);
    } else out[at] = e;
  }
  return out;
}

/** The security settings without the network mode adaptSecurity also resolved (kept in NetworkMode). */
function withoutMode<T extends { networkMode: string }>(s: T): Omit<T, 'networkMode'> {
  const { networkMode: _, ...rest } = s;
  return rest;
}

export const containerRoutes: Route[] = [
  {
    method: 'POST',
    path: '/containers/create',
    op: 'engine.containers.create',
    *handler(ctx) {
      const { host, query } = ctx;
      // Decoded as dockerd's Go decoder does (type errors are 400s with Go's
      // text), then checked in moby's order: settings, image, command, name.
      const body = decodeCreateRequest(ctx.req);
      // ── life: the health check's durations, --rm with a restart policy ──
      validateLifecycle(body);
      // ── sec: runconfig's validateNetMode runs as the body is decoded ──
      validateNamespaceModes(body);
      const portBindings = body.HostConfig?.PortBindings ?? dict<PortBinding[] | null>();
      validatePortBindings(portBindings);
      const restartPolicy = {
        Name: body.HostConfig?.RestartPolicy?.Name || 'no',
        MaximumRetryCount: body.HostConfig?.RestartPolicy?.MaximumRetryCount ?? 0,
      };
      validateRestartPolicy(restartPolicy);
      // validateHostConfig checks each --mount (a bind's source must exist) before the image (vol).
      validateMounts(ctx.host, body.HostConfig?.Mounts ?? []);
      // ── sec: validateCapabilities, then the IPC/PID/UTS modes (verifyPlatformContainerSettings) ──
      verifySecuritySettings(body);
      // ── res: verifyPlatformContainerResources, before the image is looked up ──
      const resources = resourcesOf(body.HostConfig);
      verifyResources(resources, false);
      if (!body.Image) throw invalid('config cannot be empty in order to create a container');
      const image = findImage(state(ctx), body.Image);
      if (!image) throw notFound(`No such image: ${tagKey(body.Image) ?? body.Image}`);
      // ── obs: --platform ──
      const platformWarnings = checkCreatePlatform(host, query.platform, image, body.Image);
      // ── networks (net): moby validateNetworkingConfig, after the image is found ──
      const endpoints = createEndpoints(host, body);
      const d = state(ctx);
      // ── sec: adaptContainerSettings (donors by ID, label=disable) and parseSecurityOpt ──
      const security = adaptSecurity(d, body);
      const userEntrypoint = body.Entrypoint && body.Entrypoint.length > 0 ? body.Entrypoint : null;
      const cmd =
        body.Cmd && body.Cmd.length > 0 ? body.Cmd : userEntrypoint ? [] : (image.config.Cmd ?? []);
      const entrypoint = userEntrypoint ?? image.config.Entrypoint ?? null;
      if (cmd.length === 0 && !entrypoint?.length) throw invalid('no command specified');
      const wanted = query.name;
      if (wanted !== undefined && wanted !== '' && !VALID_NAME.test(wanted)) {
        throw invalid(
          `Invalid container name (${wanted}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
        );
      }
      const name = wanted
        ? wanted.replace(/^\//, '')
        : generateName(host.rng, (n) => !!d.names[`/${n}`]);
      const holder = d.names[`/${name}`];
      if (holder) {
        throw conflict(
          `Conflict. The container name "/${name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
        );
      }
      const id = generateId(host.rng);
      const c: ContainerRecord = {
        id,
        name,
        imageId: image.id,
        config: {
          Hostname: body.Hostname || id.slice(0, 12),
          User: body.User || image.config.User || '',
          Env: mergeEnv(image.config.Env ?? [], body.Env ?? []),
          Cmd: cmd,
          Entrypoint: entrypoint,
          Image: body.Image,
          WorkingDir: body.WorkingDir || image.config.WorkingDir || '',
          Labels: dictFrom([
            ...Object.entries(image.config.Labels ?? {}),
            ...Object.entries(body.Labels ?? {}),
          ]),
          ExposedPorts: dictFrom([
            ...Object.entries(image.config.ExposedPorts ?? {}),
            ...Object.entries(body.ExposedPorts ?? {}),
          ]),
          StopSignal: body.StopSignal || image.config.StopSignal,
          // ── life: the request's health check, else the image's HEALTHCHECK ──
          ...healthcheckOf(body.Healthcheck, image.config.Healthcheck),
          Tty: !!body.Tty,
          OpenStdin: !!body.OpenStdin,
          AttachStdin: !!body.AttachStdin,
          AttachStdout: !!body.AttachStdout,
          AttachStderr: !!body.AttachStderr,
        },
        hostConfig: {
          // Go keeps a binding's missing fields as "" and a null list as nil.
          PortBindings: dictFrom(
            Object.entries(portBindings).map(([port, list]) => [
              port,
              (list ?? []).map((b) => ({ HostIp: b.HostIp ?? '', HostPort: b.HostPort ?? '' })),
            ]),
          ),
          AutoRemove: !!body.HostConfig?.AutoRemove,
          NetworkMode: security.networkMode || 'bridge',
          RestartPolicy: restartPolicy,
          // ── life: --init ──
          Init: body.HostConfig?.Init ?? null,
          // Mounts (vol): as the request carried them.
          Binds: body.HostConfig?.Binds ?? null,
          ...(body.HostConfig?.Mounts?.length ? { Mounts: body.HostConfig.Mounts } : {}),
          ...(body.HostConfig?.Tmpfs && Object.keys(body.HostConfig.Tmpfs).length
            ? { Tmpfs: { ...body.HostConfig.Tmpfs } }
            : {}),
          // ── sec ──
          ...(plainSecurity(security) ? {} : { Security: withoutMode(security) }),
          // ── res ──
          Resources: createdResources(resources),
        },
        state: 'created',
        created: host.scheduler.now,
        exitCode: 0,
        pid: 0,
        error: '',
        restartCount: 0,
        ipAddress: '',
        published: [],
        endpoints,
        publishAll: !!body.HostConfig?.PublishAllPorts,
      };
      for (const port of Object.keys(c.hostConfig.PortBindings)) c.config.ExposedPorts[port] = {};
      commit(host.dockerd, {
        type: 'container.created',
        container: c,
        lifecycle: newLifecycle(id),
      });
      yield* prepareRootfs(host, ctx.inbound, c);
      // Then its mounts (setHostConfig → registerMountPoints) and the image's VOLUMEs (vol).
      yield* setUpMounts(host, ctx.inbound, c, body, image);
      // ── obs ──
      emitContainerEvent(host, state(ctx).containers[id]!, 'create');
      return {
        status: 201,
        body: { Id: id, Warnings: [...platformWarnings, ...createWarnings(c)] },
        summary: `container ${id.slice(0, 12)} (${name}) created`,
      };
    },
  },
  {
    method: 'GET',
    path: '/containers/json',
    op: 'engine.containers.list',
    *handler(ctx) {
      const filters = parseFilters(ctx.query.filters);
      const limit = listLimit(ctx.query.limit);
      // A limit (`ps -n 3`, `ps -l`) lists stopped ones too (moby includeContainerInList).
      const all = boolValue(ctx.query.all);
      const d = state(ctx);
      const newestFirst = Object.values(d.containers).sort((a, b) => b.created - a.created);
      const list = filterContainers(d, newestFirst, filters, all, limit);
      // `size=1`: each container's writable layer is measured (moby: "calculation is slow").
      const size = boolValue(ctx.query.size);
      const body = [];
      for (const c of list) {
        const image = d.images[c.imageId];
        const sizes = size ? yield* containerSize(ctx.host, ctx.inbound, c, image) : undefined;
        body.push(containerSummary(ctx.host, c, image, sizes));
      }
      return {
        status: 200,
        body,
        summary: size
          ? `${body.length} container${body.length === 1 ? '' : 's'}, each with its measured size`
          : `${body.length} container${body.length === 1 ? '' : 's'}, answered from dockerd's memory`,
      };
    },
  },
  {
    method: 'GET',
    path: '/containers/{id}/json',
    op: 'engine.containers.inspect',
    *handler(ctx) {
      const d = state(ctx);
      const c = findContainer(d, ctx.params.id!);
      const image = d.images[c.imageId];
      const sizes = boolValue(ctx.query.size)
        ? yield* containerSize(ctx.host, ctx.inbound, c, image)
        : undefined;
      return {
        status: 200,
        body: containerInspect(ctx.host, c, image, { sizes }),
        summary: `details of ${c.name} (${c.state})`,
      };
    },
  },
];
