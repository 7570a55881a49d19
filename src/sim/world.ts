import { createActor } from 'xstate';
import { createRng, type Rng } from './core/rng';
import { Scheduler } from './core/scheduler';
import { Network } from './core/network';
import { LOCAL, type MachineName } from './core/types';
import { DEFAULT_EPOCH, Host, type HostOptions } from './host';
import { registryMachine } from './registry/registryMachine';
import type { HubMachine } from './registry/registryServer';
import { isoTimeOf } from './core/time';
import { AUTH_MACHINE, HUB_MACHINE } from './registry/hub';

/** The Docker Engine machines of the world, the learner's own first. */
export const DOCKER_HOSTS: readonly MachineName[] = [LOCAL, 'node-2', 'node-3'];
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
    for (const name of DOCKER_HOSTS) hosts.set(name, new Host(this, name, options));
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

  isoTime(simTime: number): string {
    return isoTimeOf(this.epoch, simTime);
  }
}
