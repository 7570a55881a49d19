import { createActor } from 'xstate';
import { createRng, type Rng } from './core/rng';
import { Scheduler } from './core/scheduler';
import { Network } from './core/network';
import { LOCAL, type ComponentId, type MachineName } from './core/types';
import { DEFAULT_EPOCH, Host, type DaemonSetup, type HostOptions } from './host';
import { registryMachine } from './registry/registryMachine';
import type { HubMachine } from './registry/registryServer';
import { isoTimeOf } from './core/time';
import { AUTH_MACHINE, HUB_MACHINE } from './registry/hub';

/**
 * The Docker Engine machines of the world, the learner's own first, each with
 * the `-H` listeners its dockerd is started with. dockerd has one TLS setting
 * for all its TCP listeners (moby's loadListeners hands every listener the same
 * tls.Config), so one daemon cannot serve plain HTTP on 2375 and TLS on 2376 at
 * once: node-2 listens in plain HTTP on 2375, node-3 with `--tlsverify` on 2376.
 * Both are reachable over ssh too.
 */
export const DOCKER_HOSTS: readonly DaemonSetup[] = [
  { name: LOCAL, listeners: ['fd://'], tlsVerify: false },
  { name: 'node-2', listeners: ['fd://', 'tcp://0.0.0.0:2375'], tlsVerify: false },
  { name: 'node-3', listeners: ['fd://', 'tcp://0.0.0.0:2376'], tlsVerify: true },
];
export { AUTH_MACHINE, HUB_MACHINE } from './registry/hub';

/**
 * A second dockerd on the learner's machine, running from the start, set up as
 * Docker's dockerd reference ("Run multiple daemons") starts its "bootstrap"
 * example: its own socket, pidfile, data-root and exec-root, no default bridge
 * and no iptables rules. It uses the machine's one containerd
 * (/run/containerd/containerd.sock exists, so dockerd starts none of its own)
 * under namespaces of its own, so the two daemons' objects stay apart there too.
 */
export const BOOTSTRAP_DAEMON: DaemonSetup = {
  name: LOCAL,
  listeners: ['unix:///var/run/docker-bootstrap.sock'],
  tlsVerify: false,
  second: {
    id: 'dockerd-bootstrap',
    dataRoot: '/var/lib/docker-bootstrap',
    execRoot: '/var/run/docker-bootstrap',
    pidfile: '/var/run/docker-bootstrap.pid',
    containerdNamespace: 'bootstrap',
    pluginsNamespace: 'plugins.bootstrap',
    bridgeNone: true,
    iptables: false,
  },
};

/**
 * Everything the simulation holds: one clock, one wire (and so one ordered
 * trace), and the machines on it. The learner's machine `local` runs the
 * docker CLI and its own Docker Engine; `node-2` and `node-3` run Docker
 * Engine too; Docker Hub and its token service are machines of their own.
 * A machine that no message reaches does no work.
 */
export class World implements HubMachine {
  readonly scheduler = new Scheduler();
  readonly seed: number;
  readonly rng: Rng;
  readonly epoch: number;
  /** The wire, as seen from `local`. */
  readonly net: Network;
  /** The Docker Engine machines, by name, `local` first (each machine's first dockerd). */
  readonly hosts: ReadonlyMap<MachineName, Host>;
  /** Every dockerd of the world: each machine's first, then `local`'s second (dockerd-bootstrap). */
  readonly daemons: readonly Host[];
  /** Docker Hub's state (tokens issued, content served), on its own machines. */
  readonly registry = createActor(registryMachine, { id: 'registry' }).start();

  constructor(options: HostOptions = {}) {
    this.seed = options.seed ?? 1;
    this.rng = createRng(this.seed);
    this.epoch = options.epoch ?? DEFAULT_EPOCH;
    this.net = new Network(this.scheduler, this.rng);
    const hosts = new Map<MachineName, Host>();
    for (const setup of DOCKER_HOSTS) hosts.set(setup.name, new Host(this, setup, options));
    this.hosts = hosts;
    const bootstrap = new Host(this, BOOTSTRAP_DAEMON, options, hosts.get(LOCAL));
    this.daemons = [...hosts.values(), bootstrap];
  }

  /** The learner's machine. */
  get local(): Host {
    return this.hosts.get(LOCAL)!;
  }

  /** The dockerd `id` on `machine` (`dockerd` is each machine's first). */
  daemonAt(machine: MachineName, id: ComponentId = 'dockerd'): Host | undefined {
    return this.hosts.get(machine)?.daemons.find((d) => d.daemonId === id);
  }

  /** Every machine's name: the Docker hosts, then Docker Hub's two. */
  get machines(): MachineName[] {
    return [...this.hosts.keys(), HUB_MACHINE, AUTH_MACHINE];
  }

  /**
   * Keep about `messages` trace messages, dropping the oldest, and only the history each
   * host needs to rewind to the oldest kept (a server that runs for days).
   */
  keep(messages: number): void {
    this.net.keep(messages, (firstSeq) => {
      for (const host of this.daemons) host.history.dropBefore(firstSeq);
    });
  }

  /** Simulated wall-clock time, ms since 1970. */
  get wallClock(): number {
    return this.epoch + Math.floor(this.scheduler.now);
  }

  isoTime(simTime: number): string {
    return isoTimeOf(this.epoch, simTime);
  }
}
