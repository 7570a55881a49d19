import { isOn, last, type FlagValues } from '../flags';
import { parsePortSpec } from '../../core/nat';
import { dict, dictFrom } from '../../core/records';
import { mountFlags, mountJson, type MountFlags } from './mountOptions';

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
}

/** Read `docker run` / `docker create` flags into options, or the CLI's error text. */
export function runOptions(
  flags: FlagValues,
  args: string[],
  create: boolean,
  clientEnv: ReadonlyMap<string, string> = new Map(),
): RunOptions | { error: string; flag?: boolean } {
  // Mounts (vol): a bad --mount is pflag's error, before anything else is read.
  const mounts = mountFlags(flags.volume ?? [], flags.mount ?? [], flags.tmpfs ?? []);
  if ('error' in mounts) return mounts;
  const ports = parsePorts(flags.publish ?? []);
  if (!ports.ok) return { error: ports.error };
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
  return {
    Hostname: '',
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
      NetworkMode: 'default',
      PortBindings: goMap(o.bindings),
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
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
      PublishAllPorts: false,
      ReadonlyRootfs: false,
      SecurityOpt: null,
      ...(Object.keys(o.mounts.tmpfs).length ? { Tmpfs: goMap(o.mounts.tmpfs) } : {}),
      UTSMode: '',
      UsernsMode: '',
      ShmSize: 0,
      Isolation: '',
      CpuShares: 0,
      Memory: 0,
      NanoCpus: 0,
      CgroupParent: '',
      BlkioWeight: 0,
      BlkioWeightDevice: [],
      BlkioDeviceReadBps: [],
      BlkioDeviceWriteBps: [],
      BlkioDeviceReadIOps: [],
      BlkioDeviceWriteIOps: [],
      CpuPeriod: 0,
      CpuQuota: 0,
      CpuRealtimePeriod: 0,
      CpuRealtimeRuntime: 0,
      CpusetCpus: '',
      CpusetMems: '',
      Devices: [],
      DeviceCgroupRules: null,
      DeviceRequests: null,
      MemoryReservation: 0,
      MemorySwap: 0,
      MemorySwappiness: -1,
      OomKillDisable: false,
      PidsLimit: 0,
      Ulimits: [],
      CpuCount: 0,
      CpuPercent: 0,
      IOMaximumIOps: 0,
      IOMaximumBandwidth: 0,
      ...(o.mounts.mounts.length ? { Mounts: o.mounts.mounts.map(mountJson) } : {}),
      MaskedPaths: null,
      ReadonlyPaths: null,
    },
    NetworkingConfig: {
      EndpointsConfig: {
        default: {
          IPAMConfig: null,
          Links: null,
          Aliases: null,
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
        },
      },
    },
  };
}
