// The fake daemon's state and the Engine API v1.50 JSON it serves for it.
// Times are kept relative to the daemon's start ("rel" seconds, <= 0): the builders take
// the epoch `base` that rel is added to, so a body can be rendered with the real clock
// (what the CLI sees) and with FIXTURE_EPOCH (what the fixture stores).
// Where real dockerd sends null for a Go nil slice/map that the swagger does not mark
// x-nullable, these bodies send []/{} instead, so every body validates against the swagger.
import { type ImageSpec, hex, refOf } from './catalog';

export const FIXTURE_EPOCH = 1_750_000_000; // 2025-06-15T15:06:40Z

export interface Frame {
  readonly stream: 1 | 2; // 1 = stdout, 2 = stderr
  readonly data: string;
}

export type PortBindings = Record<string, { HostIp: string; HostPort: string }[]>;

export interface Container {
  id: string;
  name: string;
  imageRef: string; // "Image" as given to containers/create
  image: ImageSpec;
  path: string;
  args: string[];
  cmd: string[];
  entrypoint: string[] | null;
  env: string[];
  state: 'created' | 'running' | 'exited';
  exitCode: number;
  createdRel: number;
  startedRel: number | null;
  finishedRel: number | null;
  portBindings: PortBindings;
  autoRemove: boolean;
  logs: Frame[];
  ip: string;
}

/** go-units HumanDuration, from whole seconds. */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const minutes = Math.floor(s / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(s / 3600 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(s / 3600 / 24 / 365)} years`;
}

const rfc3339 = (epoch: number): string =>
  new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function statusText(c: Container): string {
  if (c.state === 'running') return `Up ${humanDuration(-(c.startedRel ?? 0))}`;
  if (c.state === 'exited')
    return `Exited (${c.exitCode}) ${humanDuration(-(c.finishedRel ?? 0))} ago`;
  return 'Created';
}

/** moby container/view.go: args containing a space are single-quoted. */
export function commandText(c: Container): string {
  if (c.args.length === 0) return c.path;
  return `${c.path} ${c.args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`;
}

interface PortJson {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

function summaryPorts(c: Container): PortJson[] {
  if (c.state !== 'running') return [];
  const keys = new Set([...c.image.exposedPorts, ...Object.keys(c.portBindings)]);
  const out: PortJson[] = [];
  for (const key of [...keys].sort()) {
    const [port = '0', proto = 'tcp'] = key.split('/');
    const bindings = c.portBindings[key] ?? [];
    if (bindings.length === 0) out.push({ PrivatePort: Number(port), Type: proto });
    for (const b of bindings) {
      for (const ip of b.HostIp ? [b.HostIp] : ['0.0.0.0', '::']) {
        out.push({
          IP: ip,
          PrivatePort: Number(port),
          PublicPort: Number(b.HostPort),
          Type: proto,
        });
      }
    }
  }
  return out;
}

function endpoint(c: Container): Record<string, unknown> {
  const up = c.state === 'running';
  return {
    IPAMConfig: null,
    Links: [],
    Aliases: [],
    MacAddress: up ? `02:42:ac:11:00:${c.ip.split('.')[3]!.padStart(2, '0')}` : '',
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: hex('network/bridge'),
    EndpointID: up ? hex(`endpoint/${c.id}`) : '',
    Gateway: up ? '172.17.0.1' : '',
    IPAddress: up ? c.ip : '',
    IPPrefixLen: up ? 16 : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: [],
  };
}

export function containerSummary(c: Container, base: number): Record<string, unknown> {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.imageRef,
    ImageID: c.image.id,
    ImageManifestDescriptor: manifestDescriptor(c.image),
    Command: commandText(c),
    Created: base + c.createdRel,
    Ports: summaryPorts(c),
    Labels: { ...c.image.labels },
    State: c.state,
    Status: statusText(c),
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: { bridge: endpoint(c) } },
    Mounts: [],
  };
}

function manifestDescriptor(img: ImageSpec): Record<string, unknown> {
  return {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${hex(`${refOf(img)}/manifest/amd64`)}`,
    size: 2_290,
    platform: { architecture: 'amd64', os: 'linux' },
  };
}

export function imageSummary(img: ImageSpec, base: number): Record<string, unknown> {
  return {
    Containers: -1,
    Created: base - img.createdAgo,
    Descriptor: {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest: img.digest,
      size: 10_229,
    },
    Id: img.id,
    Labels: { ...img.labels },
    ParentId: '',
    RepoDigests: [`${img.repo}@${img.digest}`],
    RepoTags: [refOf(img)],
    SharedSize: -1,
    Size: img.size,
  };
}

export function containerInspect(c: Container, base: number): Record<string, unknown> {
  const portMap: Record<string, unknown> = {};
  for (const key of [...c.image.exposedPorts, ...Object.keys(c.portBindings)]) {
    portMap[key] = c.state === 'running' ? (c.portBindings[key] ?? null) : null;
  }
  const at = (rel: number | null): string => (rel === null ? ZERO_TIME : rfc3339(base + rel));
  const dir = `/var/lib/docker/containers/${c.id}`;
  return {
    Id: c.id,
    Created: rfc3339(base + c.createdRel),
    Path: c.path,
    Args: c.args,
    State: {
      Status: c.state,
      Running: c.state === 'running',
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: c.state === 'running' ? 4242 : 0,
      ExitCode: c.exitCode,
      Error: '',
      StartedAt: at(c.startedRel),
      FinishedAt: at(c.finishedRel),
    },
    Image: c.image.id,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlayfs',
    Platform: 'linux',
    ImageManifestDescriptor: manifestDescriptor(c.image),
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: 'docker-default',
    ExecIDs: null,
    HostConfig: {
      NetworkMode: 'bridge',
      PortBindings: c.portBindings,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: c.autoRemove,
      LogConfig: { Type: 'json-file', Config: {} },
    },
    GraphDriver: { Data: {}, Name: 'overlayfs' },
    Mounts: [],
    Config: {
      Hostname: c.id.slice(0, 12),
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ExposedPorts: Object.fromEntries(c.image.exposedPorts.map((p) => [p, {}])),
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: c.env,
      Cmd: c.cmd,
      Image: c.imageRef,
      WorkingDir: '',
      Entrypoint: c.entrypoint,
      Labels: { ...c.image.labels },
      ...(c.image.stopSignal ? { StopSignal: c.image.stopSignal } : {}),
    },
    NetworkSettings: {
      SandboxID: c.state === 'running' ? hex(`sandbox/${c.id}`) : '',
      SandboxKey:
        c.state === 'running' ? `/var/run/docker/netns/${hex(`ns/${c.id}`).slice(0, 12)}` : '',
      Ports: portMap,
      Networks: { bridge: endpoint(c) },
    },
  };
}
