import type { EventObject } from 'xstate';
import { createRng, type Rng } from './core/rng';
import { Store } from './core/store';
import type { Scheduler } from './core/scheduler';
import type { Network } from './core/network';
import { LOCAL, type ComponentId, type MachineName } from './core/types';
import { dockerdMachine } from './dockerd/dockerdMachine';
import { containerdMachine } from './containerd/containerdMachine';
import { runcMachine, type RuncEvent, type RuncState } from './runc/runcMachine';
import { kernelMachine, type KernelEvent, type KernelState } from './kernel/kernelMachine';
import { Shim } from './shim/shimMachine';
import { clientMachine } from './client/clientMachine';
import { ContainerIo } from './dockerd/containerIo';
import { LogStore } from './dockerd/logStore';
import { Endpoints } from './dockerd/endpoints';
import { ProcessTable } from './kernel/processTable';
import { StdinPipes } from './kernel/stdinPipes';
import { RwLayers } from './kernel/containerFiles';
import { HostFiles } from './kernel/hostFiles';
import { MountNamespaces } from './kernel/mountNamespaces';
import { HostDirs } from './kernel/hostDirs';
import type { LayerContent } from './image/layerContent';
import { isoTimeOf } from './core/time';
import { HostHistory } from './history/hostHistory';
import type { DockerdState } from './dockerd/model';
// ── daemon: the daemons as systemd units ──
import { SystemdUnits } from './systemd/units';
import { Journal } from './systemd/journal';
import { DaemonRuntime } from './dockerd/daemonProcess';

/**
 * Calls `changed` after each event `store` is sent, with the event and the context it
 * left: the host history records what the page shows from it. (With xstate's `inspect`
 * option, as before, every event also built several inspection events nobody read.)
 */
function afterEachEvent<E extends EventObject, C, A extends Watchable<E, C>>(
  store: A & Watchable<E, C>,
  changed: (event: E, context: C) => void,
): A {
  const send = store.send.bind(store);
  store.send = (event: E) => {
    send(event);
    changed(event, store.getSnapshot().context);
  };
  return store;
}
interface Watchable<E, C> {
  send(event: E): void;
  getSnapshot(): { context: C };
}

export interface HostOptions {
  /** Fixes every ID, name and jitter. Default 1. */
  seed?: number;
  /** Wall-clock time (ms since 1970) at which the simulated host boots. */
  epoch?: number;
  /** Platform the host pulls for. */
  architecture?: 'amd64' | 'arm64';
}

/** 2026-01-15T09:00:00Z: a fixed boot time, so timestamps in logs are stable. */
export const DEFAULT_EPOCH = Date.UTC(2026, 0, 15, 9, 0, 0);

/** A dockerd of the world, as it is started (its systemd unit, or the command line). */
export interface DaemonSetup {
  /** The machine it runs on. */
  name: MachineName;
  /**
   * dockerd's `-H` listeners: `fd://` is the socket systemd opens at
   * /var/run/docker.sock (docker.service's `-H fd://`); `tcp://0.0.0.0:2375`,
   * `unix:///var/run/docker-bootstrap.sock`…
   */
  listeners: readonly string[];
  /** `--tlsverify`: every TCP listener speaks TLS and asks for a client certificate. */
  tlsVerify: boolean;
  /**
   * A second daemon on the same machine: its component id there and the options
   * that keep it apart from the first (Docker's dockerd reference, "Run multiple
   * daemons"). Absent: the machine's own dockerd with moby 28's defaults.
   */
  second?: SecondDaemon;
}

/**
 * Where one daemon keeps what it owns, with moby 28's defaults for the first
 * (daemon/config/config_linux.go setPlatformDefaults, config.go's namespaces).
 */
export interface DaemonPaths {
  /** Its component id on the machine (`dockerd`, `dockerd-bootstrap`). */
  id: ComponentId;
  /** `--data-root`. */
  dataRoot: string;
  /** `--exec-root`. */
  execRoot: string;
  /** `-p`/`--pidfile`. */
  pidfile: string;
  /** `--containerd-namespace` and `--containerd-plugins-namespace`. */
  containerdNamespace: string;
  pluginsNamespace: string;
  /** `--bridge=none`: no default bridge network, so containers get only loopback. */
  bridgeNone: boolean;
  /** `--iptables=false`. */
  iptables: boolean;
}

/** What differs for a second dockerd on a machine: every path and name its own. */
export type SecondDaemon = DaemonPaths;

export const DEFAULT_DAEMON: DaemonPaths = {
  id: 'dockerd',
  dataRoot: '/var/lib/docker',
  execRoot: '/var/run/docker',
  pidfile: '/var/run/docker.pid',
  containerdNamespace: 'moby',
  pluginsNamespace: 'plugins.moby',
  bridgeNone: false,
  iptables: true,
};

