import { loginBodyOf, registryLogin } from '../registryLogin';
import type { DaemonSetup, Host } from '../../host';
import { toContainerd } from '../containerdNamespace';
import type { Route } from '../router';
import { usesGraphDriver } from '../graphStore';
import { API_VERSION } from '../router';
import { contextOf } from '../../core/actors';
import { GRPC } from '../../containerd/services';
import type { DockerdState } from '../model';
import { CONTAINERD_REVISION, CONTAINERD_VERSION } from '../../containerd/containerdServer';
import { RUNC_COMMIT, RUNC_VERSION } from '../../runc/runcServer';

export const ENGINE = {
  version: '28.2.2',
  gitCommit: '45873be',
  goVersion: 'go1.24.3',
  buildTime: '2025-05-30T12:07:26.000000000+00:00',
  kernelVersion: '6.8.0-60-generic',
  os: 'linux',
  operatingSystem: 'Ubuntu 24.04.2 LTS',
  hostname: 'docker-host',
  cpus: 2,
  memTotal: 8_323_579_904,
};

const PING_HEADERS = {
  'Api-Version': API_VERSION,
  'Builder-Version': '2',
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Swarm: 'inactive',
  Server: `Docker/${ENGINE.version} (linux)`,
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  Pragma: 'no-cache',
};

// ── daemon: an older engine answers with its own API version ──
const OLDER_PING = new Map<string, Record<string, string>>();
function pingHeaders(host: Host): Record<string, string> {
  const r = host.daemonRuntime.release;
  if (r.version === ENGINE.version) return PING_HEADERS;
  let h = OLDER_PING.get(r.version);
  if (!h) {
    h = { ...PING_HEADERS, 'Api-Version': r.apiVersion, Server: `Docker/${r.version} (linux)` };
    OLDER_PING.set(r.version, h);
  }
  return h;
}

/**
 * What dockerd says in /info about its TCP listeners (moby 28.2 daemon/info.go
 * fillAPIInfo): without TLS, or with TLS but no client verification, anyone who
 * reaches the port is root on the host. null when there is nothing to say.
 */
function listenerWarnings(setup: DaemonSetup): string[] | null {
  const warn = `
         Access to the remote API is equivalent to root access on the host. Refer
         to the 'Docker daemon attack surface' section in the documentation for
         more information: https://docs.docker.com/go/attack-surface/`;
  const removal =
    'In future versions this will be a hard failure preventing the daemon from starting! Learn more at: https://docs.docker.com/go/api-security/';
  const warnings = setup.listeners
    .filter((l) => l.startsWith('tcp://') && !setup.tlsVerify)
    .map(
      (l) =>
        `[DEPRECATION NOTICE]: API is accessible on http://${l.slice('tcp://'.length)} without encryption.${warn}\n${removal}`,
    );
  return warnings.length > 0 ? warnings : null;
}

