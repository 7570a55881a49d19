import { isOn, last, type FlagValues } from '../flags';
import { parsePortSpec, splitProtoPort } from '../../core/nat';
import { dict, dictFrom } from '../../core/records';
import { mountFlags, mountJson, type MountFlags } from './mountOptions';
import { lifecycleFlags, type LifecycleFlags } from './lifecycleFlags';
import {
  securityFlags,
  withSecurity,
  type ReadLearnerFile,
  type SecurityFlags,
} from './securityFlags';
import { resourceOptions, resourcesBody, type ResourceOptions } from './resourceFlags';

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

/**
 * `-p` specs the way docker/cli reads them: the `name=value` long form made
 * short (`convertToStandardNotation`), then go-connections `nat.ParsePortSpecs`:
 * `80`, `8080:80`, `127.0.0.1:8080:80`, `[::1]::80`, `/udp`, port ranges.
 */
export function parsePorts(
  specs: readonly string[],
):
  | { ok: true; exposed: Record<string, object>; bindings: Record<string, PortBinding[]> }
  | { ok: false; error: string } {
  const exposed = dict<object>();
  const bindings = dict<PortBinding[]>();
  for (const given of specs) {
    let raw = given;
    if (given.includes('=')) {
      const params = dictFrom([['protocol', 'tcp']]);
      for (const param of given.split(',')) {
        const eq = param.indexOf('=');
        if (eq <= 0)
          return {
            ok: false,
            error: `invalid publish opts format (should be name=value but got '${param}')`,
          };
        params[param.slice(0, eq)] = param.slice(eq + 1);
      }
      raw = `${params.published ?? ''}:${params.target ?? ''}/${params.protocol}`;
    }
    const spec = parsePortSpec(raw);
    if (!spec.ok) return spec;
    for (const m of spec.mappings) {
      exposed[m.port] = {};
      (bindings[m.port] ??= []).push(m.binding);
    }
  }
  return { ok: true, exposed, bindings };
}

export interface RunOptions {
  detach: boolean;
  interactive: boolean;
  tty: boolean;
  autoRemove: boolean;
  name?: string;
  image: string;
  command: string[];
  env: string[];
  entrypoint?: string;
  workdir?: string;
  exposed: Record<string, object>;
  bindings: Record<string, PortBinding[]>;
  /** -v, --mount, --tmpfs (vol). */
  mounts: MountFlags;
  // ── networks (net) ──
  hostname: string;
  publishAll: boolean;
  /** HostConfig.NetworkMode: the first --network, or `default`. */
  networkMode: string;
  /** NetworkingConfig.EndpointsConfig, as docker/cli parseNetworkOpts builds it. */
  endpoints: Record<string, EndpointConfig>;
  // ── life: --restart, --init, health checks ──
  lifecycle?: LifecycleFlags;
  // ── sec: security options and namespaces ──
  security?: SecurityFlags;
  // ── res ──
  /** -m, --memory-swap, --cpus, --pids-limit, --ulimit… (resourceFlags.ts). */
  resources: ResourceOptions;
}

export interface EndpointConfig {
  aliases: string[] | null;
  ipv4: string;
}

// ── networks (net): --network, --network-alias, --ip, --expose ──

/** moby NetworkMode.IsUserDefined. */
const userDefined = (name: string) =>
  !['default', 'bridge', 'host', 'none'].includes(name) && !name.startsWith('container:');

/**
 * docker/cli parseNetworkOpts: with no --network, one `default` endpoint (always
 * sent); the first --network takes --network-alias and --ip; a single network
 * with nothing to say about its endpoint sends none (the daemon makes it).
 */
