import type {
  CommandResult,
  Engine,
  HostView,
  Message,
  OutputChunk,
  SessionInput,
} from '../sim/engine';
import { TraceIndex } from './traceIndex';
import type { DaemonSetup } from '../sim/host';
import { RemoteHost, isRemotePage } from './remoteHost';
import { ctrlCRoute, type CtrlCRoute } from './terminal/attachedStatus';

/** What the bridge needs of a simulated host: a local Engine, or the daemon's (RemoteHost). */
type SimHost = Pick<
  Engine,
  | 'run'
  | 'interrupt'
  | 'stdin'
  | 'endInput'
  | 'advance'
  | 'complete'
  | 'result'
  | 'attached'
  | 'view'
  | 'hostAt'
  | 'onOutput'
> & { readonly trace: readonly Message[] };

/** An immutable picture for `useSyncExternalStore`: replaced (never mutated) on every change. */
export interface BridgeSnapshot {
  version: number;
  traceLength: number;
}

type OutputListener = (commandId: number, chunk: OutputChunk) => void;
/** Told the trace length just before the learner acted (ran a command, typed to a container, Ctrl-C). */
type ActionListener = (traceLengthBefore: number) => void;

const SEED = 1;
/** The learner's machine alone (a daemon's page shows that server's host only). */
const LOCAL_ONLY: DaemonSetup = { name: 'local', listeners: ['fd://'], tlsVerify: false };

/**
 * The one place that owns the simulation. React reads it through
 * `subscribe`/`getSnapshot`; the terminal and the player call its methods.
 * The engine lives here, outside React state, and is created lazily so the
 * terminal can pass its real width (pull progress bars are drawn to fit it).
 */
class EngineBridge {
  private engine: SimHost | null = null;
  /** The engine's code arrives in its own chunk, right after the page has painted. */
  private EngineClass: typeof Engine | null = null;
  private loading: Promise<void> | null = null;
  private columns = 80;
  /** The Docker Engine machines of a new engine, known once its code has loaded. */
  private hostSetups: readonly DaemonSetup[] = [LOCAL_ONLY];
  private listeners = new Set<() => void>();
  private outputListeners = new Set<OutputListener>();
  private actionListeners = new Set<ActionListener>();
  /** Bumped whenever the host is replaced (restore, reset): the trace is then a new one. */
  generation = 0;
  private snapshot: BridgeSnapshot = { version: 0, traceLength: 0 };
  /** Per-component and per-pair first/last seq, maintained as the trace grows. */
  readonly index = new TraceIndex();

  /** Set the terminal width used for the engine's TTY output (only before the first command). */
  configure(options: { columns: number }): void {
    if (!this.engine) this.columns = Math.max(40, Math.min(200, Math.floor(options.columns)));
  }

  /** Messages the page did not see happen (a daemon's host before the page opened): not replayed. */
  get historyLength(): number {
    return this.engine instanceof RemoteHost ? this.engine.historyLength : 0;
  }

  /**
   * Older messages a daemon had dropped before this page opened (it keeps the newest
   * `keeps`): the page starts at the oldest it still had, and says so.
   */
  get dropped(): { count: number; keeps: number | undefined } {
    return this.engine instanceof RemoteHost
      ? { count: this.engine.dropped, keeps: this.engine.keeps }
      : { count: 0, keeps: undefined };
  }

  /** Whether a command has run yet (the engine is created by the first one). */
  get started(): boolean {
    return this.engine !== null;
  }

  /** Load the engine (once); the terminal shows its prompt when this resolves. */
  ready(): Promise<void> {
    this.loading ??= isRemotePage()
      ? this.connectRemote()
      : Promise.all([import('../sim/engine'), import('../sim/world')]).then(([m, world]) => {
          this.EngineClass = m.Engine;
          // The diagram draws every machine from the start, before a command creates the engine.
          this.hostSetups = world.DOCKER_HOSTS;
          this.snapshot = { ...this.snapshot, version: this.snapshot.version + 1 };
          for (const l of this.listeners) l();
        });
    return this.loading;
  }

  /** Served by `npm run daemon`: show that server's host, live, and run commands there. */
  private connectRemote(): Promise<void> {
    const remote = new RemoteHost(() => this.publish());
    remote.onOutput((id, chunk) => {
      for (const l of this.outputListeners) l(id, chunk);
    });
    this.engine = remote;
    this.snapshot = { version: 1, traceLength: 0 };
    return remote.connect();
  }

  private get sim(): SimHost {
    if (!this.engine) {
      if (!this.EngineClass) throw new Error('the simulated host is still starting');
      const engine = new this.EngineClass({ seed: SEED, tty: true, columns: this.columns });
      engine.onOutput((id, chunk) => {
        for (const l of this.outputListeners) l(id, chunk);
      });
      this.engine = engine;
      this.snapshot = { version: 1, traceLength: 0 };
    }
    return this.engine;
  }

  run(line: string): CommandResult {
    return this.changed(() => this.sim.run(line));
  }

  /** The engine's options and everything done to it: enough to rebuild it (a saved session). */
  get session(): { columns: number; inputs: readonly SessionInput[] } {
    const engine = this.engine;
    return {
      columns: this.columns,
      inputs: engine && !(engine instanceof RemoteHost) ? (engine as Engine).inputs : [],
    };
  }

