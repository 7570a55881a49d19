import { createActor } from 'xstate';
import { createRng, type Rng } from './core/rng';
import { Scheduler } from './core/scheduler';
import { Network } from './core/network';
import { LOCAL, type MachineName } from './core/types';
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
  /** The Docker Engine machines, by name, `local` first. */
  readonly hosts: ReadonlyMap<MachineName, Host>;
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
  }

  /** The learner's machine. */
  get local(): Host {
    return this.hosts.get(LOCAL)!;
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
      for (const host of this.hosts.values()) host.history.dropBefore(firstSeq);
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
