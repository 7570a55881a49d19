import {
  LOCAL,
  type ComponentId,
  type MachineName,
  type Message,
  type MessageKind,
  type Op,
  type Protocol,
  type Subjects,
} from './types';
import type { Rng } from './rng';
import { type Link, type OpenRequest, TraceStore, linkOf, traceView } from './traceStore';
import { Channel, Signal } from './signal';
import type { Scheduler, Task } from './scheduler';
import { FaultTable } from './faults';

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
  /** The machine `to` runs on; default: the caller's own machine. */
  host?: MachineName;
  protocol: Protocol;
  operation: string;
  /** What it does, from the operation catalogue: only known ops type-check. */
  op: Op;
  /** What it concerns; leave out when nothing applies (responses share this object, no copy). */
  subjects?: Subjects;
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

/**
 * A machine's answer to an `exec` of a program that is not running yet: it
 * starts the program (which puts itself on the wire) before the exec's
 * message leaves, as fork and execve return before the child runs.
 */
export type Exec = (to: ComponentId, request: unknown) => void;

/** How a component sees one incoming request while it handles it. */
export interface Inbound {
  readonly self: ComponentId;
  readonly from: ComponentId;
  /** The machine the caller runs on (the client of a remote daemon is on `local`). */
  readonly fromHost: MachineName;
  readonly operation: string;
  readonly request: unknown;
  readonly commandId: number | undefined;
  /** Send the response head now and keep the body open (streamed answer). */
  head(status: number | string, summary: string, headers?: Record<string, string>): void;
  /** One body chunk of a streamed answer, recorded as a `stream` message of operation `op`. */
  write(data: unknown, summary: string, op: Op, operation?: string): void;
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
  tls: 0.6,
  ssh: 0.8,
  grpc: 0.2,
  ttrpc: 0.1,
  exec: 2,
  syscall: 0.02,
  stream: 0.1,
  event: 0.1,
  packet: 0.03,
  dbus: 0.3,
};

/**
 * The wire between components. Every request, response, stream chunk and
 * event passes through here and is appended to the one ordered trace.
 *
 * The trace keeps every message unless `keep(limit)` was called (a long-running
 * `npm run daemon`): then the oldest are dropped, a batch at a time, and
 * `trace[i]` is message `firstSeq + i`.
 */
/**
 * When the last message on each link arrives, so that pipes and streams never reorder:
 * a message arrives no earlier than the one before it on the same link. Pipes are kept
 * by both their ends, so forgetting a component (a shim: one per container, thousands on
 * a long-running daemon, on every machine) touches its own links only, never every link
 * of the world.
 */
class LinkClock {
  /** Sender address → receiver address → arrival time of the last message. */
  private readonly out = new Map<string, Map<string, number>>();
  /** Receiver address → the senders that have a link to it. */
  private readonly into = new Map<string, Set<string>>();
  /** A streamed answer's body, by the seq of its request. */
  private readonly streams = new Map<number, number>();

  /** Arrival on the pipe `from` → `to` of a message that would arrive at `earliest`. */
  pipe(from: string, to: string, earliest: number): number {
    let row = this.out.get(from);
    if (!row) this.out.set(from, (row = new Map()));
    const last = row.get(to);
    if (last === undefined) {
      let senders = this.into.get(to);
      if (!senders) this.into.set(to, (senders = new Set()));
      senders.add(from);
    }
    const t = last === undefined || earliest > last ? earliest : last;
    row.set(to, t);
    return t;
  }

  /** Arrival of the next chunk (or the end) of the answer to request `reqSeq`. */
  stream(reqSeq: number, earliest: number): number {
    const last = this.streams.get(reqSeq);
    const t = last === undefined || earliest > last ? earliest : last;
    this.streams.set(reqSeq, t);
    return t;
  }

  endStream(reqSeq: number): void {
    this.streams.delete(reqSeq);
  }

  /** Forget every pipe from or to `address`. */
  forget(address: string): void {
    const row = this.out.get(address);
    if (row) for (const to of row.keys()) this.into.get(to)?.delete(address);
    this.out.delete(address);
    const senders = this.into.get(address);
    if (senders) for (const from of senders) this.out.get(from)?.delete(address);
    this.into.delete(address);
  }
}