  /**
   * Replace the host with a fresh one that has had `inputs` done to it (a
   * reload, an imported file, a lesson's starting state). Validate inputs
   * read from outside before calling. Output listeners hear nothing of the
   * replay: the caller redraws from `result()`.
   */
  async restore(saved: { columns?: number; inputs: readonly SessionInput[] }): Promise<void> {
    await this.ready();
    if (this.engine instanceof RemoteHost || !this.EngineClass) return;
    if (saved.columns) this.columns = Math.max(40, Math.min(200, Math.floor(saved.columns)));
    const engine = this.EngineClass.replay(saved.inputs, {
      seed: SEED,
      tty: true,
      columns: this.columns,
    });
    engine.onOutput((id, chunk) => {
      for (const l of this.outputListeners) l(id, chunk);
    });
    this.engine = engine;
    this.generation++;
    this.index.reset();
    this.snapshot = { version: this.snapshot.version + 1, traceLength: 0 };
    this.publish();
  }

  /** An empty host again (sandbox reset): the same as a fresh page. */
  reset(): Promise<void> {
    return this.restore({ inputs: [] });
  }

  interrupt(commandId: number): CommandResult | undefined {
    return this.changed(() => this.sim.interrupt(commandId));
  }

  stdin(commandId: number, text: string): void {
    this.changed(() => this.sim.stdin(commandId, text));
  }

  /** Ctrl-D: end of input for an attached `docker run -i`. */
  endInput(commandId: number): void {
    this.changed(() => this.sim.endInput(commandId));
  }

  /** Let simulated time pass; only publishes a new snapshot when something happened. */
  advance(ms: number): void {
    if (!this.engine) return; // nothing runs before the first command
    const engine = this.sim;
    const before = engine.trace.length;
    engine.advance(ms);
    if (engine.trace.length !== before) this.publish();
  }

  complete(line: string): string[] {
    try {
      return this.sim.complete(line);
    } catch {
      return [];
    }
  }

  result(commandId: number): CommandResult | undefined {
    return this.engine?.result(commandId);
  }

  /**
   * A Docker host as it is now (after every recorded message, animated or not): the
   * learner's own, or `machine` (`node-2`, …); null before the engine loads.
   */
  view(machine?: string): HostView | null {
    if (!this.engine && !this.EngineClass) return null;
    return this.sim.view(machine);
  }

  /** Whether a command is still attached to a running container. */
  isAttached(commandId: number): boolean {
    return this.engine?.attached().includes(commandId) ?? false;
  }

  /** Where Ctrl-C goes while the command is attached (docker run -it: the container's terminal). */
  ctrlCRoute(commandId: number): CtrlCRoute {
    const first = this.engine?.result(commandId)?.firstSeq ?? 0;
    for (let i = Math.max(0, first - 1); i < this.trace.length; i++) {
      const m = this.trace[i]!;
      if (m.commandId !== commandId || m.kind !== 'request') continue;
      if (m.op === 'engine.containers.create')
        return ctrlCRoute((m.request as { body?: { Tty?: boolean; OpenStdin?: boolean } }).body);
    }
    return ctrlCRoute(undefined);
  }

  /** Whether a command's container has a terminal (`-t`): then the container echoes what is typed. */
  usesTty(commandId: number): boolean {
    const first = this.engine?.result(commandId)?.firstSeq ?? 0;
    for (let i = Math.max(0, first - 1); i < this.trace.length; i++) {
      const m = this.trace[i]!;
      if (m.commandId !== commandId || m.kind !== 'request' || m.op !== 'engine.containers.create')
        continue;
      return (m.request as { body?: { Tty?: boolean } } | undefined)?.body?.Tty === true;
    }
    return false;
  }

  get trace(): readonly Message[] {
    return this.engine?.trace ?? [];
  }

  /**
   * A Docker host's objects once message `seq` had been delivered: what a rewound
   * diagram shows. A daemon's page rebuilds every host's from the changes it is sent.
   */
  hostAt(seq: number, machine = 'local'): HostView | undefined {
    return this.engine?.hostAt(seq, machine);
  }

  /** The Docker Engine machines the diagram draws a box for, the learner's own first. */
  dockerHosts(): readonly DaemonSetup[] {
    // A daemon's page learns its hosts from the server; their addresses are the server's ports.
    if (this.engine instanceof RemoteHost)
      return this.engine.dockerHosts().map(
        (name) =>
          this.hostSetups.find((s) => s.name === name) ?? {
            name,
            listeners: [],
            tlsVerify: false,
          },
      );
    if (!this.engine) return this.hostSetups;
    return [...(this.engine as Engine).world.hosts.values()].map((h) => h.setup);
  }

  /** Hear of the learner's own actions (the player then returns to the present). */
  onAction(listener: ActionListener): () => void {
    this.actionListeners.add(listener);
    return () => this.actionListeners.delete(listener);
  }

  /** Trace message by seq (seq starts at 1 and has no gaps). */
  message(seq: number): Message | undefined {
    return this.trace[seq - 1];
  }

  onOutput(listener: OutputListener): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): BridgeSnapshot => this.snapshot;

  private changed<T>(call: () => T): T {
    const before = this.engine?.trace.length ?? 0;
    for (const l of this.actionListeners) l(before);
    try {
      return call();
    } finally {
      this.publish();
    }
  }

  private publish(): void {
    const engine = this.sim;
    this.index.catchUp(engine.trace);
    this.snapshot = { version: this.snapshot.version + 1, traceLength: engine.trace.length };
    for (const l of this.listeners) l();
  }
}

export const bridge = new EngineBridge();
export type { EngineBridge };
