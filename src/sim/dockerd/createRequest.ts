/**
 * The body of `POST /containers/create` as dockerd 28 reads it: moby's
 * `runconfig` decoder decodes it into `container.CreateRequest` (the
 * container `Config` embedded, so its fields sit at the top, plus
 * `HostConfig` and `NetworkingConfig`), then `verifyContainerSettings`
 * checks the port bindings and the restart policy before the image is looked up.
 */
import type { HttpRequest } from '../core/http';
import { invalid } from './errors';
import { decodeGo, GoJsonError, type GoType } from './goJson';
import type { HealthConfig, MountSpec, PortBinding } from './model';
import type { ResourceFields } from './containerResources';
import { parsePort16, parsePortRange, splitProtoPort } from '../core/nat';
import { SECURITY_HOST_CONFIG_FIELDS, type SecurityRequest } from './securityOptions';

const str: GoType = { kind: 'string' };
const bool: GoType = { kind: 'bool' };
const strings: GoType = { kind: 'slice', elem: str };
const strslice: GoType = { kind: 'strslice' };
const emptyStruct: GoType = { kind: 'struct', name: 'struct {}', pkg: '', fields: {} };

const PORT_BINDING: GoType = {
  kind: 'struct',
  name: 'PortBinding',
  pkg: 'nat',
  fields: { HostIp: str, HostPort: str },
};

// ── Mounts (vol): api/types/mount.Mount, the fields dockerd reads.
const int: GoType = { kind: 'int', name: 'int' };
const MOUNT: GoType = {
  kind: 'struct',
  name: 'Mount',
  pkg: 'mount',
  fields: {
    Type: { kind: 'string', name: 'mount.Type' },
    Source: str,
    Target: str,
    ReadOnly: bool,
    Consistency: { kind: 'string', name: 'mount.Consistency' },
    BindOptions: {
      kind: 'struct',
      name: 'BindOptions',
      pkg: 'mount',
      fields: {
        Propagation: { kind: 'string', name: 'mount.Propagation' },
        NonRecursive: bool,
        CreateMountpoint: bool,
      },
    },
    VolumeOptions: {
      kind: 'struct',
      name: 'VolumeOptions',
      pkg: 'mount',
      fields: {
        NoCopy: bool,
        Labels: { kind: 'map', name: 'map[string]string', elem: str },
        Subpath: str,
        DriverConfig: {
          kind: 'struct',
          name: 'Driver',
          pkg: 'mount',
          fields: { Name: str, Options: { kind: 'map', name: 'map[string]string', elem: str } },
        },
      },
    },
    TmpfsOptions: {
      kind: 'struct',
      name: 'TmpfsOptions',
      pkg: 'mount',
      fields: { SizeBytes: { kind: 'int', name: 'int64' }, Mode: int },
    },
  },
};

// ── res ──
const int64: GoType = { kind: 'int', name: 'int64' };
/** Go's container.Resources fields DockScope carries (update's body has them at its top). */
export const RESOURCE_FIELDS: Readonly<Record<string, GoType>> = {
  CpuShares: int64,
  Memory: int64,
  NanoCpus: int64,
  CpuPeriod: int64,
  CpuQuota: int64,
  CpusetCpus: str,
  MemoryReservation: int64,
  MemorySwap: int64,
  PidsLimit: int64,
  Ulimits: {
    kind: 'slice',
    elem: {
      kind: 'struct',
      name: 'Ulimit',
      pkg: 'units',
      fields: { Name: str, Hard: int64, Soft: int64 },
    },
  },
};

const HOST_CONFIG: GoType = {
  kind: 'struct',
  name: 'HostConfig',
  pkg: 'container',
  fields: {
    // Mounts (vol)
    Binds: strings,
    Mounts: { kind: 'slice', elem: MOUNT },
    Tmpfs: { kind: 'map', name: 'map[string]string', elem: str },
    PortBindings: {
      kind: 'map',
      name: 'nat.PortMap',
      elem: { kind: 'slice', elem: PORT_BINDING },
    },
    AutoRemove: bool,
    NetworkMode: { kind: 'string', name: 'container.NetworkMode' },
    // ── networks (net) ──
    PublishAllPorts: bool,
    // ── life: `--init` (a *bool: null and absent both leave it unset) ──
    Init: bool,
    RestartPolicy: {
      kind: 'struct',
      name: 'RestartPolicy',
      pkg: 'container',
      fields: {
        Name: { kind: 'string', name: 'container.RestartPolicyMode' },
        MaximumRetryCount: { kind: 'int', name: 'int' },
      },
    },
    // ── sec: security options and namespaces ──
    ...SECURITY_HOST_CONFIG_FIELDS,
    // ── res: container.Resources (embedded in HostConfig), the fields DockScope reads ──
    ...RESOURCE_FIELDS,
  },
};

