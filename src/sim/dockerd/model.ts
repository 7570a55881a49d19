import type { ContainerResources } from './containerResources';
import type { ContainerState, Lifecycle } from './containerLifecycle';
import type { SecurityHostConfig } from './securityOptions';

export type { ContainerState };

/** dockerd's own records: what `docker images`, `docker ps` and `inspect` read. */

/**
 * dockerd's PID on the simulated host. The host's own processes (systemd,
 * dockerd, containerd) are not simulated; their PIDs lie below the kernel
 * model's first PID (1200), and this one is as good as any: dockerd's
 * children (docker-proxy) name it as their parent.
 */
export const DOCKERD_PID = 1043;

export interface ImageConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
  Labels?: Record<string, string>;
  StopSignal?: string;
  /** life: the image's HEALTHCHECK (none of the catalog's official images has one). */
  Healthcheck?: HealthConfig;
}

export interface ImageLayer {
  digest: string;
  diffId: string;
  /** Compressed size, as downloaded. */
  size: number;
  /** Unpacked size on disk. */
  unpackedSize: number;
}

export interface ImageRecord {
  /** `sha256:<index digest>`: with the containerd image store the ID is the index digest. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** The registry repository, e.g. `library/nginx`. */
  repository: string;
  created: string;
  manifestDigest: string;
  /** The platform manifest's descriptor fields besides its digest (inspect's ImageManifestDescriptor). */
  manifestMediaType?: string;
  manifestSize?: number;
  configDigest: string;
  platform: { os: string; architecture: string; variant?: string };
  config: ImageConfig;
  layers: ImageLayer[];
  /** Unpacked size of all layers: the SIZE column. */
  size: number;
  /** Simulated time it was pulled. */
  pulledAt: number;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface ContainerConfig {
  Hostname: string;
  User: string;
  Env: string[];
  Cmd: string[];
  Entrypoint: string[] | null;
  Image: string;
  WorkingDir: string;
  Labels: Record<string, string>;
  ExposedPorts: Record<string, object>;
  StopSignal?: string;
  // ── life: the image's HEALTHCHECK or the --health-* flags ──
  Healthcheck?: HealthConfig;
  Tty: boolean;
  OpenStdin: boolean;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
}

export interface HostConfig {
  PortBindings: Record<string, PortBinding[]>;
  AutoRemove: boolean;
  NetworkMode: string;
  RestartPolicy: { Name: string; MaximumRetryCount: number };
  // ── Volumes and mounts (vol): as the create request carried them, for inspect.
  /** `-v` specs as the CLI sent them (`data:/data`, `/host:/ctr:ro`); null when none. */
  Binds?: string[] | null;
  /** `--mount` specs, as decoded from the request. */
  Mounts?: MountSpec[];
  /** `--tmpfs` destination → options. */
  Tmpfs?: Record<string, string>;
  // ── life: `--init` (HostConfig.Init, a *bool: null when the flag was not given) ──
  Init?: boolean | null;
  // ── sec: security options and namespaces (securityOptions.ts); absent: none asked for ──
  Security?: SecurityHostConfig;
  // ── res: resource limits (containerResources.ts); absent: none ──
  Resources?: ContainerResources;
}

// ── Volumes and mounts (vol) ──────────────────────────────────────────────

/** A `--mount` as the API carries it (moby api/types/mount.Mount, the fields DockScope reads). */
export interface MountSpec {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  VolumeOptions?: {
    NoCopy?: boolean;
    Labels?: Record<string, string> | null;
    DriverConfig?: { Name?: string; Options?: Record<string, string> | null } | null;
    Subpath?: string;
  } | null;
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number } | null;
}

/**
 * One of a container's mount points (moby volume/mounts.MountPoint, as
 * `Mounts` in inspect shows it): a volume, a bind mount of a host path, or a tmpfs.
 */
export interface MountPoint {
  Type: 'volume' | 'bind' | 'tmpfs';
  /** The volume's name (volumes only). */
  Name?: string;
  /** On the host: the volume's `_data`, the bound path; empty for a tmpfs. */
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
  /** A tmpfs's mount options (`size=64m`), as `--mount` gave them. */
  tmpfsOptions?: string;
  /** A volume dockerd named itself (`-v /data`, the image's VOLUME): `rm -v` removes it. */
  anonymous?: boolean;
}

/** A volume of the `local` driver, as dockerd's volume store keeps it. */
export interface VolumeRecord {
  name: string;
  driver: 'local';
  labels: Record<string, string>;
  /** The driver options (`-o type=tmpfs`); empty when none were given. */
  options: Record<string, string>;
  /** Simulated time it was created. */
  createdAt: number;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  time: number;
}