/** What every machine's view of the wire shares: the one trace, and who listens where. */
class Wire {
  /** The messages held, oldest first (packed: see traceStore.ts). */
  readonly store = new TraceStore();
  /** The same as an array of messages: `trace[i].seq === firstSeq + i`. */
  readonly trace = traceView(this.store);
  limit = Infinity;
  onDrop: ((firstSeq: number) => void) | undefined;
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Set<(m: Message) => void>();
  readonly receivers = new Map<string, (m: Message) => void>();
  readonly delivered = new Map<string, number>();
  /** Per link, when its last message arrives: pipes and streams never reorder. */
  readonly links = new LinkClock();
  /** One view per machine, made once. */
  readonly views = new Map<MachineName, Network>();
  /** Per machine, what starts a program exec'd by name (its kernel): see Network.onExec. */
  readonly execs = new Map<MachineName, Exec>();
  // ── fault: the faults in force, read as each request arrives (faults.ts) ──
  readonly faults = new FaultTable();

  constructor(
    readonly scheduler: Scheduler,
    readonly rng: Rng,
  ) {}
}

/**
 * A component's address in the world: its id on `local` (`dockerd`), or
 * `<machine>/<id>` on another machine (`node-2/dockerd`), the diagram's node id too.
 */
export function addressOf(machine: MachineName, id: ComponentId): string {
  return machine === LOCAL ? id : `${machine}/${id}`;
}

/**
 * The wire between components, as seen from one machine. Every request,
 * response, stream chunk and event of every machine passes through the one
 * wire and is appended to the one ordered trace; a machine's view addresses
 * components on its own machine by id, and others by `spec.host`.
 *
 * The trace keeps every message unless `keep(limit)` was called (a long-running
 * `npm run daemon`): then the oldest are dropped, a batch at a time, and
 * `trace[i]` is message `firstSeq + i`.
 */
export class Network {
  private readonly w: Wire;
  /** The machine this view speaks for. */
  readonly machine: MachineName;

  constructor(scheduler: Scheduler, rng: Rng);
  constructor(wire: Wire, machine: MachineName);
  constructor(a: Scheduler | Wire, b: Rng | MachineName) {
    if (a instanceof Wire) {
      this.w = a;
      this.machine = b as MachineName;
    } else {
      this.w = new Wire(a, b as Rng);
      this.machine = LOCAL;
    }
    this.w.views.set(this.machine, this);
  }

  /** The same wire as seen from `machine`. */
  on(machine: MachineName): Network {
    return this.w.views.get(machine) ?? new Network(this.w, machine);
  }

  get scheduler(): Scheduler {
    return this.w.scheduler;
  }

  /** @internal Per link, when its last message arrives (for a request's streamed answer). */
  get wireLinks(): LinkClock {
    return this.w.links;
  }

  /** The faults in force on the whole world's wire (one table: see faults.ts). */
  get faults(): FaultTable {
    return this.w.faults;
  }

  /** @internal The handler answering at `address`, if any. */
  handlerAt(address: string): Handler | undefined {
    return this.w.handlers.get(address);
  }

  /** The messages held, oldest first: `trace[i].seq === firstSeq + i`. */
  get trace(): readonly Message[] {
    return this.w.trace;
  }

  /** Answer requests addressed to `id` on this machine. */
  register(id: ComponentId, handler: Handler): void {
    this.w.handlers.set(addressOf(this.machine, id), handler);
  }

  unregister(id: ComponentId): void {
    const address = addressOf(this.machine, id);
    const w = this.w;
    w.handlers.delete(address);
    w.receivers.delete(address);
    // And what the wire kept about it (a shim per container: thousands on a long-running daemon).
    w.delivered.delete(address);
    w.links.forget(address);
  }

  /**
   * How this machine starts a program an `exec` call names when nothing
   * answers at that id yet (containerd running `containerd-shim-runc-v2 start`).
   * Its kernel installs it: a component never starts another one itself.
   */
  onExec(exec: Exec): void {
    this.w.execs.set(this.machine, exec);
  }

