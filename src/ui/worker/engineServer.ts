import { Engine, type CommandResult, type SessionInput } from '../../sim/engine';
import { DOCKER_HOSTS } from '../../sim/world';
import { addressOf } from '../../sim/core/network';
import type { EngineHello, EngineRequest, EngineUpdate, ResultDelta } from './protocol';

/**
 * How many messages the worker's engine keeps once they are sent. The page holds the
 * whole trace (its mirror); the engine reads only recent messages (a command's own),
 * so a second full copy in the worker would only double the memory a session takes.
 * Host histories are kept whole: they are small, and the page's copy is built from them.
 */
export const WORKER_KEEPS = 1000;

/** What of an answer moves to the page rather than being copied: the new messages' numeric columns. */
export function transferOf(update: EngineUpdate): Transferable[] {
  const m = update.messages;
  return m ? [m.time.buffer, m.command.buffer, m.ref.buffer, m.shape.buffer] : [];
}

/** What the page has been sent of one command's result. */
interface SentResult {
  output: number;
  exitCode: number | null;
  firstSeq: number;
  lastSeq: number;
}

/**
 * The engine's side of the worker boundary: it owns the Engine, does each request
 * to it, and answers with what changed since the last answer (new messages, new
 * host changes, the results that moved). Plain TS: the worker runs it, and so do
 * the unit tests and the page where no Worker exists (vitest in Node).
 */
export class EngineServer {
  private engine: Engine | null = null;
  /** The seq of the last message sent, and how many links the page has been sent. */
  private sentSeq = 0;
  private sentLinks = 0;
  private sentChanges = new Map<string, number>();
  private sentResults = new Map<number, SentResult>();
  /** Commands that printed something since the last answer. */
  private touched = new Set<number>();
  /** Commands attached at the last answer: they may have exited since. */
  private attachedBefore: number[] = [];

  /** How many messages the engine itself holds now (for the tests). */
  get held(): number {
    return this.engine?.trace.length ?? 0;
  }

  static hello(): EngineHello {
    return {
      type: 'hello',
      hosts: DOCKER_HOSTS.map((s) => ({ ...s, listeners: [...s.listeners] })),
    };
  }

  handle(request: EngineRequest): EngineUpdate {
    let error: string | undefined;
    let completions: string[] | undefined;
    let fresh = false;
    let ran: number | undefined;
    try {
      switch (request.type) {
        case 'start':
          this.start(request.options, request.inputs);
          fresh = true;
          break;
        case 'input':
          ran = this.apply(request.input);
          break;
        case 'complete':
          completions = this.engine ? this.engine.complete(request.line) : [];
          break;
      }
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const daemons = fresh
      ? this.engine!.world.daemons.map((d) => ({ machine: d.name, id: d.daemonId }))
      : undefined;
    return {
      ...this.update(ran),
      ...(fresh && { fresh, daemons }),
      ...(completions && { completions }),
      ...(error !== undefined && { error }),
    };
  }

  private start(
    options: Extract<EngineRequest, { type: 'start' }>['options'],
    inputs: SessionInput[],
  ) {
    // Replayed in full before anyone listens: its output is redrawn from the results.
    const engine = Engine.replay(inputs, options);
    engine.onOutput((id) => this.touched.add(id));
    this.sentSeq = 0;
    this.sentLinks = 0;
    this.engine = engine;
    this.sentChanges.clear();
    this.sentResults.clear();
    this.touched.clear();
    // Every command of the replay is new to the page.
    for (let id = 1; engine.result(id); id++) this.touched.add(id);
    this.attachedBefore = [];
  }

  /** Do one input; returns the id of the command it ran, if it ran one. */
  private apply(input: SessionInput): number | undefined {
    const engine = this.engine;
    if (!engine) throw new Error('the engine has not started');
    if (input.op === 'run') return engine.run(input.line).id;
    engine.apply(input);
    if (input.op !== 'advance' && input.op !== 'fault' && input.op !== 'setting')
      this.touched.add(input.command);
    return undefined;
  }

  private update(ran: number | undefined): EngineUpdate {
    const engine = this.engine;
    if (!engine) return { changes: {}, now: 0, attached: [], results: [] };
    // The new messages, packed as the engine keeps them; then the engine drops all but its
    // newest (never before they are sent: a command may record more than it keeps).
    const store = engine.host.net.store;
    const messages =
      store.lastSeq > this.sentSeq ? store.exportFrom(this.sentSeq + 1, this.sentLinks) : undefined;
    this.sentSeq = store.lastSeq;
    this.sentLinks = store.linkCount;
    // Only the messages; `world.keep` would drop the host histories' old changes too.
    store.trim(WORKER_KEEPS);
    const changes: EngineUpdate['changes'] = {};
    for (const daemon of engine.world.daemons) {
      const key = addressOf(daemon.name, daemon.daemonId);
      const got = daemon.history.since(this.sentChanges.get(key) ?? 0);
      if (got.list.length > 0) changes[key] = got.list;
      this.sentChanges.set(key, daemon.history.length);
    }
    const attached = engine.attached();
    const ids = new Set([...this.touched, ...this.attachedBefore, ...attached]);
    if (ran !== undefined) ids.add(ran);
    this.touched.clear();
    this.attachedBefore = attached;
    const results: ResultDelta[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const r = engine.result(id);
      if (r) {
        const delta = this.delta(r);
        if (delta) results.push(delta);
      }
    }
    return { ...(messages && { messages }), changes, now: engine.now, attached, results };
  }

  /** What changed of a result since the page last heard of it (undefined: nothing). */
  private delta(r: CommandResult): ResultDelta | undefined {
    const sent = this.sentResults.get(r.id);
    const from = sent?.output ?? 0;
    if (
      sent &&
      from === r.output.length &&
      sent.exitCode === r.exitCode &&
      sent.firstSeq === r.firstSeq &&
      sent.lastSeq === r.lastSeq
    )
      return undefined;
    this.sentResults.set(r.id, {
      output: r.output.length,
      exitCode: r.exitCode,
      firstSeq: r.firstSeq,
      lastSeq: r.lastSeq,
    });
    return {
      id: r.id,
      command: r.command,
      exitCode: r.exitCode,
      firstSeq: r.firstSeq,
      lastSeq: r.lastSeq,
      from,
      output: r.output.slice(from),
    };
  }
}