export function parseNetworks(
  flags: FlagValues,
):
  | { ok: true; mode: string; endpoints: Record<string, EndpointConfig> }
  | { ok: false; error: string } {
  const networks = flags.network ?? [];
  const aliases = flags['network-alias'] ?? [];
  const ipv4 = last(flags, 'ip') ?? '';
  const endpoints = dict<EndpointConfig>();
  const targets = networks.length ? networks : ['default'];
  let hasUser = false;
  let hasOther = false;
  for (const [i, target] of targets.entries()) {
    if (target.includes('=') || target.includes(','))
      return {
        ok: false,
        error: `DockScope does not simulate the long --network syntax (${target}): give a network name`,
      };
    if (target.trim() === '') return { ok: false, error: 'no name set for network' };
    if (userDefined(target)) hasUser = true;
    else hasOther = true;
    const ep: EndpointConfig = { aliases: null, ipv4: '' };
    if (i === 0) {
      if (aliases.length) ep.aliases = [...aliases];
      ep.ipv4 = ipv4;
    }
    if (ep.aliases && !userDefined(target))
      return {
        ok: false,
        error: 'network-scoped aliases are only supported for user-defined networks',
      };
    if (endpoints[target])
      return { ok: false, error: `network "${target}" is specified multiple times` };
    if (networks.length === 1 && !ep.aliases && !ep.ipv4) continue;
    endpoints[target] = ep;
  }
  if (networks.length && hasUser && hasOther)
    return {
      ok: false,
      error:
        'conflicting options: cannot attach both user-defined and non-user-defined network-modes',
    };
  return { ok: true, mode: networks[0] ?? 'default', endpoints };
}

/** go-connections nat.ParsePortRange's errors, as `--expose` reports them. */
function portRangeError(port: string): string | undefined {
  if (port === '') return 'empty string specified for ports';
  const parts = port.split('-');
  const check = (p: string) =>
    !/^\d+$/.test(p)
      ? `strconv.ParseUint: parsing "${p}": invalid syntax`
      : Number(p) > 65535
        ? `strconv.ParseUint: parsing "${p}": value out of range`
        : undefined;
  if (parts.length === 1) return check(port);
  const err = check(parts[0]!) ?? check(parts.slice(1).join('-'));
  if (err) return err;
  if (Number(parts[1]) < Number(parts[0])) return `invalid range specified for port: ${port}`;
  return undefined;
}

/** `--expose 80`, `--expose 8000-8002/udp`: more exposed ports (docker/cli parse). */
function parseExpose(
  specs: readonly string[],
  exposed: Record<string, object>,
): string | undefined {
  for (const e of specs) {
    if (e.includes(':')) return `invalid port format for --expose: ${e}`;
    const [proto, port] = splitProtoPort(e);
    const err = portRangeError(port);
    if (err) return `invalid range format for --expose: ${e}, error: ${err}`;
    const [start, end = start] = port.split('-').map(Number) as [number, number?];
    for (let p = start; p <= end; p++) exposed[`${p}/${proto}`] ??= {};
  }
  return undefined;
}

/** Read `docker run` / `docker create` flags into options, or the CLI's error text. */
export function runOptions(
  flags: FlagValues,
  args: string[],
  create: boolean,
  clientEnv: ReadonlyMap<string, string> = new Map(),
  readFile?: ReadLearnerFile,
): RunOptions | { error: string; flag?: boolean } {
  // Mounts (vol): a bad --mount is pflag's error, before anything else is read.
  const cwd = clientEnv.get('PWD');
  const mounts = mountFlags(
    flags.volume ?? [],
    flags.mount ?? [],
    flags.tmpfs ?? [],
    cwd?.startsWith('/') ? cwd : undefined,
  );
  if ('error' in mounts) return mounts;
  const ports = parsePorts(flags.publish ?? []);
  if (!ports.ok) return { error: ports.error };
  // ── networks (net) ──
  const exposeError = parseExpose(flags.expose ?? [], ports.exposed);
  if (exposeError) return { error: exposeError };
  const nets = parseNetworks(flags);
  if (!nets.ok) return { error: nets.error };
  // ── life: --restart, --init, health checks ──
  const lifecycle = lifecycleFlags(flags, isOn(flags, 'rm'));
  if ('error' in lifecycle) return lifecycle;
  // ── sec: security options and namespaces ──
  const security = securityFlags(flags, readFile);
  if ('error' in security) return security;
  // `-e NAME` takes NAME's value from the CLI's own environment, and is left out when it has none.
  const env = (flags.env ?? []).flatMap((e) => {
    if (e.includes('=')) return [e];
    const value = clientEnv.get(e);
    return value === undefined ? [] : [`${e}=${value}`];
  });
  return {
    // `docker create` has no -d: its body asks to attach stdout and stderr, as the CLI's parse does.
    detach: !create && isOn(flags, 'detach'),
    interactive: isOn(flags, 'interactive'),
    tty: isOn(flags, 'tty'),
    autoRemove: isOn(flags, 'rm'),
    name: last(flags, 'name'),
    image: args[0]!,
    command: args.slice(1),
    env,
    entrypoint: last(flags, 'entrypoint'),
    workdir: last(flags, 'workdir'),
    exposed: ports.exposed,
    bindings: ports.bindings,
    mounts,
    hostname: last(flags, 'hostname') ?? '',
    publishAll: isOn(flags, 'publish-all'),
    networkMode: nets.mode,
    endpoints: nets.endpoints,
    lifecycle,
    security,
    resources: resourceOptions(flags),
  };
}

