import type { Host, HostOptions } from './host';
import type { MachineName, Message } from './core/types';
import { addressOf } from './core/network';
import { installWorld } from './install';
import { World } from './world';
import { endProcess, runClientCommand } from './client/cli';
import type { CommandIo } from './client/command';
import type { HttpRequest } from './core/http';
import { machineView, type HostView } from './history/hostHistory';
import { serveExternal, type ExternalExchange, type ExternalSink } from './externalHttp';
import { completeLine } from './client/completion';
import { LearnerMachine } from './shell/learnerShell';
import { applyFaultInput, type FaultInput, type StandingFault } from './core/faults';
import { killShimOf } from './faultActions';
import { applySetting, type HostSetting } from './systemd/settings';

export type { Message } from './core/types';
export type { HttpRequest } from './core/http';
export type { ExternalExchange, ExternalSink } from './externalHttp';

/** A piece of terminal output, to be shown once message `seq` has been animated. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  /** The trace message that brought it to the client (0: before any message). */
  seq: number;
}

export interface CommandResult {
  id: number;
  command: string;
  stdout: string;
  stderr: string;
  /** null while the command is still attached to a running container. */
  exitCode: number | null;
  output: OutputChunk[];
  /** First and last trace seq caused by this command (inclusive); 0 when none. */
  firstSeq: number;
  lastSeq: number;
}

export interface EngineOptions extends HostOptions {
  /** Whether the client's stdout is a terminal (pull progress bars, `-t`). Default false. */
  tty?: boolean;
  /** Terminal width for progress bars. */
  columns?: number;
  /**
   * Keep about this many trace messages, dropping the oldest (and the host history only
   * they needed). Default: keep all (a page's session is replayed from its inputs anyway).
   */
  keepMessages?: number;
}

export type { HostView, HostChange, ContainerView, ImageView } from './history/hostHistory';

/**
 * One thing done to the engine from outside. The engine is deterministic, so
 * its options plus this list rebuild the same host, trace and output: what a
 * saved session or a shared scenario stores.
 */
export type SessionInput =
  | { op: 'run'; line: string }
  | { op: 'interrupt'; command: number }
  | { op: 'stdin'; command: number; text: string }
  | { op: 'endInput'; command: number }
  | { op: 'advance'; ms: number }
  // ── fault: set or clear an injected fault (core/faults.ts) ──
  | FaultInput
  // ── daemon: a host setting from the settings panel ──
  | { op: 'setting'; setting: HostSetting };

const MAX_LINE = 100_000;
/**
 * How much simulated time one command may take before it counts as still
 * running (attached): enough for a big pull or a 10 s stop grace period, not
 * so much that other containers' timers (a `sleep 3600`) fire meanwhile.
 */
const COMMAND_HORIZON_MS = 30_000;

/**
 * The whole simulation behind one small API: type a command line, get its
 * output and the messages it caused. Used by the page, the headless `sim`
 * command and the tests.
 *
 * @example
 * const engine = new Engine({ seed: 7 });
 * const r = engine.run('docker run alpine echo hi');
 * r.stdout === 'hi\n'; r.exitCode === 0;
 */
export class Engine {
  /** Every machine, the one clock and the one wire. */
  readonly world: World;
  /** The learner's machine, `local`: the docker CLI and its own daemon. */
  readonly host: Host;
  private nextId = 1;
  private results = new Map<number, CommandResult>();
  private running = new Map<number, CommandIo>();
  private outputListeners = new Set<(id: number, chunk: OutputChunk) => void>();
  private readonly inputLog: SessionInput[] = [];
  /** The learner's machine behind the terminal: bash's variables, `$?`, files written with `>`. */
  readonly machine = new LearnerMachine();

  constructor(readonly options: EngineOptions = {}) {
    this.world = new World(options);
    this.host = this.world.local;
    // The terminal's files are the learner's machine's: bind mounts of them show them (vol).
    this.host.dirs.linkLearnerFiles(this.machine.files, this.machine.dirs);
    if (options.keepMessages !== undefined) this.world.keep(options.keepMessages);
    installWorld(this.world);
  }

