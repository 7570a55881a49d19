// GET /version and GET /info bodies of a dockerd 28.2.2 on Ubuntu 24.04 (amd64) with the
// containerd image store ("overlayfs" snapshotter), matching SystemVersion / SystemInfo.
import { hex } from './catalog';

export const ENGINE = {
  version: '28.2.2',
  apiVersion: '1.50',
  minApiVersion: '1.24',
  gitCommit: '45873be',
  goVersion: 'go1.24.3',
  kernel: '6.8.0-60-generic',
  buildTime: '2025-05-30T12:07:26.000000000+00:00',
} as const;

/** Headers dockerd's version middleware puts on every response. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Api-Version': ENGINE.apiVersion,
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: `Docker/${ENGINE.version} (linux)`,
};

/** GET/HEAD /_ping answer headers (plus Content-Length). */
export const PING_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON_HEADERS,
  'Builder-Version': '2',
  Swarm: 'inactive',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  Pragma: 'no-cache',
  'Content-Type': 'text/plain; charset=utf-8',
};

const CONTAINERD_COMMIT = '05044ec0a9a75232cad458027ca83437aae3f4da';
const RUNC_COMMIT = 'v1.2.5-0-g59923ef';
const INIT_COMMIT = 'de40ad0';

export function versionJson(): Record<string, unknown> {
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [
      {
        Name: 'Engine',
        Version: ENGINE.version,
        Details: {
          ApiVersion: ENGINE.apiVersion,
          Arch: 'amd64',
          BuildTime: ENGINE.buildTime,
          Experimental: 'false',
          GitCommit: ENGINE.gitCommit,
          GoVersion: ENGINE.goVersion,
          KernelVersion: ENGINE.kernel,
          MinAPIVersion: ENGINE.minApiVersion,
          Os: 'linux',
        },
      },
      { Name: 'containerd', Version: '1.7.27', Details: { GitCommit: CONTAINERD_COMMIT } },
      { Name: 'runc', Version: '1.2.5', Details: { GitCommit: RUNC_COMMIT } },
      { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: INIT_COMMIT } },
    ],
    Version: ENGINE.version,
    ApiVersion: ENGINE.apiVersion,
    MinAPIVersion: ENGINE.minApiVersion,
    GitCommit: ENGINE.gitCommit,
    GoVersion: ENGINE.goVersion,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: ENGINE.kernel,
    BuildTime: ENGINE.buildTime,
  };
}

export interface Counts {
  containers: number;
  running: number;
  paused: number;
  stopped: number;
  images: number;
}

const uuid = (h: string): string =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

export function infoJson(n: Counts, base: number): Record<string, unknown> {
  return {
    ID: uuid(hex('daemon-id')),
    Containers: n.containers,
    ContainersRunning: n.running,
    ContainersPaused: n.paused,
    ContainersStopped: n.stopped,
    Images: n.images,
    Driver: 'overlayfs',
    DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']],
    Plugins: {
      Volume: ['local'],
      Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'],
      Authorization: [],
      Log: [
        'awslogs',
        'fluentd',
        'gcplogs',
        'gelf',
        'journald',
        'json-file',
        'local',
        'splunk',
        'syslog',
      ],
    },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    BridgeNfIptables: false,
    BridgeNfIp6tables: false,
    Debug: false,
    NFd: 31,
    OomKillDisable: false,
    NGoroutines: 46,
    SystemTime: new Date(base * 1000).toISOString().replace('.000Z', '.123456789Z'),
    LoggingDriver: 'json-file',
    CgroupDriver: 'systemd',
    CgroupVersion: '2',
    NEventsListener: 0,
    KernelVersion: ENGINE.kernel,
    OperatingSystem: 'Ubuntu 24.04.2 LTS',
    OSVersion: '24.04',
    OSType: 'linux',
    Architecture: 'x86_64',
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: {
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
      IndexConfigs: {
        'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true },
      },
      Mirrors: [],
    },
    NCPU: 4,
    MemTotal: 8_323_002_368,
    GenericResources: [],
    DockerRootDir: '/var/lib/docker',
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: 'dockscope',
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: ENGINE.version,
    Runtimes: {
      'io.containerd.runc.v2': { path: 'runc' },
      runc: { path: 'runc' },
    },
    DefaultRuntime: 'runc',
    Swarm: {
      NodeID: '',
      NodeAddr: '',
      LocalNodeState: 'inactive',
      ControlAvailable: false,
      Error: '',
      RemoteManagers: null,
    },
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: { ID: CONTAINERD_COMMIT },
    RuncCommit: { ID: RUNC_COMMIT },
    InitCommit: { ID: INIT_COMMIT },
    SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'],
    ProductLicense: 'Community Engine',
    CDISpecDirs: ['/etc/cdi', '/var/run/cdi'],
    FirewallBackend: { Driver: 'iptables' },
    Containerd: {
      Address: '/run/containerd/containerd.sock',
      Namespaces: { Containers: 'moby', Plugins: 'plugins.moby' },
    },
    Warnings: [],
  };
}
