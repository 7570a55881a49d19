import { createActor, type Actor } from 'xstate';
import { createRng, type Rng } from './core/rng';
import { Scheduler } from './core/scheduler';
import { Network } from './core/network';
import type { ComponentId } from './core/types';
import { dockerdMachine } from './dockerd/dockerdMachine';
import { containerdMachine } from './containerd/containerdMachine';
import { runcMachine } from './runc/runcMachine';
import { kernelMachine } from './kernel/kernelMachine';
import { shimMachine } from './shim/shimMachine';
import { registryMachine } from './registry/registryMachine';
import { clientMachine } from './client/clientMachine';
import { ContainerIo } from './dockerd/containerIo';
import { LogStore } from './dockerd/logStore';
import { ProcessTable } from './kernel/processTable';
import { RwLayers } from './kernel/containerFiles';
import type { ImageRuntime } from './registry/catalog/types';
import { HostHistory } from './history/hostHistory';
import type { DockerdState } from './dockerd/model';
import type { ContainerdEvent, ContainerdState } from './containerd/containerdMachine';

/** xstate's inspection event for a new snapshot (only the fields read here). */
interface SnapshotInspection {
  type: string;
  event: { type: string };
  snapshot: unknown;
}
const contextIn = <C>(e: SnapshotInspection) => (e.snapshot as { context: C }).context;

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

/**
 * One simulated Docker host and the world around it (the client, Docker Hub
 * and its token service). It owns the clock, the seeded randomness, the wire
 * that records the trace, and one xstate actor per component.
 */
export class Host {
  readonly scheduler = new Scheduler();
  readonly rng: Rng;
  readonly net: Network;
  readonly epoch: number;
  readonly architecture: 'amd64' | 'arm64';

  /** The host's objects at every point of the trace (rewind reads it; nothing in the engine does). */
  readonly history = new HostHistory(
    () => this.net?.lastSeq ?? 0,
    (seq) => this.net.message(seq)?.time ?? 0,
  );

  readonly client = createActor(clientMachine, { id: 'client' }).start();
  readonly dockerd = createActor(dockerdMachine, {
    id: 'dockerd',
    inspect: (e) => {
      if (e.type !== '@xstate.snapshot') return;
      const i = e as unknown as SnapshotInspection;
      this.history.dockerdChanged(i.event, contextIn<DockerdState>(i), this.shims);
    },
  }).start();
  readonly containerd = createActor(containerdMachine, {
    id: 'containerd',
    inspect: (e) => {
      if (e.type !== '@xstate.snapshot') return;
      const i = e as unknown as SnapshotInspection;
      this.history.containerdChanged(i.event as ContainerdEvent, contextIn<ContainerdState>(i));
    },
  }).start();
  readonly runc = createActor(runcMachine, { id: 'runc' }).start();
  readonly kernel = createActor(kernelMachine, { id: 'kernel' }).start();
  readonly registry = createActor(registryMachine, { id: 'registry' }).start();
  /** One `containerd-shim-runc-v2` actor per container with a task. */
  readonly shims = new Map<string, Actor<typeof shimMachine>>();

  /** Pipes between container processes, dockerd's log driver and attached clients. */
  readonly io = new ContainerIo();
  /** The running programs inside containers, by PID. */
  readonly processes = new ProcessTable();
  /** Files programs in containers wrote, kept in each container's read-write snapshot. */
  readonly rwLayers = new RwLayers();
  /** CPUs of the simulated host (nginx starts one worker per CPU). */
  readonly cpus = 2;
  /** How an image's main process behaves, by image ID (from the catalog). */
  runtimeOf: (imageId: string) => ImageRuntime | undefined = () => undefined;
  /** Unpacked size of a layer blob, as the snapshotter reports it after Diff.Apply. */
  unpackedSizeOf: (layerDigest: string) => number | undefined = () => undefined;
  /** The json-file logs of every container. */
  readonly logs = new LogStore();
  /** Files on the host that components hand each other (a bundle's `config.json`). */
  readonly files = new Map<string, unknown>();

  constructor(options: HostOptions = {}) {
    const seed = options.seed ?? 1;
    this.rng = createRng(seed);
    this.net = new Network(this.scheduler, this.rng);
    this.epoch = options.epoch ?? DEFAULT_EPOCH;
    this.architecture = options.architecture ?? 'amd64';
  }

  /**
   * Keep about `messages` trace messages, dropping the oldest, and only the host history
   * needed to rewind to the oldest kept (a server that runs for days).
   */
  keep(messages: number): void {
    this.net.keep(messages, (firstSeq) => this.history.dropBefore(firstSeq));
  }

  /** Simulated wall-clock time, ms since 1970. */
  get wallClock(): number {
    return this.epoch + Math.floor(this.scheduler.now);
  }

  /** RFC 3339 with nanoseconds, as the Engine API prints times. */
  isoTime(simTime: number): string {
    const ms = this.epoch + simTime;
    const base = new Date(Math.floor(ms)).toISOString().slice(0, 19);
    const nanos = Math.round((ms - Math.floor(ms)) * 1e6) + (Math.floor(ms) % 1000) * 1e6;
    return `${base}.${String(nanos).padStart(9, '0')}Z`;
  }

  /** runc's cgroupsPath for a container, with the systemd cgroup driver. */
  cgroupOf(containerId: string): string {
    return `system.slice:docker:${containerId}`;
  }

  spawnShim(containerId: string, shimPid: number, address: string): Actor<typeof shimMachine> {
    const actor = createActor(shimMachine, {
      id: `shim-${containerId.slice(0, 12)}`,
      input: { containerId, shimPid, address },
    }).start();
    this.shims.set(containerId, actor);
    this.history.shimChanged(containerId, true, this.containerRecord(containerId));
    return actor;
  }

  dropShim(containerId: string): void {
    const shim = this.shims.get(containerId);
    const pid = shim?.getSnapshot().context.shimPid;
    if (pid !== undefined && this.kernel.getSnapshot().context.processes[pid]) {
      this.kernel.send({ type: 'process.exited', pid });
    }
    shim?.stop();
    if (this.shims.delete(containerId))
      this.history.shimChanged(containerId, false, this.containerRecord(containerId));
    this.net.unregister(`shim-${containerId.slice(0, 12)}` as ComponentId);
  }

  private containerRecord(id: string) {
    return (this.dockerd.getSnapshot().context as DockerdState).containers[id];
  }
}