  /** Where one-way messages (events, pipe data) addressed to `id` on this machine are delivered. */
  receive(id: ComponentId, receiver: (m: Message) => void): void {
    this.w.receivers.set(addressOf(this.machine, id), receiver);
  }

  /** The seq of the last message that has arrived at `id` on this machine. */
  deliveredTo(id: ComponentId): number {
    return this.w.delivered.get(addressOf(this.machine, id)) ?? 0;
  }

  /** @internal Message `seq` reached `address` (for `deliveredTo`). */
  arrive(address: string, seq: number): void {
    if (seq > (this.w.delivered.get(address) ?? 0)) this.w.delivered.set(address, seq);
  }

  /** Seq of the oldest message held (1 until any is dropped). */
  get firstSeq(): number {
    return this.w.store.firstSeq;
  }

  /** Seq of the newest message (0 before the first): how many were ever recorded. */
  get lastSeq(): number {
    return this.w.store.lastSeq;
  }

  /** Message `seq`, if it is still held (made when read: see traceStore.ts). */
  message(seq: number): Message | undefined {
    return this.w.store.message(seq);
  }

  /** @internal The packed messages (to read a field without making a `Message`, to export). */
  get store(): TraceStore {
    return this.w.store;
  }

  /**
   * Keep about `limit` messages: once a tenth more have come, the oldest are dropped
   * (so dropping costs O(1) per message), and the cut moves on to the next request the
   * client sent, so the oldest exchange kept starts with its request. `onDrop` hears the
   * new first seq (the host history drops what it no longer needs).
   */
  keep(limit: number, onDrop?: (firstSeq: number) => void): void {
    this.w.limit = Math.max(1, Math.floor(limit));
    this.w.onDrop = onDrop;
    this.trim();
  }

  private trim(): void {
    if (this.w.store.trim(this.w.limit)) this.w.onDrop?.(this.firstSeq);
  }

  /** Whether `id` answers requests on this machine. */
  has(id: ComponentId): boolean {
    return this.w.handlers.has(addressOf(this.machine, id));
  }

  /** Talk as `from` outside any request (background work such as handling an exit). */
  as(from: ComponentId, commandId?: number): Caller {
    return {
      call: (spec) => this.call(from, spec, commandId),
      send: (spec) => this.send(from, spec, commandId),
    };
  }

  onMessage(listener: (m: Message) => void): () => void {
    this.w.listeners.add(listener);
    return () => this.w.listeners.delete(listener);
  }

  get now(): number {
    return this.w.scheduler.now;
  }

  /**
   * Send a request from `from` and wait for the reply. The handler of `spec.to`
   * runs as its own task, so a callee may itself call others, sleep, or stream.
   */
  *call<B = unknown>(from: ComponentId, spec: CallSpec, commandId?: number): Task<Reply<B>> {
    const reply = this.request(from, spec, commandId);
    // `wait(reply)` written out: one generator less per call.
    if (!reply.isSettled) yield { kind: 'wait', signal: reply as Signal<unknown> };
    return reply.take() as Reply<B>;
  }

  /** Like `call`, but returns the pending reply so several calls can run at once. */
  request(from: ComponentId, spec: CallSpec, commandId?: number): Signal<Reply> {
    const fromHost = this.machine;
    const toHost = spec.host ?? fromHost;
    if (spec.protocol === 'exec' && !this.w.handlers.has(addressOf(toHost, spec.to)))
      this.w.execs.get(toHost)?.(spec.to, spec.request);
    const latency = spec.latency ?? this.latency(spec.protocol);
    // The answer and the chunks of a streamed answer read their ends, op and subjects from it.
    const link = linkOf(from, fromHost, spec.to, toHost, spec.protocol, 'request', spec.op);
    const reqSeq = this.recorded(
      this.w.store.open(
        this.now,
        link,
        spec.operation,
        spec.subjects || undefined,
        'traced' in spec ? spec.traced : spec.request,
        spec.summary,
        commandId,
      ),
    );
    const back = this.latency(spec.protocol) + (spec.transfer ?? 0);
    const exchange = new Exchange(this, from, spec, commandId, link, reqSeq, back);
    this.scheduler.due(exchange, this.now + latency);
    return exchange.reply;
  }