export interface ContainerRecord {
  id: string;
  name: string;
  imageId: string;
  config: ContainerConfig;
  hostConfig: HostConfig;
  /**
   * What `docker ps -a` and `inspect` show: always the state its lifecycle
   * machine (`DockerdState.lifecycles`) is in; dockerd's guard refuses any other.
   */
  state: ContainerState;
  created: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode: number;
  pid: number;
  /** Docker sets this when the stop was asked for (affects restart policies). */
  error: string;
  restartCount: number;
  ipAddress: string;
  /** Ports actually published (after start). */
  published: Array<{ hostIp: string; hostPort: number; containerPort: number; proto: string }>;
  /** Its volumes, bind mounts and tmpfs mounts (vol); absent: none. */
  mounts?: MountPoint[];
  // ── networks (issue 13, net) ──
  /**
   * The networks the container is configured for, by network name
   * (NetworkSettings.Networks): what create and connect asked for, and while it
   * runs its address there. Absent on records made before networks were modelled:
   * read through `endpointsOf`, which gives the NetworkMode's network.
   */
  endpoints?: Record<string, ContainerEndpoint>;
  /** `-P`: publish every exposed port on a port of the ephemeral range. */
  publishAll?: boolean;
  // ── res ──
  /** State.OOMKilled: the shim's TaskOOM arrived since the last start. */
  oomKilled?: boolean;
  // ── life: the restart manager, health checks ──
  /** moby HasBeenManuallyStopped: the user stopped or killed it (unless-stopped, daemon start). */
  manuallyStopped?: boolean;
  /** The restart manager's last backoff, in ms (0: none yet). */
  restartTimeoutMs?: number;
  /** A stop or kill canceled the restart manager: the next exit is final. */
  restartCanceled?: boolean;
  /** State.Health while a health check runs (absent: the container has none). */
  health?: HealthState;
}

// ── life: health checks (moby container.Health, api/types/container.HealthConfig) ──

/** A health check as the container keeps it (durations in ns, as the API carries them). */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** One probe's result (moby container.HealthcheckResult). */
export interface HealthResult {
  /** Simulated times the probe started and ended. */
  start: number;
  end: number;
  exitCode: number;
  output: string;
}

/** State.Health: `starting`, `healthy` or `unhealthy`, the failing streak and the last 5 results. */
export interface HealthState {
  status: 'starting' | 'healthy' | 'unhealthy';
  failingStreak: number;
  log: HealthResult[];
}

/** A container's endpoint on one network (libnetwork's endpoint, as moby's EndpointSettings shows it). */
export interface ContainerEndpoint {
  /** The network's ID once known (create leaves it empty for a network that does not exist yet). */
  networkId: string;
  /** `--network-alias` / `--alias`: more names for the container on this network (user networks only). */
  aliases: string[] | null;
  /** `--ip`: the address asked for (IPAMConfig.IPv4Address), '' for the next free one. */
  requestedIp: string;
  /** Operational data, set while the container is connected; '' otherwise. */
  ip: string;
  mac: string;
  gateway: string;
  endpointId: string;
  /** The host end of the veth pair (`veth1a2b3c4`). */
  veth: string;
  /** The Linux bridge that end is plugged into (`docker0`, `br-…`), while connected; '' otherwise. */
  bridge: string;
}

/** A network dockerd created (`docker network create`) or made at start (bridge, host, none). */
export interface NetworkRecord {
  id: string;
  name: string;
  driver: 'bridge' | 'host' | 'null';
  /** Simulated time it was created (0: at daemon start). */
  created: number;
  /** `172.18.0.0/16`; '' for host and none (no IPAM pool). */
  subnet: string;
  gateway: string;
  /** The Linux bridge: `docker0` or `br-<12 hex>`; '' for host and none. */
  bridge: string;
  internal: boolean;
  labels: Record<string, string>;
  /** Driver options (`-o`); the default bridge's are dockerd's own. */
  options: Record<string, string>;
  /** IPAM driver options: `{}` from the CLI, null for the networks dockerd makes itself. */
  ipamOptions: Record<string, string> | null;
  predefined: boolean;
  /** The subnet came from `--subnet` (so `--ip` is allowed on it). */
  userSubnet: boolean;
}

/**
 * One exec instance (moby's container.ExecConfig): made by `POST /containers/{id}/exec`,
 * run by `POST /exec/{id}/start`, read by `GET /exec/{id}/json`. Its exit code is its
 * own, not the container's.
 */