/** The ID dockerd keeps in /var/lib/docker/engine-id on the learner's machine (fixed, for stable output). */
const LOCAL_ENGINE_ID = 'a1b2c3d4-e5f6-4789-8abc-def012345678';

/** What a host shares with the rest of its world: the one clock and the one wire. */
export interface HostWorld {
  readonly scheduler: Scheduler;
  /** The wire, as seen from `local`. */
  readonly net: Network;
  /** The world's own randomness (the wire's jitter; `local`'s IDs). */
  readonly rng: Rng;
  readonly seed: number;
}

/**
 * One machine of the world that runs Docker Engine: its dockerd, containerd,
 * runc, kernel and one shim per container (their records in stores, the shims'
 * and each container's lifecycle in xstate machines), with the
 * machine's seeded randomness. The learner's machine (`local`) also runs the
 * docker CLI (`client`). The clock and the wire are the world's.
 *
 * A second dockerd on a machine is a Host too, made with `machine` (the
 * machine's first Host): it has its own dockerd, its own containerd namespace
 * (`containerd` is containerd's metadata in that namespace; the one containerd
 * process keeps a store per namespace), its own logs, pipes and history, and
 * shares the machine's kernel, runc, shims and files.
 */
export class Host {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  /** The world's wire as seen from this machine: calls default to components on it. */
  readonly net: Network;
  readonly epoch: number;
  readonly architecture: 'amd64' | 'arm64';

  /** The host's objects at every point of the trace (rewind reads it; nothing in the engine does). */
  readonly history = new HostHistory(
    () => this.net?.lastSeq ?? 0,
    (seq) => this.net.store.timeOf(seq),
  );

  readonly client = new Store('client', clientMachine);
  readonly dockerd = afterEachEvent(new Store('dockerd', dockerdMachine), (event, context) =>
    this.history.dockerdChanged(event, context, this.shims),
  );
  readonly containerd = afterEachEvent(
    new Store('containerd', containerdMachine),
    (_event, context) => this.history.containerdChanged(context),
  );
  readonly runc: Store<RuncState, RuncEvent>;
  readonly kernel: Store<KernelState, KernelEvent>;
  /** One `containerd-shim-runc-v2` actor per container with a task (the machine's, whichever daemon). */
  readonly shims: Map<string, Shim>;

  /** Pipes between container processes, dockerd's log driver and attached clients. */
  readonly io = new ContainerIo();
  /** The running programs inside containers, by PID. */
  readonly processes: ProcessTable;
  /** The kernel's end of each container's stdin pipe. */
  readonly pipes: StdinPipes;
  /** Files programs in containers wrote, kept in each container's read-write snapshot. */
  readonly rwLayers: RwLayers;
  /** CPUs of the simulated host (nginx starts one worker per CPU). */
  readonly cpus = 2;
  /** What a stack of unpacked layers holds, by its top layer's chain ID (from the catalog). */
  layerContentOf: (chainId: string) => LayerContent | undefined = () => undefined;
  /** Unpacked size of a layer blob, as the snapshotter reports it after Diff.Apply. */
  unpackedSizeOf: (layerDigest: string) => number | undefined = () => undefined;
  /** dockerd's record of the network it set up for each container (veth, proxies, NAT rules). */
  readonly endpoints = new Endpoints();
  /** The json-file logs of every container. */
  readonly logs = new LogStore();
  /** Files on the host that components hand each other by writing them (a bundle's `config.json`, a container's /etc/hosts). */
  readonly files: HostFiles;
  /** The kernel's mount table and each container's mount, UTS and network namespaces. */
  readonly namespaces: MountNamespaces;
  /** Directories containers see through mounts: volumes' `_data`, bind sources, tmpfs (vol). */
  readonly dirs: HostDirs;

  /** The machine's name: `local`, `node-2`… */
  readonly name: MachineName;
  /** How dockerd is started here: where it listens, and whether TCP needs TLS. */
  readonly setup: DaemonSetup;
  /** dockerd's engine ID (a UUID it generates once and keeps in its data root). */
  readonly engineId: string;
  /** This daemon's id on its machine, its roots, pidfile and containerd namespace. */
  readonly daemon: DaemonPaths;
  /** The machine's first Host (this one, unless this is a second daemon). */
  readonly machine: Host;
  /** Every daemon on this machine, the first one first (kept on the machine's first Host). */
  readonly daemons: Host[];
  /** The gRPC metadata on each of this dockerd's calls to containerd (its namespace), shared by all. */
  readonly grpcMetadata: Readonly<Record<string, string>>;
  // ── daemon: systemd's units, the journal, dockerd as a process ──
  /** systemd's records of docker.service, docker.socket and containerd.service (the machine's). */
  readonly systemd: SystemdUnits;
  /** What journald keeps of the units' output (the machine's). */
  readonly journal: Journal;
  /** This dockerd as a process: running or not, its PID and its configuration. */
  readonly daemonRuntime = new DaemonRuntime();