  /**
   * The Docker Engine machine `name` (`local`, `node-2`, `node-3`: its first dockerd), or the
   * daemon at an address (`dockerd-bootstrap`, the learner's machine's second), if the world has it.
   */
  hostNamed(name: MachineName): Host | undefined {
    return (
      this.world.hosts.get(name) ??
      this.world.daemons.find((d) => addressOf(d.name, d.daemonId) === name)
    );
  }

  /** The trace held: every message, or the newest `keepMessages` (then `trace[i].seq === firstSeq + i`). */
  get trace(): readonly Message[] {
    return this.host.net.trace;
  }

  /** Seq of the oldest message held (1 unless `keepMessages` dropped older ones). */
  get firstSeq(): number {
    return this.host.net.firstSeq;
  }

  /** Seq of the newest message (0 before any). */
  get lastSeq(): number {
    return this.host.net.lastSeq;
  }

  /** Everything done to this engine so far, in order (consecutive `advance`s merged). */
  get inputs(): readonly SessionInput[] {
    return this.inputLog;
  }

  /**
   * A new engine with `options` that has had `inputs` done to it: the same
   * host, trace and output as the engine that recorded them. Inputs must be
   * well formed (validate anything read from storage or a link first).
   */
  static replay(inputs: readonly SessionInput[], options: EngineOptions = {}): Engine {
    const engine = new Engine(options);
    for (const input of inputs) engine.apply(input);
    return engine;
  }

  /** Do one recorded input. */
  apply(input: SessionInput): void {
    switch (input.op) {
      case 'run':
        this.run(input.line);
        return;
      case 'interrupt':
        this.interrupt(input.command);
        return;
      case 'stdin':
        this.stdin(input.command, input.text);
        return;
      case 'endInput':
        this.endInput(input.command);
        return;
      case 'advance':
        this.advance(input.ms);
        return;
      case 'fault':
        this.fault(input);
        return;
      case 'setting':
        this.setting(input.setting);
        return;
    }
  }

  // ── fault: inject or lift a fault (core/faults.ts); logged like every input ──
  /**
   * Put a fault in force, lift it (`clear`), or do a one-shot one (kill a shim):
   * what follows happens as simulated time runs on. Returns what the one-shot
   * did, in a line (or why it could not).
   */
  fault(input: FaultInput): string {
    this.log(input);
    const oneShot = applyFaultInput(this.host.net.faults, input);
    if (!oneShot) return '';
    const said = killShimOf(this.host, oneShot.container);
    this.host.scheduler.runUntil(() => false, this.host.scheduler.now + 1000);
    return said;
  }

  /** The faults in force now. */
  get faults(): StandingFault[] {
    return this.host.net.faults.list();
  }

  /**
   * Change a host setting as the settings panel does (daemon.json's
   * live-restore or cgroup driver, the engine version): the change and the
   * restart of docker.service it takes run now, in the trace.
   */
  setting(setting: HostSetting): void {
    this.log({ op: 'setting', setting });
    const done = this.host.scheduler.spawn(applySetting(this.host, this.machine.files, setting));
    this.host.scheduler.runUntil(
      () => done.isSettled,
      this.host.scheduler.now + COMMAND_HORIZON_MS,
    );
  }

  private log(input: SessionInput): void {
    const last = this.inputLog[this.inputLog.length - 1];
    if (input.op === 'advance' && last?.op === 'advance') last.ms += input.ms;
    else this.inputLog.push(input);
  }

  /** Simulated milliseconds since boot. */
  get now(): number {
    return this.host.scheduler.now;
  }

  onMessage(listener: (m: Message) => void): () => void {
    return this.host.net.onMessage(listener);
  }

