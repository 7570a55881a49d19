import type { ComponentId, Message, MessageKind, Protocol } from './types';
import type { Rng } from './rng';
import { Channel, Signal } from './signal';
import { type Scheduler, type Task, wait } from './scheduler';

/** What a callee answers. `status` is an HTTP code, a gRPC code name, an exit status… */
export interface Reply<B = unknown> {
  status: number | string;
  body?: B;
  headers?: Record<string, string>;
  /** Present when the answer is streamed (pull progress, attach, logs, wait). */
  stream?: Channel<StreamChunk>;
  /** Plain-language line for the response message. */
  summary?: string;
}

export interface StreamChunk {
  data: unknown;
  /** The trace message that carried it. */
  seq: number;
}

export interface CallSpec {
  to: ComponentId;
  protocol: Protocol;
  operation: string;
  request?: unknown;
  /**
   * What the trace keeps of `request`, when not all of it (the daemon keeps a summary of a
   * large body from outside; the callee still gets the whole request).
   */
  traced?: unknown;
  summary: string;
  /** Simulated ms for the request to arrive; defaults per protocol. */
  latency?: number;
  /** Extra simulated ms for the answer to travel back (a large body). */
  transfer?: number;
}

export interface OneWaySpec extends CallSpec {
  kind?: Extract<MessageKind, 'stream' | 'event'>;
}

/** How a component sees one incoming request while it handles it. */
export interface Inbound {
  readonly self: ComponentId;
  readonly from: ComponentId;
  readonly operation: string;
  readonly request: unknown;
  readonly commandId: number | undefined;
  /** Send the response head now and keep the body open (streamed answer). */
  head(status: number | string, summary: string, headers?: Record<string, string>): void;
  /** One body chunk of a streamed answer, recorded as a `stream` message. */
  write(data: unknown, summary: string, operation?: string): void;
  /** True once the caller went away (e.g. the client closed an attach stream). */
  readonly closed: boolean;
  /** Call another component, on behalf of the same command. */
  call<B = unknown>(spec: CallSpec): Task<Reply<B>>;
  /** Send a one-way message (an event or a stream chunk), on behalf of the same command. */
  send(spec: OneWaySpec): number;
}

export type Handler = (inbound: Inbound) => Task<Reply> | Reply;

/** Anything that can talk on behalf of a component: an inbound request, or the component itself. */
export type Caller = Pick<Inbound, 'call' | 'send'>;

const BASE_LATENCY: Record<Protocol, number> = {
  http: 0.3,
  grpc: 0.2,
  ttrpc: 0.1,
  exec: 2,
  syscall: 0.02,
  stream: 0.1,
  event: 0.1,
};

/**
 * The wire between components. Every request, response, stream chunk and
 * event passes through here and is appended to the one ordered trace.
 *
 * The trace keeps every message unless `keep(limit)` was called (a long-running
 * `npm run daemon`): then the oldest are dropped, a batch at a time, and
 * `trace[i]` is message `firstSeq + i`.
 */
export class Network {
  /** The messages held, oldest first: `trace[i].seq === firstSeq + i`. */
  readonly trace: Message[] = [];
  /** Messages dropped from the front so far. */
  private dropped = 0;
  private limit = Infinity;
  private onDrop: ((firstSeq: number) => void) | undefined;
  private handlers = new Map<ComponentId, Handler>();
  private listeners = new Set<(m: Message) => void>();
  private receivers = new Map<ComponentId, (m: Message) => void>();
  private delivered = new Map<ComponentId, number>();
  /** Per link, when its last message arrives: pipes and streams never reorder. */
  private linkClear = new Map<string, number>();

  constructor(
    readonly scheduler: Scheduler,
    private readonly rng: Rng,
  ) {}

  register(id: ComponentId, handler: Handler): void {
    this.handlers.set(id, handler);
  }

  unregister(id: ComponentId): void {
    this.handlers.delete(id);
    this.receivers.delete(id);
    // And what the wire kept about it (a shim per container: thousands on a long-running daemon).
    this.delivered.delete(id);
    for (const link of this.linkClear.keys())
      if (link.startsWith(`${id}>`) || link.endsWith(`>${id}`)) this.linkClear.delete(link);
  }