  constructor(
    world: HostWorld,
    setup: DaemonSetup = { name: LOCAL, listeners: ['fd://'], tlsVerify: false },
    options: HostOptions = {},
    machine?: Host,
  ) {
    const name = setup.name;
    this.name = name;
    this.setup = setup;
    this.daemon = setup.second ? { ...setup.second } : DEFAULT_DAEMON;
    this.scheduler = world.scheduler;
    this.net = world.net.on(name);
    // `local` draws from the world's generator, as the one host always did, so its
    // traces stay what they were; another machine (or a second daemon) has its own,
    // seeded by its name.
    const seedName = setup.second ? `${name}/${setup.second.id}` : name;
    this.rng = seedName === LOCAL ? world.rng : createRng(machineSeed(world.seed, seedName));
    this.engineId = seedName === LOCAL ? LOCAL_ENGINE_ID : uuid4(this.rng.hex(32));
    this.epoch = options.epoch ?? DEFAULT_EPOCH;
    this.architecture = options.architecture ?? 'amd64';
    this.machine = machine ?? this;
    this.runc = machine?.runc ?? new Store('runc', runcMachine);
    this.kernel = machine?.kernel ?? new Store('kernel', kernelMachine);
    this.shims = machine?.shims ?? new Map();
    this.processes = machine?.processes ?? new ProcessTable();
    this.pipes = machine?.pipes ?? new StdinPipes();
    this.rwLayers = machine?.rwLayers ?? new RwLayers();
    this.files = machine?.files ?? new HostFiles();
    this.namespaces = machine?.namespaces ?? new MountNamespaces();
    this.dirs = machine?.dirs ?? new HostDirs();
    this.systemd = machine?.systemd ?? new SystemdUnits();
    this.journal = machine?.journal ?? new Journal();
    this.grpcMetadata = Object.freeze({ 'containerd-namespace': this.daemon.containerdNamespace });
    this.daemons = machine?.daemons ?? [];
    this.daemons.push(this);
  }

  /** This daemon's component id on its machine: `dockerd`, or a second daemon's own. */
  get daemonId(): ComponentId {
    return this.daemon.id;
  }

  /** The daemon on this machine whose containerd namespace is `ns`, if any. */
  daemonInNamespace(ns: string): Host | undefined {
    return this.daemons.find((d) => d.daemon.containerdNamespace === ns);
  }

  /**
   * The daemon on this machine that holds container `id` (the kernel and the shim
   * serve every daemon's containers; each container's records are its daemon's).
   */
  daemonOf(containerId: string): Host {
    if (this.daemons.length === 1) return this;
    return this.daemons.find((d) => d.containerRecord(containerId)) ?? this.machine;
  }

  /** Simulated wall-clock time, ms since 1970. */
  get wallClock(): number {
    return this.epoch + Math.floor(this.scheduler.now);
  }

  /** RFC 3339 with nanoseconds, as the Engine API prints times. */
  isoTime(simTime: number): string {
    return isoTimeOf(this.epoch, simTime);
  }

  /**
   * runc's cgroupsPath for a container: `slice:prefix:name` with the systemd cgroup
   * driver (the default on a cgroup v2 host), a path under /docker with cgroupfs.
   */
  cgroupOf(containerId: string): string {
    return this.daemonRuntime.config.cgroupDriver === 'cgroupfs'
      ? `/docker/${containerId}`
      : `system.slice:docker:${containerId}`;
  }

  spawnShim(containerId: string, shimPid: number, address: string): Shim {
    const shim = new Shim(containerId, shimPid, address);
    this.shims.set(containerId, shim);
    const owner = this.daemonOf(containerId);
    owner.history.shimChanged(containerId, true, owner.containerRecord(containerId));
    return shim;
  }

  dropShim(containerId: string): void {
    // The shim's own process told the kernel it exits (exit_group): only its actor goes here.
    if (this.shims.delete(containerId)) {
      const owner = this.daemonOf(containerId);
      owner.history.shimChanged(containerId, false, owner.containerRecord(containerId));
    }
    this.net.unregister(`shim-${containerId.slice(0, 12)}` as ComponentId);
  }

  containerRecord(id: string) {
    return (this.dockerd.getSnapshot().context as DockerdState).containers[id];
  }
}

/** A seed for machine `name`'s own generator, from the world's seed (FNV-1a over the name). */
function machineSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A version-4 UUID from 32 random hex digits, as Go's uuid.New() formats one. */
function uuid4(hex: string): string {
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
