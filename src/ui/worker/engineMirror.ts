import type { CommandResult, HostView, Message, OutputChunk } from '../../sim/engine';
import { EMPTY_VIEW, HostHistory, machineView } from '../../sim/history/hostHistory';
import { addressOf } from '../../sim/core/network';
import { TraceStore, traceView } from '../../sim/core/traceStore';
import type { DaemonRef, EngineUpdate } from './protocol';

/**
 * The page's copy of what the engine in the worker has recorded: the trace, each
 * Docker host's history of changes (so a rewind is answered here, at once, with
 * no round trip), the commands' results and which are attached. It is built only
 * from `EngineUpdate`s, in order, so it reads the same as the engine itself.
 */
export class EngineMirror {
  /** The messages, packed as the engine keeps them (each made into a `Message` when read). */
  private readonly store = new TraceStore();
  readonly trace: readonly Message[] = traceView(this.store);
  private readonly histories = new Map<string, HostHistory>();
  private readonly results = new Map<number, CommandResult>();
  private attachedIds: number[] = [];
  private now = 0;
  /** Every dockerd, each machine's first first, with its address (the key of its history). */
  private daemons: Array<DaemonRef & { address: string }> = [];

  constructor(
    /** Told each output chunk as it arrives (not those of a replayed session). */
    private readonly output: (commandId: number, chunk: OutputChunk) => void,
  ) {}

  /** Take in one update. `quiet`: a replay, whose output the page redraws from the results. */
  apply(update: EngineUpdate, quiet = false): void {
    if (update.daemons) {
      this.daemons = update.daemons.map((d) => ({ ...d, address: addressOf(d.machine, d.id) }));
      // Each daemon has a history from the start, changed or not (a rewind reads its time).
      for (const d of this.daemons) this.historyOf(d.address);
    }
    // The worker sends each message once, in order; anything else is a bug worth seeing.
    if (update.messages) this.store.append(update.messages);
    for (const [name, list] of Object.entries(update.changes)) {
      const history = this.historyOf(name);
      for (const change of list) history.ingest(change);
    }
    this.now = update.now;
    this.attachedIds = update.attached;
    for (const delta of update.results) {
      let r = this.results.get(delta.id);
      if (!r) {
        r = {
          id: delta.id,
          command: delta.command,
          stdout: '',
          stderr: '',
          exitCode: null,
          output: [],
          firstSeq: 0,
          lastSeq: 0,
        };
        this.results.set(delta.id, r);
      }
      r.exitCode = delta.exitCode;
      r.firstSeq = delta.firstSeq;
      r.lastSeq = delta.lastSeq;
      // A delta starts where the last one ended; one sent twice adds nothing.
      for (const [i, chunk] of delta.output.entries()) {
        if (delta.from + i < r.output.length) continue;
        r.output.push(chunk);
        r[chunk.stream] += chunk.text;
        if (!quiet) this.output(delta.id, chunk);
      }
    }
  }

  /** The command behind message `seq` (`trace[seq - 1].commandId`), with no Message made. */
  commandIdOf(seq: number): number | undefined {
    return this.store.commandIdOf(this.store.firstSeq + seq - 1);
  }

  result(id: number): CommandResult | undefined {
    return this.results.get(id);
  }

  attached(): number[] {
    return this.attachedIds;
  }

  /**
   * A daemon's objects now, as `engine.view`: a machine's name for its first dockerd (the
   * learner's own by default), or a daemon's address (`dockerd-bootstrap`).
   */
  view(machine = 'local'): HostView {
    const history = this.histories.get(this.addressOf(machine));
    return history?.now(this.now) ?? { ...EMPTY_VIEW, time: this.now };
  }

  /**
   * As `engine.hostAt`: once message `seq` had been delivered (0: before any), a machine's
   * objects (every daemon's on it), or a daemon's alone when named by its address.
   */
  hostAt(seq: number, machine = 'local'): HostView {
    const at = Math.max(0, Math.min(seq, this.trace.length));
    const address = this.addressOf(machine);
    const then = (a: string) => this.histories.get(a)?.at(at) ?? EMPTY_VIEW;
    const others = this.daemons.filter((d) => d.machine === machine && d.address !== address);
    return machineView(
      then(address),
      others.map((d) => ({ id: d.id, view: then(d.address) })),
    );
  }

  /** The address of the daemon `name` names: a machine's first dockerd, or an address as given. */
  private addressOf(name: string): string {
    return this.daemons.find((d) => d.machine === name)?.address ?? name;
  }

  private historyOf(machine: string): HostHistory {
    let history = this.histories.get(machine);
    if (!history) {
      const store = this.store;
      history = new HostHistory(
        () => store.lastSeq,
        (seq) => store.timeOf(seq),
      );
      this.histories.set(machine, history);
    }
    return history;
  }
}