  /**
   * A one-way message: an event, or data on a pipe. It is recorded now and
   * handed to the receiver of `spec.to` (if any) once it arrives.
   */
  send(from: ComponentId, spec: OneWaySpec, commandId?: number): number {
    const fromHost = this.machine;
    const toHost = spec.host ?? fromHost;
    const seq = this.recorded(
      this.w.store.open(
        this.now,
        linkOf(
          from,
          fromHost,
          spec.to,
          toHost,
          spec.protocol,
          spec.kind ?? (spec.protocol === 'stream' ? 'stream' : 'event'),
          spec.op,
        ),
        spec.operation,
        spec.subjects || undefined,
        spec.request,
        spec.summary,
        commandId,
      ),
    );
    // The receiver reads it as a Message, made when it arrives (most have no receiver); made
    // now when the trace is bounded, as it may be dropped before it arrives.
    const w = this.w;
    const kept = w.limit === Infinity ? undefined : w.store.message(seq);
    const to = addressOf(toHost, spec.to);
    this.scheduler.at(
      this.w.links.pipe(
        addressOf(fromHost, from),
        to,
        this.now + (spec.latency ?? this.latency(spec.protocol)),
      ),
      () => {
        this.arrive(to, seq);
        const receiver = w.receivers.get(to);
        if (receiver) receiver(kept ?? w.store.message(seq)!);
      },
    );
    return seq;
  }

  latency(protocol: Protocol): number {
    const base = BASE_LATENCY[protocol];
    // ±20% seeded jitter, rounded to µs so traces print stably
    return Math.round(base * (0.8 + 0.4 * this.w.rng.next()) * 1000) / 1000;
  }

  /** @internal Message `seq` was just recorded in the store: tell the listeners; its seq. */
  recorded(seq: number): number {
    const w = this.w;
    if (w.listeners.size > 0) {
      const message = w.store.message(seq)!;
      for (const l of w.listeners) l(message);
    }
    if (w.store.length > w.limit) this.trim();
    return seq;
  }
}

/**
 * One request on the wire, from the moment it is sent until its answer (or the end
 * of its streamed body) is back: what the callee's handler sees as its `Inbound`.
 * One object per request, its methods on the prototype: built as closures over the
 * request's locals, every request made some ten functions and their context.
 */
class Exchange implements Inbound, OpenRequest {
  readonly self: ComponentId;
  readonly subjects: Subjects | undefined;
  readonly fromHost: MachineName;
  readonly operation: string;
  readonly request: unknown;
  readonly reply = new Signal<Reply>();
  private readonly toHost: MachineName;
  private headSent = false;
  private stream: Channel<StreamChunk> | undefined;
  /**
   * The exchange is its own entry in the scheduler's queue, twice: for the request's arrival,
   * then for the answer's (it is never due for both at once). `time` and `order` are the
   * scheduler's; `answer` is set once the answer is on its way back.
   */
  time = 0;
  order = 0;
  private answer: Reply | undefined;
  /** The seq of the answer's message. */
  private answerSeq = 0;

  constructor(
    private readonly net: Network,
    readonly from: ComponentId,
    private readonly spec: CallSpec,
    readonly commandId: number | undefined,
    /** Who talks to whom, how, with what op: the request's (its answers read it, swapped). */
    readonly link: Link,
    /** The request's own message: its answer and stream chunks read their ends, op and subjects from it. */
    private readonly reqSeq: number,
    /** Simulated ms for the answer to travel back. */
    private readonly back: number,
  ) {
    this.self = spec.to;
    this.fromHost = net.machine;
    this.toHost = spec.host ?? net.machine;
    this.operation = spec.operation;
    this.request = spec.request;
    this.subjects = spec.subjects || undefined;
  }

  get closed(): boolean {
    return this.stream?.isClosed ?? false;
  }

  /** The request's seq (what the trace's answers to it name). */
  get seq(): number {
    return this.reqSeq;
  }