/** `container.CreateRequest`: Config's fields (embedded), HostConfig, NetworkingConfig. */
export const CREATE_REQUEST: GoType = {
  kind: 'struct',
  name: 'CreateRequest',
  pkg: 'container',
  fields: {
    Hostname: str,
    Domainname: str,
    User: str,
    AttachStdin: bool,
    AttachStdout: bool,
    AttachStderr: bool,
    ExposedPorts: { kind: 'map', name: 'nat.PortSet', elem: emptyStruct },
    Tty: bool,
    OpenStdin: bool,
    StdinOnce: bool,
    Env: strings,
    Cmd: strslice,
    Image: str,
    Volumes: { kind: 'map', name: 'map[string]struct {}', elem: emptyStruct },
    WorkingDir: str,
    Entrypoint: strslice,
    OnBuild: strings,
    Labels: { kind: 'map', name: 'map[string]string', elem: str },
    StopSignal: str,
    Shell: strslice,
    // ── life: container.HealthConfig, durations as int64 nanoseconds ──
    Healthcheck: {
      kind: 'struct',
      name: 'HealthConfig',
      pkg: 'container',
      fields: {
        Test: strings,
        Interval: { kind: 'int', name: 'int64' },
        Timeout: { kind: 'int', name: 'int64' },
        StartPeriod: { kind: 'int', name: 'int64' },
        StartInterval: { kind: 'int', name: 'int64' },
        Retries: int,
      },
    },
    HostConfig: HOST_CONFIG,
    // ── networks (net): NetworkingConfig.EndpointsConfig, the fields DockScope reads ──
    NetworkingConfig: {
      kind: 'struct',
      name: 'NetworkingConfig',
      pkg: 'network',
      fields: {
        EndpointsConfig: {
          kind: 'map',
          name: 'map[string]*network.EndpointSettings',
          elem: {
            kind: 'struct',
            name: 'EndpointSettings',
            pkg: 'network',
            fields: {
              IPAMConfig: {
                kind: 'struct',
                name: 'EndpointIPAMConfig',
                pkg: 'network',
                fields: { IPv4Address: str },
              },
              Aliases: strings,
            },
          },
        },
      },
    },
  },
};

/** What the create route reads, after decoding (maps are null-prototype dicts). */
export interface CreateRequest {
  Image?: string;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Env?: string[] | null;
  ExposedPorts?: Record<string, object> | null;
  Labels?: Record<string, string> | null;
  WorkingDir?: string;
  User?: string;
  Hostname?: string;
  Tty?: boolean;
  OpenStdin?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  StopSignal?: string;
  /** `-v /data`: anonymous volumes (vol). */
  Volumes?: Record<string, object> | null;
  /** life: `--health-*` / `--no-healthcheck`. */
  Healthcheck?: HealthConfig | null;
  HostConfig?:
    | ({
        // Mounts (vol)
        Binds?: string[] | null;
        Mounts?: MountSpec[] | null;
        Tmpfs?: Record<string, string> | null;
        PortBindings?: Record<string, PortBinding[] | null> | null;
        AutoRemove?: boolean;
        NetworkMode?: string;
        RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
        PublishAllPorts?: boolean;
        /** life: `--init`. */
        Init?: boolean | null;
      } & SecurityRequest &
        ResourceFields)
    | null;
  NetworkingConfig?: {
    EndpointsConfig?: Record<
      string,
      { IPAMConfig?: { IPv4Address?: string } | null; Aliases?: string[] | null } | null
    > | null;
  } | null;
}

/** A header by name, whatever its case (Node lowercases them, the simulated CLI does not). */
export function header(req: HttpRequest, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}

