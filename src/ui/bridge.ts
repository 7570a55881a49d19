import type { HostSetting } from '../sim/systemd/settings';
import type { CommandResult, HostView, Message, OutputChunk, SessionInput } from '../sim/engine';
import { TraceIndex } from './traceIndex';
import { afterNextPaint } from './afterPaint';
import { EMPTY_VIEW } from '../sim/history/hostHistory';
import type { DaemonSetup } from '../sim/host';
import { RemoteHost, isRemotePage } from './remoteHost';
import { ctrlCRoute, type CtrlCRoute } from './terminal/attachedStatus';
import { EngineMirror } from './worker/engineMirror';
import { openEngineLink, type Answer, type EngineLink } from './worker/engineLink';
import type { EngineRequest, EngineUpdate } from './worker/protocol';
import { activeFaults, type FaultInput, type StandingFault } from '../sim/core/faults';

/** An immutable picture for `useSyncExternalStore`: replaced (never mutated) on every change. */
export interface BridgeSnapshot {
  version: number;
  traceLength: number;
}

/**
 * A command line handed to the engine: its id at once (engine ids count 1, 2, 3…
 * in the order lines are run), its result once the engine has run it.
 */
export interface PendingCommand {
  id: number;
  done: Promise<CommandResult>;
}

type OutputListener = (commandId: number, chunk: OutputChunk) => void;
/** Told the trace length just before the learner acted (ran a command, typed to a container, Ctrl-C). */
type ActionListener = (traceLengthBefore: number) => void;

const SEED = 1;
/** The learner's machine alone (a daemon's page shows that server's host only). */
const LOCAL_ONLY: DaemonSetup = { name: 'local', listeners: ['fd://'], tlsVerify: false };

/**
 * The one place that owns the simulation, for the page. The engine runs in a
 * Web Worker (worker/engine.worker.ts): the bridge sends it each entry of the
 * input log and keeps a mirror of what it answers (the trace, every host's
 * history, the results), so everything the page reads (`trace`, `view`,
 * `hostAt`, `result`) is answered here at once, and nothing the learner does
 * waits for the engine. React reads it through `subscribe`/`getSnapshot`.
 *
 * The engine is created by the first command (so the terminal can first pass its
 * real width: pull progress bars are drawn to fit it). A page served by
 * `npm run daemon` shows that server's host instead (RemoteHost).
 */
class EngineBridge {
  private link: EngineLink | null = null;
  private remote: RemoteHost | null = null;
  /** What the page reads: the engine's trace and hosts as last answered. */
  private mirror: EngineMirror | null = null;
  /** Where answers to new requests go: the mirror, or the next one while a restore is on its way. */
  private target: EngineMirror | null = null;
  private loading: Promise<void> | null = null;
  private columns = 80;
  /** The Docker Engine machines, known once the engine's code has loaded. */
  private hostSetups: readonly DaemonSetup[] = [LOCAL_ONLY];
  /** Everything done to the engine, as the engine logs it (consecutive `advance`s merged). */
  private inputLog: SessionInput[] = [];
  /** The learner's actions sent whose answers have not come back yet. */
  private unanswered = 0;
  /** Settles once the newest request sent so far has been answered (the engine answers in order). */
  private lastAnswer: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();
  private outputListeners = new Set<OutputListener>();
  private actionListeners = new Set<ActionListener>();
  /**
   * Requests held back, in order, until the frame that shows the learner's action has been
   * painted (null: none held): posting to the worker and taking its first answers would
   * otherwise compete with that frame (issue 12, Enter paints within the next frame).
   */
  private held: Array<() => void> | null = null;
  /** Bumped whenever the host is replaced (restore, reset): the trace is then a new one. */
  generation = 0;
  private snapshot: BridgeSnapshot = { version: 0, traceLength: 0 };
  /** Per-component and per-pair first/last seq, maintained as the trace grows. */
  readonly index = new TraceIndex();
  /** Whether the engine's code has loaded (`ready()` has resolved): commands run from then on. */
  isReady = false;