  head(status: number | string, summary: string, headers?: Record<string, string>): void {
    if (this.headSent) return;
    this.headSent = true;
    const stream = new Channel<StreamChunk>();
    this.stream = stream;
    this.respond({ status, headers, stream, summary }, summary);
  }

  write(data: unknown, summary: string, op: Op, operation?: string): void {
    const stream = this.stream;
    if (!stream || stream.isClosed) return;
    const { net, spec, from, fromHost, reqSeq } = this;
    const seq = net.recorded(
      net.store.stream(net.now, this, op, operation ?? spec.operation, data, summary),
    );
    const caller = addressOf(fromHost, from);
    net.scheduler.at(net.wireLinks.stream(reqSeq, net.now + BASE_LATENCY.stream), () => {
      net.arrive(caller, seq);
      stream.push({ data, seq });
    });
  }

  call<B = unknown>(callSpec: CallSpec): Task<Reply<B>> {
    return this.callee().call(this.spec.to, callSpec, this.commandId);
  }

  send(oneWay: OneWaySpec): number {
    return this.callee().send(this.spec.to, oneWay, this.commandId);
  }

  /** The wire as seen from the callee's machine. */
  private callee(): Network {
    return this.toHost === this.fromHost ? this.net : this.net.on(this.toHost);
  }

  private respond(r: Reply, summary: string): void {
    const net = this.net;
    const seq = net.recorded(
      net.store.respond(net.now, this, r.body, r.headers, r.status, summary),
    );
    this.answer = r;
    this.answerSeq = seq;
    net.scheduler.due(this, net.now + this.back);
  }

  /** @internal The scheduler: the request arrives, or (once answered) its answer does. */
  run(): void {
    const r = this.answer;
    if (r === undefined) {
      this.arrive();
      return;
    }
    this.net.arrive(addressOf(this.fromHost, this.from), this.answerSeq);
    this.reply.resolve(r);
  }

  /** The request reaches its callee: its handler runs, as a task of its own if it is one. */
  private arrive(): void {
    const { net, spec, toHost } = this;
    // ── fault: an injected fault answers at this hop instead of the callee (faults.ts) ──
    const faulted = net.faults.answer({
      to: spec.to,
      toHost,
      fromHost: this.fromHost,
      op: spec.op,
      request: spec.request,
    });
    if (faulted) return this.finish(faulted);
    const handler = net.handlerAt(addressOf(toHost, spec.to));
    if (!handler) {
      this.finish({
        status: 'Unavailable',
        summary: `${addressOf(toHost, spec.to)} is not running`,
      });
      return;
    }
    let out: Task<Reply> | Reply;
    try {
      out = handler(this);
    } catch (error) {
      net.scheduler.faults.push(error);
      this.finish({ status: 500, body: { message: String(error) }, summary: 'internal error' });
      return;
    }
    if (isTask(out)) net.scheduler.spawnInto(out, this);
    else this.finish(out);
  }

  /** @internal The handler's task returned `r`. */
  resolve(r: Reply): void {
    try {
      this.finish(r);
    } catch (error) {
      this.reject(error);
    }
  }

  /** @internal The handler's task threw (the scheduler has kept the fault). */
  reject(error: unknown): void {
    this.finish({ status: 500, body: { message: String(error) }, summary: 'internal error' });
  }

  /** The handler is done: the answer goes back, or a streamed body ends. */
  private finish(r: Reply): void {
    if (this.headSent) {
      const { net, reqSeq } = this;
      const s = this.stream;
      net.scheduler.at(net.wireLinks.stream(reqSeq, net.now + BASE_LATENCY.stream), () => {
        s?.close();
        // Nothing travels on a closed stream: forget its link (one per streamed answer).
        net.wireLinks.endStream(reqSeq);
      });
    } else {
      this.headSent = true;
      this.respond(r, r.summary ?? defaultSummary(this.spec, r));
    }
  }
}

function isTask(x: unknown): x is Task<Reply> {
  return typeof x === 'object' && x !== null && typeof (x as Task<Reply>).next === 'function';
}

function defaultSummary(spec: CallSpec, r: Reply): string {
  return `${spec.to} answers ${String(r.status)}`;
}
