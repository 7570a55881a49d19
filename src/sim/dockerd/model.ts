import type { ContainerState, Lifecycle } from './containerLifecycle';

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
  /** Exec instances by exec ID (`docker exec`). */
  execs: Record<string, ExecRecord>;
}