/** An EndpointSettings as CLI 28.2 sends it in NetworkingConfig (captured). */
function endpointBody(ep: EndpointConfig) {
  return {
    IPAMConfig: ep.ipv4 ? { IPv4Address: ep.ipv4 } : null,
    Links: null,
    Aliases: ep.aliases,
    MacAddress: '',
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

/** A map as Go's json.Marshal writes it: keys in byte order, whatever order they were added in. */
function goMap<T>(m: Readonly<Record<string, T>>): Record<string, T> {
  const keys = Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return dictFrom(keys.map((k) => [k, m[k]!] as const));
}

/**
 * The `POST /containers/create` body exactly as CLI 28.2 sends it, key for
 * key (captured from the real CLI), with the values these options set.
 */
export function createBody(o: RunOptions, rows: number, cols: number) {
  const attach = !o.detach;
  // ── sec: the security and namespace flags fill their keys in place ──
  return withSecurity(o.security, {
    Hostname: o.hostname,
    Domainname: '',
    User: '',
    AttachStdin: attach && o.interactive,
    AttachStdout: attach,
    AttachStderr: attach,
    ...(Object.keys(o.exposed).length ? { ExposedPorts: goMap(o.exposed) } : {}),
    Tty: o.tty,
    OpenStdin: o.interactive,
    StdinOnce: attach && o.interactive,
    Env: o.env.length ? o.env : null,
    Cmd: o.command.length ? o.command : null,
    ...(o.lifecycle?.healthcheck ? { Healthcheck: o.lifecycle.healthcheck } : {}),
    Image: o.image,
    Volumes: goMap(o.mounts.volumes),
    WorkingDir: o.workdir ?? '',
    Entrypoint: o.entrypoint !== undefined ? (o.entrypoint === '' ? [''] : [o.entrypoint]) : null,
    OnBuild: null,
    Labels: {},
    HostConfig: {
      Binds: o.mounts.binds,
      ContainerIDFile: '',
      LogConfig: { Type: '', Config: {} },
      NetworkMode: o.networkMode,
      PortBindings: goMap(o.bindings),
      RestartPolicy: o.lifecycle?.restart ?? { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: o.autoRemove,
      VolumeDriver: '',
      VolumesFrom: null,
      ConsoleSize: o.tty ? [rows, cols] : [0, 0],
      CapAdd: null,
      CapDrop: null,
      CgroupnsMode: '',
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: null,
      GroupAdd: null,
      IpcMode: '',
      Cgroup: '',
      Links: null,
      OomScoreAdj: 0,
      PidMode: '',
      Privileged: false,
      PublishAllPorts: o.publishAll,
      ReadonlyRootfs: false,
      SecurityOpt: null,
      ...(Object.keys(o.mounts.tmpfs).length ? { Tmpfs: goMap(o.mounts.tmpfs) } : {}),
      UTSMode: '',
      UsernsMode: '',
      ShmSize: 0,
      Isolation: '',
      ...resourcesBody(o.resources),
      ...(o.mounts.mounts.length ? { Mounts: o.mounts.mounts.map(mountJson) } : {}),
      MaskedPaths: null,
      ReadonlyPaths: null,
      ...(o.lifecycle?.init !== undefined ? { Init: o.lifecycle.init } : {}),
    },
    NetworkingConfig: {
      EndpointsConfig: dictFrom(
        Object.entries(o.endpoints).map(([k, ep]) => [k, endpointBody(ep)]),
      ),
    },
  });
}