  /** Set the terminal width used for the engine's TTY output (only before the first command). */
  configure(options: { columns: number }): void {
    if (!this.target) this.columns = Math.max(40, Math.min(200, Math.floor(options.columns)));
  }

  /** Messages the page did not see happen (a daemon's host before the page opened): not replayed. */
  get historyLength(): number {
    return this.remote ? this.remote.historyLength : 0;
  }

  /**
   * Older messages a daemon had dropped before this page opened (it keeps the newest
   * `keeps`): the page starts at the oldest it still had, and says so.
   */
  get dropped(): { count: number; keeps: number | undefined } {
    return this.remote
      ? { count: this.remote.dropped, keeps: this.remote.keeps }
      : { count: 0, keeps: undefined };
  }

  /** Whether a command has run yet (the engine is created by the first one). */
  get started(): boolean {
    return this.remote !== null || this.target !== null;
  }

  /** Whether the engine still owes an answer to something the learner did (a command computing). */
  get busy(): boolean {
    return this.unanswered > 0;
  }

  /**
   * Resolves once everything sent to the engine so far has been answered: what a command
   * typed just now caused is then in the trace.
   */
  whenAnswered(): Promise<void> {
    return this.lastAnswer.then(() => undefined);
  }

  /**
   * Load the engine (once): resolves when commands can run (the terminal shows its
   * prompt then; lines typed before are the caller's to hold). `isReady` says the same.
   */
  ready(): Promise<void> {
    this.loading ??= (isRemotePage() ? this.connectRemote() : this.connectEngine()).then(() => {
      this.isReady = true;
    });
    return this.loading;
  }

  private async connectEngine(): Promise<void> {
    const link = await openEngineLink();
    const hello = await link.hello;
    this.link = link;
    // The diagram draws every machine from the start, before a command creates the engine.
    this.hostSetups = hello.hosts;
    this.snapshot = { ...this.snapshot, version: this.snapshot.version + 1 };
    for (const l of this.listeners) l();
  }

  /** Served by `npm run daemon`: show that server's host, live, and run commands there. */
  private connectRemote(): Promise<void> {
    const remote = new RemoteHost(() => this.publish());
    remote.onOutput((id, chunk) => {
      for (const l of this.outputListeners) l(id, chunk);
    });
    this.remote = remote;
    this.snapshot = { version: 1, traceLength: 0 };
    return remote.connect();
  }

  /**
   * Run a command line. Its id is known at once; its result (and its messages, in the
   * trace) arrive when the engine has run it.
   */
  run(line: string): PendingCommand {
    const remote = this.remote;
    if (remote) {
      const result = this.changed(() => remote.run(line));
      return { id: result.id, done: Promise.resolve(result) };
    }
    const id = this.inputLog.filter((i) => i.op === 'run').length + 1;
    const done = this.act({ op: 'run', line }).then((update) => {
      const result = this.result(id);
      if (!result) throw new Error(update.error ?? 'the engine gave no result');
      return result;
    });
    return { id, done };
  }

  /** The engine's options and everything done to it: enough to rebuild it (a saved session). */
  get session(): { columns: number; inputs: readonly SessionInput[] } {
    return { columns: this.columns, inputs: this.remote ? [] : this.inputLog };
  }

  /**
   * Replace the host with a fresh one that has had `inputs` done to it (a
   * reload, an imported file, a lesson's starting state): the worker replays
   * them. Validate inputs read from outside before calling. Output listeners
   * hear nothing of the replay: the caller redraws from `result()`.
   */
  async restore(saved: { columns?: number; inputs: readonly SessionInput[] }): Promise<void> {
    await this.ready();
    if (this.remote || !this.link) return;
    if (saved.columns) this.columns = Math.max(40, Math.min(200, Math.floor(saved.columns)));
    await this.start(saved.inputs);
  }

  /** An empty host again (sandbox reset): the same as a fresh page. */
  reset(): Promise<void> {
    return this.restore({ inputs: [] });
  }