export const systemRoutes: Route[] = [
  {
    // `docker login`: dockerd checks the credentials by logging in to the registry itself
    // (registryLogin.ts). The answer is AuthenticateOKBody: a status and, from registries
    // that hand out refresh tokens, an identity token (Docker Hub gives none to this login).
    method: 'POST',
    path: '/auth',
    op: 'engine.system.auth',
    *handler({ host, inbound, req }) {
      const body = loginBodyOf(req.body);
      const status = yield* registryLogin(host, inbound, body);
      return {
        status: 200,
        body: { Status: status, IdentityToken: '' },
        summary: `${status}: the registry accepted ${body.username}`,
      };
    },
  },
  {
    method: 'HEAD',
    path: '/_ping',
    op: 'engine.system.ping',
    handler: ({ host }) => ({
      status: 200,
      headers: pingHeaders(host),
      summary: `OK: dockerd speaks API ${host.daemonRuntime.release.apiVersion}, so the client uses /v${host.daemonRuntime.release.apiVersion}/…`,
    }),
  },
  {
    method: 'GET',
    path: '/_ping',
    op: 'engine.system.ping',
    handler: ({ host }) => ({ status: 200, headers: pingHeaders(host), body: 'OK', summary: 'OK' }),
  },
  {
    method: 'GET',
    path: '/version',
    op: 'engine.system.version',
    *handler({ host, inbound }) {
      yield* inbound.call({
        to: 'containerd',
        protocol: 'grpc',
        operation: GRPC.version,
        op: 'containerd.version.get',
        request: toContainerd(host, {}),
        summary: 'dockerd asks containerd for its version',
      });
      yield* inbound.call({
        to: 'runc',
        protocol: 'exec',
        operation: 'runc --version',
        op: 'runc.version',
        request: { argv: ['runc', '--version'] },
        summary: 'dockerd runs `runc --version`',
      });
      const arch = host.architecture;
      const rel = host.daemonRuntime.release;
      const details = {
        ApiVersion: rel.apiVersion,
        Arch: arch,
        BuildTime: rel.buildTime,
        Experimental: 'false',
        GitCommit: rel.gitCommit,
        GoVersion: rel.goVersion,
        KernelVersion: ENGINE.kernelVersion,
        MinAPIVersion: rel.minApiVersion,
        Os: 'linux',
      };
      return {
        status: 200,
        body: {
          Platform: { Name: 'Docker Engine - Community' },
          Components: [
            { Name: 'Engine', Version: rel.version, Details: details },
            {
              Name: 'containerd',
              Version: CONTAINERD_VERSION,
              Details: { GitCommit: CONTAINERD_REVISION },
            },
            { Name: 'runc', Version: RUNC_VERSION, Details: { GitCommit: RUNC_COMMIT } },
            { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: 'de40ad0' } },
          ],
          Version: rel.version,
          ApiVersion: rel.apiVersion,
          MinAPIVersion: rel.minApiVersion,
          GitCommit: rel.gitCommit,
          GoVersion: rel.goVersion,
          Os: 'linux',
          Arch: arch,
          KernelVersion: ENGINE.kernelVersion,
          BuildTime: rel.buildTime,
        },
        summary: `Docker Engine ${rel.version}, containerd ${CONTAINERD_VERSION}, runc ${RUNC_VERSION}`,
      };
    },
  },
  {
    method: 'GET',
    path: '/info',
    op: 'engine.system.info',
    handler: ({ host }) => {
      const d = contextOf<DockerdState>(host.dockerd);
      const cs = Object.values(d.containers);
      const running = cs.filter((c) => c.state === 'running').length;
      const paused = cs.filter((c) => c.state === 'paused').length;
      return {
        status: 200,
        body: {
          ID: host.engineId,
          Containers: cs.length,
          ContainersRunning: running,
          ContainersPaused: paused,
          ContainersStopped: cs.length - running - paused,
          Images: Object.keys(d.images).length,
          // ── storage: the containerd store's snapshotter, or overlay2's Status() (graphStore.ts) ──
          ...(usesGraphDriver(host)
            ? {
                Driver: 'overlay2',
                DriverStatus: [
                  ['Backing Filesystem', 'extfs'],
                  ['Supports d_type', 'true'],
                  ['Using metacopy', 'false'],
                  ['Native Overlay Diff', 'true'],
                  ['userxattr', 'false'],
                ],
              }
            : {
                Driver: 'overlayfs',
                DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']],
              }),
          Plugins: {
            Volume: ['local'],
            Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'],
            Authorization: null,
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
          Debug: host.daemonRuntime.config.debug,
          NFd: 30,
          OomKillDisable: false,
          NGoroutines: 45,
          SystemTime: host.isoTime(host.scheduler.now),
          LoggingDriver: 'json-file',
          CgroupDriver: host.daemonRuntime.config.cgroupDriver,
          CgroupVersion: '2',
          NEventsListener: 0,
          KernelVersion: ENGINE.kernelVersion,
          OperatingSystem: ENGINE.operatingSystem,
          OSVersion: '24.04',
          OSType: 'linux',
          Architecture: host.architecture === 'amd64' ? 'x86_64' : 'aarch64',
          IndexServerAddress: 'https://index.docker.io/v1/',
          RegistryConfig: {
            InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
            IndexConfigs: {
              'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true },
            },
            Mirrors: [],
          },
          NCPU: ENGINE.cpus,
          MemTotal: ENGINE.memTotal,
          GenericResources: null,
          DockerRootDir: host.daemon.dataRoot,
          HttpProxy: '',
          HttpsProxy: '',
          NoProxy: '',
          Name: host.name === 'local' ? ENGINE.hostname : host.name,
          Labels: host.daemonRuntime.config.labels,
          ExperimentalBuild: false,
          ServerVersion: host.daemonRuntime.release.version,
          Runtimes: {
            'io.containerd.runc.v2': {
              path: 'runc',
              status: { 'org.opencontainers.runtime-spec.features': '{}' },
            },
            runc: { path: 'runc', status: { 'org.opencontainers.runtime-spec.features': '{}' } },
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
          LiveRestoreEnabled: host.daemonRuntime.config.liveRestore,
          Isolation: '',
          InitBinary: 'docker-init',
          ContainerdCommit: { ID: CONTAINERD_REVISION },
          RuncCommit: { ID: RUNC_COMMIT },
          InitCommit: { ID: 'de40ad0' },
          SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'],
          ProductLicense: 'Community Engine',
          CDISpecDirs: ['/etc/cdi', '/var/run/cdi'],
          Containerd: {
            Address: '/run/containerd/containerd.sock',
            Namespaces: {
              Containers: host.daemon.containerdNamespace,
              Plugins: host.daemon.pluginsNamespace,
            },
          },
          Warnings: listenerWarnings(host.setup),
        },
        summary: `${cs.length} containers (${running} running), ${Object.keys(d.images).length} images`,
      };
    },
  },
];
