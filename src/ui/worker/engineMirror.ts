import type { CommandResult, HostView, Message, OutputChunk } from '../../sim/engine';
import { HostHistory } from '../../sim/history/hostHistory';
import type { EngineUpdate } from './protocol';

const EMPTY_VIEW: HostView = {
  time: 0,
  images: [],
  containers: [],
  shims: [],
  content: 0,
  snapshots: 0,
};

/**
 * The page's copy of what the engine in the worker has recorded: the trace, each
 * Docker host's history of changes (so a rewind is answered here, at once, with
 * no round trip), the commands' results and which are attached. It is built only
 * from `EngineUpdate`s, in order, so it reads the same as the engine itself.
 */
export class EngineMirror {
  readonly trace: Message[] = [];
  private readonly histories = new Map<string, HostHistory>();
  private readonly results = new Map<number, CommandResult>();
  private attachedIds: number[] = [];
  private now = 0;

  constructor(
    /** The Docker hosts, the learner's own first: each has a history from the start. */
    machines: readonly string[],
    /** Told each output chunk as it arrives (not those of a replayed session). */
    private readonly output: (commandId: number, chunk: OutputChunk) => void,
  ) {
    for (const name of machines) this.historyOf(name);
  }

  /** Take in one update. `quiet`: a replay, whose output the page redraws from the results. */
  apply(update: EngineUpdate, quiet = false): void {
    for (const m of update.messages) {
      // The worker sends each message once, in order; anything else is a bug worth seeing.
      if (m.seq !== this.trace.length + 1)
        throw new Error(`engine mirror: message ${m.seq} after ${this.trace.length}`);
      this.trace.push(m);
    }
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

  result(id: number): CommandResult | undefined {
    return this.results.get(id);
  }

  attached(): number[] {
    return this.attachedIds;
  }

  /** A Docker host's objects now (the learner's own by default). */
  view(machine = 'local'): HostView {
    return this.histories.get(machine)?.now(this.now) ?? { ...EMPTY_VIEW, time: this.now };
  }

  /** A Docker host's objects once message `seq` had been delivered (0: before any). */
  hostAt(seq: number, machine = 'local'): HostView {
    const history = this.histories.get(machine);
    if (!history) return EMPTY_VIEW;
    return history.at(Math.max(0, Math.min(seq, this.trace.length)));
  }

  private historyOf(machine: string): HostHistory {
    let history = this.histories.get(machine);
    if (!history) {
      history = new HostHistory(
        () => this.trace.length,
        (seq) => this.trace[seq - 1]?.time ?? 0,
      );
      this.histories.set(machine, history);
    }
    return history;
  }
}