  /** Ctrl-C on an attached command; resolves once the engine has done it. */
  interrupt(commandId: number): Promise<void> {
    const remote = this.remote;
    if (remote) return this.sync(() => remote.interrupt(commandId));
    return this.act({ op: 'interrupt', command: commandId }).then(() => undefined);
  }

  /** Type into an attached command (`docker run -it …`); resolves once the engine has done it. */
  stdin(commandId: number, text: string): Promise<void> {
    const remote = this.remote;
    if (remote) return this.sync(() => remote.stdin(commandId, text));
    return this.act({ op: 'stdin', command: commandId, text }).then(() => undefined);
  }

  // ── fault: inject or lift a fault (sim/core/faults.ts), an entry of the input log ──
  /** Set, clear or do (kill a shim) a fault; resolves once the engine has done it. */
  fault(input: FaultInput): Promise<void> {
    if (this.remote)
      return Promise.reject(new Error('faults are injected into the page’s own simulated host'));
    return this.act(input).then(() => undefined);
  }

  /** The faults in force, read from the input log (what a replay puts in force again). */
  get faults(): StandingFault[] {
    return this.remote ? [] : activeFaults(this.inputLog);
  }

  /** Whether faults can be injected here (not on a page served by `npm run daemon`). */
  get faultsAvailable(): boolean {
    return this.remote === null;
  }

  /**
   * ── daemon ── A host setting from the settings panel (live-restore, the cgroup
   * driver, the engine version): an input of the log like a typed line, so reload,
   * share links and rewind reproduce it. A daemon's page (`npm run daemon`) has none.
   */
  setting(setting: HostSetting): Promise<void> {
    if (this.remote) return Promise.resolve();
    return this.act({ op: 'setting', setting }).then(() => undefined);
  }

  /** The settings the panel last set, by key (the daemon.json keys the terminal wrote are not read back). */
  get settings(): Partial<Record<HostSetting['key'], HostSetting['value']>> {
    const out: Partial<Record<HostSetting['key'], HostSetting['value']>> = {};
    for (const i of this.inputLog) if (i.op === 'setting') out[i.setting.key] = i.setting.value;
    return out;
  }

  /** Ctrl-D: end of input for an attached `docker run -i`. */
  endInput(commandId: number): Promise<void> {
    const remote = this.remote;
    if (remote) return this.sync(() => remote.endInput(commandId));
    return this.act({ op: 'endInput', command: commandId }).then(() => undefined);
  }