  /** Where one-way messages (events, pipe data) addressed to `id` are delivered. */
  receive(id: ComponentId, receiver: (m: Message) => void): void {
    this.receivers.set(id, receiver);
  }

  /** The seq of the last message that has arrived at `id`. */
  deliveredTo(id: ComponentId): number {
    return this.delivered.get(id) ?? 0;
  }

  /** Arrival time on a link, no earlier than the previous message on it (FIFO). */
  private arrival(link: string, latency: number): number {
    const t = Math.max(this.now + latency, this.linkClear.get(link) ?? 0);
    this.linkClear.set(link, t);
    return t;
  }

  private arrive(to: ComponentId, seq: number): void {
    if (seq > (this.delivered.get(to) ?? 0)) this.delivered.set(to, seq);
  }

  /** Seq of the oldest message held (1 until any is dropped). */
  get firstSeq(): number {
    return this.dropped + 1;
  }

  /** Seq of the newest message (0 before the first): how many were ever recorded. */
  get lastSeq(): number {
    return this.dropped + this.trace.length;
  }

  /** Message `seq`, if it is still held. */
  message(seq: number): Message | undefined {
    return seq > this.dropped ? this.trace[seq - 1 - this.dropped] : undefined;
  }

  /**
   * Keep about `limit` messages: once a tenth more have come, the oldest are dropped
   * (so dropping costs O(1) per message), and the cut moves on to the next request the
   * client sent, so the oldest exchange kept starts with its request. `onDrop` hears the
   * new first seq (the host history drops what it no longer needs).
   */
  keep(limit: number, onDrop?: (firstSeq: number) => void): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.onDrop = onDrop;
    this.trim();
  }

  private trim(): void {
    const slack = Math.max(1, Math.floor(this.limit / 10));
    if (this.trace.length <= this.limit + slack) return;
    let cut = this.trace.length - this.limit;
    const last = Math.min(this.trace.length - 1, cut + slack);
    while (
      cut < last &&
      !(this.trace[cut]!.kind === 'request' && this.trace[cut]!.from === 'client')
    )
      cut++;
    this.trace.splice(0, cut);
    this.dropped += cut;
    this.onDrop?.(this.firstSeq);
  }

  has(id: ComponentId): boolean {
    return this.handlers.has(id);
  }

  /** Talk as `from` outside any request (background work such as handling an exit). */
  as(from: ComponentId, commandId?: number): Caller {
    return {
      call: (spec) => this.call(from, spec, commandId),
      send: (spec) => this.send(from, spec, commandId),
    };
  }

  onMessage(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get now(): number {
    return this.scheduler.now;
  }

  /**
   * Send a request from `from` and wait for the reply. The handler of `spec.to`
   * runs as its own task, so a callee may itself call others, sleep, or stream.
   */
  *call<B = unknown>(from: ComponentId, spec: CallSpec, commandId?: number): Task<Reply<B>> {
    const reply = this.request(from, spec, commandId);
    return (yield* wait(reply)) as Reply<B>;
  }

  /** Like `call`, but returns the pending reply so several calls can run at once. */
  request(from: ComponentId, spec: CallSpec, commandId?: number): Signal<Reply> {
    const latency = spec.latency ?? this.latency(spec.protocol);
    const reqSeq = this.record({
      from,
      to: spec.to,
      protocol: spec.protocol,
      kind: 'request',
      operation: spec.operation,
      request: 'traced' in spec ? spec.traced : spec.request,
      summary: spec.summary,
      commandId,
    });
    const reply = new Signal<Reply>();
    const back = this.latency(spec.protocol) + (spec.transfer ?? 0);
    let headSent = false;
    let stream: Channel<StreamChunk> | undefined;
    const respond = (r: Reply, summary: string): void => {
      const seq = this.record({
        from: spec.to,
        to: from,
        protocol: spec.protocol,
        kind: 'response',
        operation: spec.operation,
        response: r.body,
        ...(r.headers ? { responseHeaders: r.headers } : {}),
        status: r.status,
        replyTo: reqSeq,
        summary,
        commandId,
      });
      this.scheduler.at(this.now + back, () => {
        this.arrive(from, seq);
        reply.resolve(r);
      });
    };

    const inbound: Inbound = {
      self: spec.to,
      from,
      operation: spec.operation,
      request: spec.request,
      commandId,
      head: (status, summary, headers) => {
        if (headSent) return;
        headSent = true;
        stream = new Channel<StreamChunk>();
        respond({ status, headers, stream, summary }, summary);
      },
      write: (data, summary, operation) => {
        if (!stream || stream.isClosed) return;
        const seq = this.record({
          from: spec.to,
          to: from,
          protocol: 'stream',
          kind: 'stream',
          operation: operation ?? spec.operation,
          request: data,
          summary,
          commandId,
        });
        const s = stream;
        this.scheduler.at(this.arrival(`stream:${reqSeq}`, BASE_LATENCY.stream), () => {
          this.arrive(from, seq);
          s.push({ data, seq });
        });
      },
      get closed() {
        return stream?.isClosed ?? false;
      },
      call: (callSpec) => this.call(spec.to, callSpec, commandId),
      send: (oneWay) => this.send(spec.to, oneWay, commandId),
    };

    this.scheduler.at(this.now + latency, () => {
      const handler = this.handlers.get(spec.to);
      const finish = (r: Reply): void => {
        if (headSent) {
          const s = stream;
          const link = `stream:${reqSeq}`;
          this.scheduler.at(this.arrival(link, BASE_LATENCY.stream), () => {
            s?.close();
            // Nothing travels on a closed stream: forget its link (one per streamed answer).
            this.linkClear.delete(link);
          });
        } else {
          headSent = true;
          respond(r, r.summary ?? defaultSummary(spec, r));
        }
      };
      if (!handler) {
        finish({ status: 'Unavailable', summary: `${spec.to} is not running` });
        return;
      }
      let out: Task<Reply> | Reply;
      try {
        out = handler(inbound);
      } catch (error) {
        this.scheduler.faults.push(error);
        finish({ status: 500, body: { message: String(error) }, summary: 'internal error' });
        return;
      }
      if (isTask(out)) {
        const done = this.scheduler.spawn(out);
        done.onSettle(() => {
          try {
            finish(done.take());
          } catch (error) {
            finish({ status: 500, body: { message: String(error) }, summary: 'internal error' });
          }
        });
      } else {
        finish(out);
      }
    });
    return reply;
  }

  /**
   * A one-way message: an event, or data on a pipe. It is recorded now and
   * handed to the receiver of `spec.to` (if any) once it arrives.
   */
  send(from: ComponentId, spec: OneWaySpec, commandId?: number): number {
    const seq = this.record({
      from,
      to: spec.to,
      protocol: spec.protocol,
      kind: spec.kind ?? (spec.protocol === 'stream' ? 'stream' : 'event'),
      operation: spec.operation,
      request: spec.request,
      summary: spec.summary,
      commandId,
    });
    const message = this.message(seq)!;
    this.scheduler.at(
      this.arrival(`${from}>${spec.to}`, spec.latency ?? this.latency(spec.protocol)),
      () => {
        this.arrive(spec.to, seq);
        this.receivers.get(spec.to)?.(message);
      },
    );
    return seq;
  }

  latency(protocol: Protocol): number {
    const base = BASE_LATENCY[protocol];
    // ±20% seeded jitter, rounded to µs so traces print stably
    return Math.round(base * (0.8 + 0.4 * this.rng.next()) * 1000) / 1000;
  }

  private record(m: Omit<Message, 'seq' | 'time'>): number {
    const message: Message = { seq: this.lastSeq + 1, time: this.now, ...m };
    if (message.commandId === undefined) delete message.commandId;
    this.trace.push(message);
    for (const l of this.listeners) l(message);
    if (this.trace.length > this.limit) this.trim();
    return message.seq;
  }
}

function isTask(x: unknown): x is Task<Reply> {
  return typeof x === 'object' && x !== null && typeof (x as Task<Reply>).next === 'function';
}

function defaultSummary(spec: CallSpec, r: Reply): string {
  return `${spec.to} answers ${String(r.status)}`;
}
