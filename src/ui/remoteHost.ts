import type { CommandResult, HostChange, HostView, Message, OutputChunk } from '../sim/engine';
import { EMPTY_VIEW, HostHistory } from '../sim/history/hostHistory';
import { LOCAL } from '../sim/core/types';

/**
 * A Docker host's history from change number `from` on; `start`, when the server dropped
 * older changes, is the host before change `from`.
 */
type HostChanges = { from: number; list: HostChange[]; start?: HostView };

/** What `npm run daemon` sends (scripts/daemon/liveView.ts): new messages, the hosts, results. */
interface RemoteUpdate {
  /** The world's messages: every host's (`fromHost`/`toHost` say which). */
  messages: Message[];
  /** The learner's own host (`local`). */
  view: { seq: number; view: HostView };
  /** The learner's own host's history (older servers send none). */
  changes?: HostChanges;
  /** The other Docker hosts (node-2, node-3), by name (older servers send none). */
  hosts?: Record<string, { view: HostView; changes: HostChanges }>;
  attached: number[];
  results: CommandResult[];
  result?: CommandResult;
  /** Seq of the oldest message the server still holds (older servers: absent, all held). */
  firstSeq?: number;
  /** How many messages the server keeps. */
  keeps?: number;
}

const shift = (seq: number, base: number) => Math.max(0, seq - base);

/**
 * An update with every seq moved down by `base`: a page that joins a server which has
 * dropped its oldest `base` messages numbers the messages it has from 1, as the rest of
 * the page expects (`trace[seq - 1]`). Messages the server dropped lose their links.
 */
export function rebase(update: RemoteUpdate, base: number): RemoteUpdate {
  if (base === 0) return update;
  const result = (r: CommandResult): CommandResult => ({
    ...r,
    firstSeq: r.firstSeq > base ? r.firstSeq - base : 0,
    lastSeq: shift(r.lastSeq, base),
    output: r.output.map((c) => ({ ...c, seq: shift(c.seq, base) })),
  });
  const changes = (c: HostChanges): HostChanges => ({
    ...c,
    list: c.list.map((change) => ({ ...change, seq: shift(change.seq, base) })),
  });
  return {
    ...update,
    messages: (update.messages ?? []).map((m) => {
      const { replyTo, ...rest } = m;
      return replyTo !== undefined && replyTo > base
        ? { ...rest, seq: m.seq - base, replyTo: replyTo - base }
        : { ...rest, seq: m.seq - base };
    }),
    view: update.view && { ...update.view, seq: shift(update.view.seq, base) },
    changes: update.changes && changes(update.changes),
    ...(update.hosts && {
      hosts: Object.fromEntries(
        Object.entries(update.hosts).map(([name, h]) => [
          name,
          { ...h, changes: changes(h.changes) },
        ]),
      ),
    }),
    results: (update.results ?? []).map(result),
    ...(update.result ? { result: result(update.result) } : {}),
  };
}

/** Whether this page was served by `npm run daemon` (it marks index.html). */
export function isRemotePage(): boolean {
  return (
    typeof window !== 'undefined' &&
    (window as { __DOCKSCOPE_REMOTE__?: boolean }).__DOCKSCOPE_REMOTE__ === true
  );
}

/**
 * The simulated host of a `npm run daemon` server, seen through the same methods the
 * bridge calls on a local Engine. The trace arrives over Server-Sent Events as the
 * server records it (requests from the real docker CLI included); the page's own
 * commands are short synchronous calls, so the terminal code stays as it is.
 */
export class RemoteHost {
  readonly trace: Message[] = [];
  /** The command behind message `seq`, as the page's mirror of a worker's engine answers it. */
  commandIdOf(seq: number): number | undefined {
    return this.trace[seq - 1]?.commandId;
  }
  /** Messages recorded before the page connected: shown as already played, not replayed. */
  historyLength = 0;
  /**
   * Messages the server had already dropped when the page connected (it keeps the newest
   * `keeps`): this page's message 1 is the server's `dropped + 1`.
   */
  dropped = 0;
  /** How many messages the server keeps (undefined: all). */
  keeps: number | undefined;
  /** Each host's objects now, as last sent (`local` and the others by name). */
  private latest = new Map<string, HostView>();
  /** Each server host at every message, rebuilt from the changes it sends (exact rewind). */
  private readonly histories = new Map<string, HostHistory>();
  /** The learner's own host's history. */
  private readonly history = this.historyOf(LOCAL);
  private attachedIds: number[] = [];
  private results = new Map<number, CommandResult>();
  /** Output chunks already handed to listeners, per command. */
  private shown = new Map<number, number>();
  private outputListeners = new Set<(id: number, chunk: OutputChunk) => void>();

  /** `changed` is called whenever the server pushed something new. */
  constructor(private readonly changed: () => void) {}