  /**
   * Let simulated time pass; the page hears of it (a new snapshot) only when
   * something happened. Resolves once the engine has let it pass.
   */
  advance(ms: number): Promise<void> {
    // The engine refuses these before logging anything; so does the page, so the logs agree.
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance: ${String(ms)} is not a finite number of milliseconds ≥ 0`);
    // Nothing runs before the first command; a daemon's clock follows real time by itself.
    if (this.remote || !this.target) return Promise.resolve();
    return this.request({ type: 'input', input: { op: 'advance', ms } }, false).then(
      () => undefined,
    );
  }

  /** Tab completion of the line before the cursor (the command table lives with the engine). */
  complete(line: string): Promise<string[]> {
    const remote = this.remote;
    if (remote) {
      try {
        return Promise.resolve(remote.complete(line));
      } catch {
        return Promise.resolve([]);
      }
    }
    if (!this.link) return Promise.resolve([]);
    return this.request({ type: 'complete', line }, false).then(
      (update) => update.completions ?? [],
      () => [],
    );
  }

  result(commandId: number): CommandResult | undefined {
    return this.host?.result(commandId);
  }

  /**
   * A Docker host as it is now (after every recorded message, animated or not): the
   * learner's own, or `machine` (`node-2`, …); null before the engine loads.
   */
  view(machine?: string): HostView | null {
    const host = this.host;
    if (host) return host.view(machine);
    return this.isReady ? EMPTY_VIEW : null;
  }

  /** Whether a command is still attached to a running container. */
  isAttached(commandId: number): boolean {
    return this.host?.attached().includes(commandId) ?? false;
  }

  /** Where Ctrl-C goes while the command is attached (docker run -it: the container's terminal). */
  ctrlCRoute(commandId: number): CtrlCRoute {
    return ctrlCRoute(this.terminalOf(commandId));
  }

  /** Whether a command's container has a terminal (`-t`): then the container echoes what is typed. */
  usesTty(commandId: number): boolean {
    return this.terminalOf(commandId)?.Tty === true;
  }

  /**
   * Whether what a command attaches to has a terminal and open stdin: the container it
   * creates (`docker run`), the exec it creates (`docker exec`), or else the container it
   * inspected (`docker attach`).
   */
  private terminalOf(commandId: number): { Tty?: boolean; OpenStdin?: boolean } | undefined {
    const first = this.result(commandId)?.firstSeq ?? 0;
    let inspected: { Tty?: boolean; OpenStdin?: boolean } | undefined;
    for (let i = Math.max(0, first - 1); i < this.trace.length; i++) {
      const m = this.trace[i]!;
      if (m.commandId !== commandId) continue;
      const body = (m.request as { body?: Record<string, unknown> } | undefined)?.body;
      if (m.kind === 'request' && m.op === 'engine.containers.create')
        return body as { Tty?: boolean; OpenStdin?: boolean } | undefined;
      if (m.kind === 'request' && m.op === 'engine.exec.create')
        return { Tty: body?.Tty === true, OpenStdin: body?.AttachStdin === true };
      if (m.kind === 'response' && m.op === 'engine.containers.inspect' && !inspected)
        inspected = (m.response as { Config?: { Tty?: boolean; OpenStdin?: boolean } } | undefined)
          ?.Config;
    }
    return inspected;
  }

  get trace(): readonly Message[] {
    return this.host?.trace ?? [];
  }

  /**
   * A Docker host's objects once message `seq` had been delivered: what a rewound
   * diagram shows. Answered from the mirror of the host's history of changes.
   */
  hostAt(seq: number, machine = 'local'): HostView | undefined {
    return this.host?.hostAt(seq, machine);
  }

  /** The Docker Engine machines the diagram draws a box for, the learner's own first. */
  dockerHosts(): readonly DaemonSetup[] {
    // A daemon's page learns its hosts from the server; their addresses are the server's ports.
    if (this.remote)
      return this.remote.dockerHosts().map(
        (name) =>
          this.hostSetups.find((s) => s.name === name) ?? {
            name,
            listeners: [],
            tlsVerify: false,
          },
      );
    return this.hostSetups;
  }

  /** Hear of the learner's own actions (the player then returns to the present). */
  onAction(listener: ActionListener): () => void {
    this.actionListeners.add(listener);
    return () => this.actionListeners.delete(listener);
  }

  /**
   * The command behind message `seq` (`message(seq)?.commandId`), read without making the
   * Message: the timeline's rows read it for every message or step at each answer.
   */
  commandIdOf = (seq: number): number | undefined => this.host?.commandIdOf(seq);

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

  /** What the page reads: the daemon's host, or the mirror of the worker's engine. */
  private get host(): RemoteHost | EngineMirror | null {
    return this.remote ?? this.mirror;
  }

  /** A learner's action on the engine: the player hears of it first, then it is logged and sent. */
  private act(input: SessionInput): Promise<EngineUpdate> {
    const before = this.trace.length;
    for (const l of this.actionListeners) l(before);
    this.holdUntilPainted();
    return this.request({ type: 'input', input }, true);
  }

  /** Hold requests (in order) until the next frame has been painted. */
  private holdUntilPainted(): void {
    if (this.held) return;
    this.held = [];
    afterNextPaint(() => {
      const held = this.held ?? [];
      this.held = null;
      for (const post of held) post();
    });
  }

  /** Hand a request to the worker, or hold it while a frame is on its way to the screen. */
  private post(link: EngineLink, request: EngineRequest, to: Answer): void {
    if (this.held) this.held.push(() => link.send(request, to));
    else link.send(request, to);
  }

  /**
   * Send one request; its answer goes to the mirror it was meant for (the engine answers
   * in order, so a restore's new mirror gets only answers from the new engine).
   */
  private request(request: EngineRequest, action: boolean): Promise<EngineUpdate> {
    if (!this.link) return Promise.reject(new Error('the simulated host is still starting'));
    // The first command creates the engine; if that fails, this request fails with it.
    if (!this.target) this.start([]).catch(() => undefined);
    const mirror = this.target!;
    if (request.type === 'input') this.log(request.input);
    return this.exchange(request, action, (update) => {
      mirror.apply(update);
      // Time passing that changed nothing is not news (the clock ticks twice a second).
      const news =
        action ||
        update.messages !== undefined ||
        update.results.length > 0 ||
        Object.keys(update.changes).length > 0;
      if (mirror === this.mirror && news) this.publish();
    });
  }

  /** A new engine in the worker, with `inputs` done to it (the first command's, or a restore). */
  private start(inputs: readonly SessionInput[]): Promise<void> {
    const replacing = this.target !== null;
    const mirror = new EngineMirror((id, chunk) => {
      for (const l of this.outputListeners) l(id, chunk);
    });
    this.target = mirror;
    this.inputLog = inputs.map((i) => ({ ...i }));
    if (!replacing) this.mirror = mirror;
    const options = { seed: SEED, tty: true, columns: this.columns };
    return this.exchange({ type: 'start', options, inputs: [...inputs] }, true, (update) => {
      mirror.apply(update, true);
      if (replacing) {
        this.mirror = mirror;
        this.generation++;
        this.index.reset();
        this.snapshot = { version: this.snapshot.version + 1, traceLength: 0 };
      }
      this.publish();
    }).then(() => undefined);
  }

  /**
   * One request and its answer, which `take` applies. `action`: the learner is waiting for
   * it (`busy` until it is answered). Settles however it ends: answered, refused, or the
   * worker gone, so nothing on the page waits forever.
   */
  private exchange(
    request: EngineRequest,
    action: boolean,
    take: (update: EngineUpdate) => void,
  ): Promise<EngineUpdate> {
    if (action) this.unanswered++;
    const answer = new Promise<EngineUpdate>((resolve, reject) => {
      this.post(this.link!, request, {
        answer: (update) => {
          if (action) this.unanswered--;
          try {
            take(update);
          } catch (error) {
            return reject(error instanceof Error ? error : new Error(String(error)));
          }
          if (update.error && request.type !== 'input') reject(new Error(update.error));
          else resolve(update);
        },
        fail: (error) => {
          if (action) this.unanswered--;
          reject(error);
        },
      });
    });
    // `whenAnswered` waits for the newest answer, whichever way it ends.
    this.lastAnswer = answer.catch(() => undefined);
    return answer;
  }

  /** Log an input as the engine does, so `session.inputs` equals the engine's own log. */
  private log(input: SessionInput): void {
    const last = this.inputLog[this.inputLog.length - 1];
    if (input.op === 'advance') {
      if (input.ms === 0) return;
      if (last?.op === 'advance') {
        last.ms += input.ms;
        return;
      }
    }
    this.inputLog.push({ ...input });
  }

  /** A daemon's page: its calls are synchronous requests, answered before they return. */
  private sync(call: () => unknown): Promise<void> {
    this.changed(call);
    return Promise.resolve();
  }

  private changed<T>(call: () => T): T {
    const before = this.trace.length;
    for (const l of this.actionListeners) l(before);
    try {
      return call();
    } finally {
      this.publish();
    }
  }

  private publish(): void {
    this.index.catchUp(this.trace);
    this.snapshot = { version: this.snapshot.version + 1, traceLength: this.trace.length };
    for (const l of this.listeners) l();
  }
}

export const bridge = new EngineBridge();
export type { EngineBridge };

// The end-to-end tests compare the page's trace with the engine's in Node for the same input log.
if (typeof window !== 'undefined')
  (window as { __dockscope?: unknown }).__dockscope = {
    session: () => bridge.session,
    trace: () => bridge.trace,
  };
