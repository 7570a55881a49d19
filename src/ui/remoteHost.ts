import type { CommandResult, HostView, Message, OutputChunk } from '../sim/engine';

/** What `npm run daemon` sends (scripts/daemon/liveView.ts): new messages, the host, results. */
interface RemoteUpdate {
  messages: Message[];
  view: { seq: number; view: HostView };
  attached: number[];
  results: CommandResult[];
  result?: CommandResult;
}

/** Whether this page was served by `npm run daemon` (it marks index.html). */
export function isRemotePage(): boolean {
  return (
    typeof window !== 'undefined' &&
    (window as { __DOCKSCOPE_REMOTE__?: boolean }).__DOCKSCOPE_REMOTE__ === true
  );
}

const EMPTY_VIEW: HostView = {
  time: 0,
  images: [],
  containers: [],
  shims: [],
  content: 0,
  snapshots: 0,
};

const MAX_VIEWS = 5000;

/**
 * The simulated host of a `npm run daemon` server, seen through the same methods the
 * bridge calls on a local Engine. The trace arrives over Server-Sent Events as the
 * server records it (requests from the real docker CLI included); the page's own
 * commands are short synchronous calls, so the terminal code stays as it is.
 */
export class RemoteHost {
  readonly trace: Message[] = [];
  /** Messages recorded before the page connected: shown as already played, not replayed. */
  historyLength = 0;
  private latest: HostView = EMPTY_VIEW;
  /** Every view the server sent, with the trace length it was taken at (ascending). */
  private views: Array<{ seq: number; view: HostView }> = [{ seq: 0, view: EMPTY_VIEW }];
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
        this.ingest(JSON.parse((e as MessageEvent<string>).data) as RemoteUpdate);
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

  view(): HostView {
    return this.latest;
  }

  /**
   * The server only sends views, not its history of changes: the host at
   * `seq` is the newest view taken at or before it. Exact at the end of each
   * request the page saw; in between, it shows the state before the request.
   */
  hostAt(seq: number): HostView {
    const views = this.views;
    let lo = 0;
    let hi = views.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (views[mid]!.seq <= seq) lo = mid;
      else hi = mid - 1;
    }
    return views[lo]!.view;
  }

  onOutput(listener: (commandId: number, chunk: OutputChunk) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  private call(op: string, body: Record<string, unknown>): CommandResult | undefined {
    const update = this.post(op, body) as RemoteUpdate;
    this.ingest(update);
    return update.result;
  }

  /** A synchronous request: the bridge's API returns results at once, as the local engine does. */
  private post(op: string, body: Record<string, unknown>): unknown {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `./_dockscope/${op}`, false);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.send(JSON.stringify({ ...body, since: this.trace.length }));
    const answer = JSON.parse(xhr.responseText) as { message?: string };
    if (xhr.status !== 200) throw new Error(answer.message ?? `HTTP ${xhr.status}`);
    return answer;
  }

  private remember(seq: number, view: HostView): void {
    const last = this.views[this.views.length - 1]!;
    if (seq < last.seq) return;
    if (seq === last.seq) last.view = view;
    else this.views.push({ seq, view });
    // A page left open for days: the oldest views go (rewinding that far shows the oldest kept).
    if (this.views.length > MAX_VIEWS) this.views.splice(0, this.views.length - MAX_VIEWS);
  }

  private ingest(update: RemoteUpdate): void {
    for (const m of update.messages ?? []) {
      if (m.seq === this.trace.length + 1) this.trace.push(m);
      else if (m.seq > this.trace.length + 1)
        return this.ingest(this.post('trace', {}) as RemoteUpdate);
    }
    if (update.view && update.view.seq >= this.trace.length) {
      this.latest = update.view.view;
      this.remember(update.view.seq, update.view.view);
    }
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