/**
 * moby `httputils.CheckForJSON`: no Content-Type is fine only without a body;
 * otherwise its media type (Go `mime.ParseMediaType`) must be application/json.
 */
export function checkForJson(req: HttpRequest): void {
  const ct = header(req, 'Content-Type') ?? '';
  if (ct === '' && req.body === undefined) return;
  const media = ct.split(';')[0]!.trim().toLowerCase();
  if (media === '') throw invalid(`malformed Content-Type header (${ct}): mime: no media type`);
  if (media !== 'application/json')
    throw invalid(`unsupported Content-Type header (${ct}): must be 'application/json'`);
}

/**
 * The body decoded as dockerd decodes it, or its 400: `invalid JSON: …` for a
 * type mismatch, `config cannot be empty…` for no config at all.
 */
export function decodeCreateRequest(req: HttpRequest): CreateRequest {
  checkForJson(req);
  if (req.body === undefined) throw invalid('invalid JSON: got EOF while reading request body');
  let decoded;
  try {
    decoded = decodeGo(req.body, CREATE_REQUEST);
  } catch (e) {
    if (e instanceof GoJsonError) throw invalid(`invalid JSON: ${e.message}`);
    throw e;
  }
  if (decoded === null) throw invalid('config cannot be empty in order to create a container');
  return decoded as CreateRequest;
}

/**
 * moby `validatePortBindings`: each container port a plain port number, each
 * host port empty, a port or a range. (Go walks a map, so which of two bad
 * ports is named first is not fixed; here it is the body's order.)
 */
export function validatePortBindings(
  bindings: Readonly<Record<string, readonly PortBinding[] | null>>,
): void {
  for (const [port, list] of Object.entries(bindings)) {
    const [, containerPort] = splitProtoPort(port);
    if (containerPort !== '' && parsePort16(containerPort) === undefined)
      throw invalid(`invalid port specification: "${containerPort}"`);
    for (const b of list ?? []) {
      const [, hostPort] = splitProtoPort(b.HostPort);
      if (hostPort !== '' && !parsePortRange(hostPort))
        throw invalid(`invalid port specification: "${b.HostPort}"`);
    }
  }
}

/** `container.ValidateRestartPolicy`. */
export function validateRestartPolicy(p: { Name: string; MaximumRetryCount: number }): void {
  switch (p.Name) {
    case 'always':
    case 'unless-stopped':
    case 'no':
      if (p.MaximumRetryCount !== 0)
        throw invalid(
          `invalid restart policy: maximum retry count can only be used with 'on-failure'${p.MaximumRetryCount < 0 ? ' and cannot be negative' : ''}`,
        );
      return;
    case 'on-failure':
      if (p.MaximumRetryCount < 0)
        throw invalid('invalid restart policy: maximum retry count cannot be negative');
      return;
    case '':
      return;
    default:
      throw invalid(
        `invalid restart policy: unknown policy '${p.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
      );
  }
}

// ── life ──

/**
 * moby verifyContainerSettings, after the restart policy: `--rm` with a restart
 * policy is refused (the CLI refuses it first; another client may send it), and
 * a health check's durations must be 0 or at least 1 ms (moby validateHealthCheck).
 */
export function validateLifecycle(body: CreateRequest): void {
  // validateContainerConfig (the health check) comes before validateHostConfig.
  validateHealthCheck(body.Healthcheck);
  const hc = body.HostConfig;
  const policy = hc?.RestartPolicy?.Name ?? '';
  if (hc?.AutoRemove && policy !== '' && policy !== 'no')
    throw invalid("can't create 'AutoRemove' container with restart policy");
}

function validateHealthCheck(h: HealthConfig | null | undefined): void {
  if (!h) return;
  const MIN_NS = 1e6;
  const check = (value: number | undefined, name: string) => {
    if (value !== undefined && value !== 0 && value < MIN_NS)
      throw invalid(`${name} in Healthcheck cannot be less than 1ms`);
  };
  check(h.Interval, 'Interval');
  check(h.Timeout, 'Timeout');
  if ((h.Retries ?? 0) < 0) throw invalid('Retries in Healthcheck cannot be negative');
  check(h.StartPeriod, 'StartPeriod');
  check(h.StartInterval, 'StartInterval');
}