  /** Open the event channel; resolves once the host so far has arrived. */
  connect(): Promise<void> {
    return new Promise((resolve) => {
      const events = new EventSource('./_dockscope/events');
      events.addEventListener('hello', (e) => {
        const hello = JSON.parse((e as MessageEvent<string>).data) as RemoteUpdate;
        this.keeps = hello.keeps;
        if (this.trace.length === 0 && this.history.length === 0) {
          this.dropped = Math.max(0, (hello.firstSeq ?? 1) - 1);
          const start = hello.changes?.start;
          if (start) this.history.startFrom(hello.changes!.from, start);
          for (const [name, h] of Object.entries(hello.hosts ?? {}))
            if (h.changes.start) this.historyOf(name).startFrom(h.changes.from, h.changes.start);
        }
        this.ingest(hello);
        this.historyLength = this.trace.length;
        resolve();
        this.changed();
      });
      events.addEventListener('update', (e) => {
        this.ingest(JSON.parse((e as MessageEvent<string>).data) as RemoteUpdate);
        this.changed();
      });
    });
  }

  run(line: string): CommandResult {
    return this.call('run', { line })!;
  }

  interrupt(commandId: number): CommandResult | undefined {
    return this.call('interrupt', { id: commandId });
  }

  stdin(commandId: number, text: string): void {
    this.call('stdin', { id: commandId, text });
  }

  endInput(commandId: number): void {
    this.call('endinput', { id: commandId });
  }

  /** The server's clock follows real time by itself. */
  advance(): void {}

  complete(line: string): string[] {
    return (this.post('complete', { line }) as { list?: string[] }).list ?? [];
  }

  result(id: number): CommandResult | undefined {
    return this.results.get(id);
  }

  attached(): number[] {
    return this.attachedIds;
  }

  /** A host's objects now (the learner's own by default). */
  view(machine: string = LOCAL): HostView {
    return this.latest.get(machine) ?? EMPTY_VIEW;
  }

  /** A server host once message `seq` had been delivered, from its own history of changes. */
  hostAt(seq: number, machine: string = LOCAL): HostView {
    const history = this.histories.get(machine);
    if (!history) return EMPTY_VIEW;
    return history.at(Math.max(0, Math.min(seq, this.trace.length)));
  }

  /** The server's Docker hosts, the learner's own first (as it sent them). */
  dockerHosts(): string[] {
    return [LOCAL, ...[...this.latest.keys()].filter((name) => name !== LOCAL)];
  }

  private historyOf(machine: string): HostHistory {
    let history = this.histories.get(machine);
    if (!history) {
      history = HostHistory.over(() => this.trace);
      this.histories.set(machine, history);
    }
    return history;
  }

  onOutput(listener: (commandId: number, chunk: OutputChunk) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  private call(op: string, body: Record<string, unknown>): CommandResult | undefined {
    return this.ingest(this.post(op, body) as RemoteUpdate)?.result;
  }

  /** A synchronous request: the bridge's API returns results at once, as the local engine does. */
  private post(op: string, body: Record<string, unknown>): unknown {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `./_dockscope/${op}`, false);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.send(
      JSON.stringify({
        ...body,
        since: this.trace.length + this.dropped,
        changesSince: this.history.length,
        hostChangesSince: Object.fromEntries(
          [...this.histories].filter(([name]) => name !== LOCAL).map(([n, h]) => [n, h.length]),
        ),
      }),
    );
    const answer = JSON.parse(xhr.responseText) as { message?: string };
    if (xhr.status !== 200) throw new Error(answer.message ?? `HTTP ${xhr.status}`);
    return answer;
  }

  private ingestChanges(machine: string, changes: HostChanges, retry = true): void {
    const history = this.historyOf(machine);
    if (changes.from > history.length) {
      // A gap (an update was missed): ask for everything since what we have.
      const again = rebase(this.post('trace', {}) as RemoteUpdate, this.dropped);
      const got = machine === LOCAL ? again.changes : again.hosts?.[machine]?.changes;
      if (got && got.from <= history.length) this.ingestChanges(machine, got, false);
      else if (retry) this.startOver();
      return;
    }
    for (let i = history.length - changes.from; i < changes.list.length; i++)
      history.ingest(changes.list[i]!);
  }

  /**
   * What the page missed is no longer on the server (it dropped it while this page was away):
   * load the page again, to start from what the server has.
   */
  private startOver(): void {
    if (typeof location !== 'undefined') location.reload();
  }

  /** Take in what the server sent; returns it as this page numbers it. */
  private ingest(raw: RemoteUpdate, retry = true): RemoteUpdate | undefined {
    const update = rebase(raw, this.dropped);
    for (const m of update.messages ?? []) {
      if (m.seq === this.trace.length + 1) this.trace.push(m);
      else if (m.seq > this.trace.length + 1) {
        if (retry) {
          this.ingest(this.post('trace', {}) as RemoteUpdate, false);
          return update;
        }
        this.startOver();
        return update;
      }
    }
    if (update.view && update.view.seq >= this.trace.length) {
      this.latest.set(LOCAL, update.view.view);
      for (const [name, h] of Object.entries(update.hosts ?? {})) this.latest.set(name, h.view);
    }
    if (update.changes) this.ingestChanges(LOCAL, update.changes);
    for (const [name, h] of Object.entries(update.hosts ?? {})) this.ingestChanges(name, h.changes);
    if (update.attached) this.attachedIds = update.attached;
    for (const r of [...(update.results ?? []), ...(update.result ? [update.result] : [])]) {
      this.results.set(r.id, r);
      const from = this.shown.get(r.id) ?? 0;
      this.shown.set(r.id, r.output.length);
      for (const chunk of r.output.slice(from))
        for (const l of this.outputListeners) l(r.id, chunk);
    }
  }
}