  onOutput(listener: (commandId: number, chunk: OutputChunk) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /**
   * Run one command line until it exits, or until it can only wait for a
   * container that keeps running (then `exitCode` is null and it stays
   * attached: Ctrl-C is `interrupt(id)`).
   */
  run(line: string): CommandResult {
    this.log({ op: 'run', line });
    const id = this.nextId++;
    const command = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
    const result: CommandResult = {
      id,
      command,
      stdout: '',
      stderr: '',
      exitCode: null,
      output: [],
      firstSeq: 0,
      lastSeq: 0,
    };
    this.results.set(id, result);
    const before = this.host.net.lastSeq;
    const io: CommandIo = {
      id,
      tty: this.options.tty ?? false,
      columns: this.options.columns ?? 80,
      write: (stream, text) => {
        if (!text || result.exitCode !== null) return;
        const chunk: OutputChunk = { stream, text, seq: this.host.net.deliveredTo('client') };
        result[stream] += text;
        result.output.push(chunk);
        for (const l of this.outputListeners) l(id, chunk);
      },
      exited: (code) => {
        result.exitCode = code;
        this.running.delete(id);
      },
    };
    this.running.set(id, io);
    const scheduler = this.host.scheduler;
    let deadline = scheduler.now + COMMAND_HORIZON_MS;
    // `sleep N` typed in the terminal lets N simulated seconds pass inside this
    // run (its line is in the input log, so a replay passes the same time).
    const passTime = (ms: number) => {
      deadline = Math.max(deadline, scheduler.now + ms + COMMAND_HORIZON_MS);
    };
    const done = scheduler.spawn(runClientCommand(this.host, command, io, this.machine, passTime));
    for (;;) {
      const until = deadline;
      scheduler.runUntil(() => done.isSettled || deadline !== until, until);
      if (done.isSettled || deadline === until) break;
    }
    if (done.isSettled) {
      try {
        done.take();
      } catch (error) {
        io.write('stderr', `DockScope internal error: ${String(error)}\n`);
        io.exited(1);
      }
    }
    this.updateSeqRange(result, before);
    return result;
  }

  /**
   * Ctrl-C on an attached command: `docker run -it` sends it to the container's
   * terminal as a byte, another `docker run` forwards SIGINT (sig-proxy).
   */
  interrupt(commandId: number): CommandResult | undefined {
    this.log({ op: 'interrupt', command: commandId });
    const io = this.running.get(commandId);
    const result = this.results.get(commandId);
    if (!io || !result) return result;
    const before = this.host.net.lastSeq;
    if (io.onInterrupt) {
      io.onInterrupt();
      this.settle(commandId, COMMAND_HORIZON_MS);
    } else {
      // No signal proxy (docker logs -f, a long stop): Ctrl-C ends the CLI process itself.
      endProcess(this.host, io, 130);
    }
    this.updateSeqRange(result, before);
    return result;
  }

  /** Type into an attached command (`docker run -it …`). */
  stdin(commandId: number, text: string): void {
    this.log({ op: 'stdin', command: commandId, text });
    const io = this.running.get(commandId);
    io?.onStdin?.(text);
    this.settle(commandId, 1000);
  }

  /** Ctrl-D in an attached `docker run -i`: end of input for the container. */
  endInput(commandId: number): void {
    this.log({ op: 'endInput', command: commandId });
    this.running.get(commandId)?.onStdinEnd?.();
    this.settle(commandId, 1000);
  }

  /**
   * Serve one Engine API request from outside (the real docker CLI through
   * `npm run daemon`). The answer goes to `sink`; the simulation runs until it
   * is complete or can only wait for later events (a container to exit).
   * `traced`, when given, is what the trace keeps of `req` (a summary of a large body).
   */
  serveHttp(
    req: HttpRequest,
    sink: ExternalSink,
    traced: HttpRequest = req,
    /** The machine whose daemon is asked, or a second daemon's address (`dockerd-bootstrap`): `npm run daemon` serves each on its own port. */
    machine: MachineName = 'local',
  ): ExternalExchange {
    const id = this.nextId++;
    let ended = false;
    let waiting = false;
    // A pull streams to its end at once; attach, wait and logs -f wait for events
    // that come with time, so the run stops once their headers are out and
    // `advance()` (the server's clock) delivers the rest. Otherwise a container's
    // `sleep 4` would end the moment someone follows its logs.
    const longLived = !/\/images\/create$/.test(req.path);
    const daemon = this.dockerHost(machine);
    const exchange = serveExternal(
      this.host,
      daemon,
      req,
      id,
      {
        head: (status, headers, body, streamed) => {
          waiting = streamed && longLived;
          sink.head(status, headers, body, streamed);
        },
        chunk: (data) => sink.chunk(data),
        end: () => {
          ended = true;
          sink.end();
        },
      },
      traced,
    );
    this.host.scheduler.runUntil(
      () => ended || waiting,
      this.host.scheduler.now + COMMAND_HORIZON_MS,
    );
    return {
      stdin: (text) => {
        exchange.stdin(text);
        this.host.scheduler.runUntil(() => ended, this.host.scheduler.now + 1000);
      },
      closeInput: () => {
        exchange.closeInput();
        this.host.scheduler.runUntil(() => ended, this.host.scheduler.now + 1000);
      },
    };
  }

  /**
   * Let simulated time pass (containers keep running, `sleep` ends, logs appear).
   * A duration that is not a finite number ≥ 0 is refused before anything
   * happens: NaN used to run every pending timer without a log entry, so a
   * replay of the log diverged.
   */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance: ${String(ms)} is not a finite number of milliseconds ≥ 0`);
    if (ms > 0) this.log({ op: 'advance', ms });
    this.host.scheduler.advanceTo(this.host.scheduler.now + ms);
  }

  result(id: number): CommandResult | undefined {
    return this.results.get(id);
  }

  /** Commands still attached to a container. */
  attached(): number[] {
    return [...this.running.keys()];
  }

  complete(line: string): string[] {
    return completeLine(line, this.view());
  }

  /**
   * A daemon's objects now: a machine's name for its first dockerd (the learner's own
   * by default), or a second daemon's address (`dockerd-bootstrap` on `local`).
   */
  view(machine: MachineName = 'local'): HostView {
    return this.dockerHost(machine).history.now(this.host.scheduler.now);
  }

  /**
   * A machine's objects as they were once message `seq` had been delivered
   * (0: before the first message): what a rewound diagram shows. A machine
   * that runs a second dockerd shows every daemon's containers, shims and images
   * (a second daemon's image names followed by its id, as `alpine:latest
   * (dockerd-bootstrap)`); a daemon's address gives that daemon's objects alone.
   */
  hostAt(seq: number, machine: MachineName = 'local'): HostView {
    const at = Math.max(0, Math.min(seq, this.lastSeq));
    const host = this.dockerHost(machine);
    const view = host.history.at(at);
    if (host.machine !== host || host.daemons.length === 1 || !this.world.hosts.has(machine))
      return view;
    return machineView(
      view,
      host.daemons.slice(1).map((d) => ({ id: d.daemonId, view: d.history.at(at) })),
    );
  }

  /** A machine's first dockerd, or the daemon at an address (`dockerd-bootstrap`, `node-2/dockerd`). */
  private dockerHost(machine: MachineName): Host {
    const host = this.hostNamed(machine);
    if (!host) throw new RangeError(`no Docker host named ${machine}`);
    return host;
  }

  /** Run whatever is due now, so a reaction to input shows up at once. */
  private settle(commandId: number, horizon: number): void {
    this.host.scheduler.runUntil(
      () => !this.running.has(commandId),
      this.host.scheduler.now + horizon,
    );
  }

  /** `before`: the last seq before the command acted. */
  private updateSeqRange(result: CommandResult, before: number): void {
    const net = this.host.net;
    for (let seq = Math.max(net.firstSeq, before + 1); seq <= net.lastSeq; seq++) {
      if (net.store.commandIdOf(seq) !== result.id) continue;
      if (!result.firstSeq) result.firstSeq = seq;
      result.lastSeq = seq;
    }
  }
}