export interface ExecRecord {
  /** 64 hex digits, as moby's stringid.GenerateRandomID makes it. */
  id: string;
  containerId: string;
  entrypoint: string;
  args: string[];
  tty: boolean;
  openStdin: boolean;
  openStdout: boolean;
  openStderr: boolean;
  privileged: boolean;
  user: string;
  workingDir: string;
  /** The container's daemon environment with the exec's `-e` values replaced or appended. */
  env: string[];
  /** `--detach-keys` as given (moby keeps the bytes; inspect shows them base64). */
  detachKeys: string;
  consoleSize?: [number, number];
  running: boolean;
  /** null until it has run (moby's *int). */
  exitCode: number | null;
  /** The process's PID on the host, once started. */
  pid: number;
  /** Simulated time it exited (or failed to start), for the exec GC. */
  finishedAt?: number;
}

export interface DockerdState {
  images: Record<string, ImageRecord>;
  /** `nginx:latest` (familiar form) → image ID. */
  tags: Record<string, string>;
  containers: Record<string, ContainerRecord>;
  /** Each container's lifecycle machine, by container ID: the one place its state moves. */
  lifecycles: Record<string, Lifecycle>;
  /** `/name` → container ID. */
  names: Record<string, string>;
  /**
   * The port allocator (libnetwork's portallocator): `0.0.0.0:8080/tcp` → the
   * container holding it, so a start asks "is it free?" without reading every
   * container. Which ports a container published is its own record's
   * (`published`); this is the allocator's index of the same, as in moby.
   */
  ports: Record<string, string>;
  /**
   * libnetwork's IPAM bitmap, as an index: network name → address → the container
   * holding it (kept from the containers' endpoints, so a start asks "is it free?"
   * without reading every container). Which address a container has is its own
   * record's (`endpoints`); this is the allocator's view of the same.
   */
  addresses: Record<string, Record<string, string>>;
  /** The volume store (vol): volumes by name. */
  volumes: Record<string, VolumeRecord>;
  /** Networks users created, by ID (the predefined ones are `predefinedNetworks(host)`). */
  networks: Record<string, NetworkRecord>;
  /** Exec instances by exec ID (`docker exec`). */
  execs: Record<string, ExecRecord>;
  // ── obs: the event log (daemon/events), oldest first, at most EVENTS_LIMIT ──
  events: EventMessage[];
  // ── storage: the image store the running dockerd uses (graphStore.ts) ──
  /**
   * `overlayfs`: the containerd image store (its snapshotter's name);
   * `overlay2`: the classic graph driver, whose layers dockerd keeps itself.
   */
  driver: StorageDriver;
  /**
   * What the other store holds, as it lies on disk: its images and tags
   * (image/overlay2/imagedb and repositories.json, or containerd's
   * metadata) and the containers made with it, which moby's restore skips
   * ("created with another storage driver"). They come back when the store does.
   */
  shelved: Partial<Record<StorageDriver, ShelvedStore>>;
  /** overlay2's layer store (image/overlay2/layerdb/sha256): layers by chain ID. */
  graphLayers: Record<string, GraphLayer>;
  /** overlay2's read-write layers (image/overlay2/layerdb/mounts): by container ID. */
  graphMounts: Record<string, GraphMount>;
}

export type StorageDriver = 'overlayfs' | 'overlay2';

export interface ShelvedStore {
  images: Record<string, ImageRecord>;
  tags: Record<string, string>;
  containers: Record<string, ContainerRecord>;
  lifecycles: Record<string, Lifecycle>;
}

/** One layer of overlay2's layer store (layer/ro_layer.go). */
export interface GraphLayer {
  chainId: string;
  diffId: string;
  /** The chain ID of the layer below, if any. */
  parent?: string;
  /** The graph driver's directory name, /var/lib/docker/overlay2/<cacheId> (random). */
  cacheId: string;
  /** Its short name under /var/lib/docker/overlay2/l (26 characters). */
  link: string;
  /** Unpacked size in bytes. */
  size: number;
  /** Blob digest it came from (the v2 metadata service's mapping). */
  digest: string;
}

/** A container's read-write layer (layer/mounted_layer.go): mount-id and init-id. */
export interface GraphMount {
  /** Random 64 hex: /var/lib/docker/overlay2/<mountId>; the init layer is `<mountId>-init`. */
  mountId: string;
  link: string;
  initLink: string;
  /** The image's top layer (chain ID). */
  parent: string;
}

// ── obs: docker events ────────────────────────────────────────────────────

/** The kinds of object an event is about (moby api/types/events Type, the ones DockScope logs). */
export type EventType = 'container' | 'image' | 'network' | 'volume' | 'daemon';

/**
 * One event as the Engine API sends it (moby api/types/events.Message), its
 * fields in the order Go marshals them; `status`, `id` and `from` are the
 * deprecated ones moby 28 still fills for container and image events.
 */
export interface EventMessage {
  status?: string;
  id?: string;
  from?: string;
  Type: EventType;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local';
  /** Unix seconds. */
  time: number;
  /** Unix nanoseconds (whole microseconds in DockScope). */
  timeNano: number;
}
