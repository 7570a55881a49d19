import type {
  ComponentId,
  MachineName,
  Message,
  MessageKind,
  Op,
  Protocol,
  Subjects,
} from './types';

/**
 * How the wire records messages: compact objects that read as `Message`s.
 *
 * A long session holds hundreds of thousands of messages, so their size is the
 * engine's memory. Without pointer compression (Node's default) every field is
 * 8 bytes, and a number that is not a small integer is a box of its own (16
 * bytes more). So a message keeps only what is its own: its seq, its time, its
 * content and its summary. What a request, its response and the chunks of a
 * streamed answer have in common (the two ends, their machines, the protocol,
 * the operation, the subjects, the command) is one `Call` they share, and the
 * kind of a message is its class. Everything else is a getter over those.
 *
 * `toJSON` gives the fields in the order a trace has always had (seq, time,
 * from, fromHost, to, toHost, protocol, kind, operation, op, subjects, request,
 * response, responseHeaders, status, replyTo, summary, commandId), absent ones
 * left out, so `JSON.stringify` of a trace is byte for byte what it was.
 */

/** What every message of one request-response exchange shares. */
export class Call {
  /** The seq of the request (set when it is recorded): its response's `replyTo`. */
  seq = 0;
  /** The wire form (`POST /v1.50/containers/create?name=web`), one copy per text. */
  readonly operation: string;

  constructor(
    /** The caller. */
    readonly from: ComponentId,
    readonly fromHost: MachineName,
    /** The callee. */
    readonly to: ComponentId,
    readonly toHost: MachineName,
    readonly protocol: Protocol,
    operation: string,
    readonly op: Op,
    readonly subjects: Subjects | undefined,
    readonly commandId: number | undefined,
  ) {
    this.operation = intern(operation);
  }
}

/*
 * A simulated time is a double with no round value (sums of jittered latencies), so a
 * field holding it would point to a 16-byte box. Its 64 bits are kept instead as two
 * 32-bit integers, which sit in the object's own fields.
 */
const TIME = new Float64Array(1);
const WORDS = new Int32Array(TIME.buffer);

/**
 * One string per text. Summaries and wire forms are mostly built with template
 * literals at each send, from few values (`the container writes to ${stream}; …`):
 * each was a fresh chain of concatenation nodes, 32 bytes a node. Looking a text up
 * here flattens it, and a text seen before is kept as the one copy. The table is
 * bounded (texts naming one container do not repeat for long): when full it starts
 * again, which only costs a second copy of a text still in use.
 */
const STRINGS = new Map<string, string>();
const MAX_STRINGS = 4096;

function intern(s: string): string {
  let t = STRINGS.get(s);
  if (t === undefined) {
    if (STRINGS.size >= MAX_STRINGS) STRINGS.clear();
    STRINGS.set(s, s);
    t = s;
  }
  return t;
}

/** What every recorded message has of its own, and the `Message` view over it. */
abstract class Recorded implements Message {
  readonly seq: number;
  private readonly t0: number;
  private readonly t1: number;
  readonly summary: string;

  constructor(seq: number, time: number, summary: string) {
    this.seq = seq;
    TIME[0] = time;
    this.t0 = WORDS[0]!;
    this.t1 = WORDS[1]!;
    this.summary = intern(summary);
  }

  get time(): number {
    WORDS[0] = this.t0;
    WORDS[1] = this.t1;
    return TIME[0]!;
  }

  abstract readonly from: ComponentId;
  abstract readonly fromHost: MachineName;
  abstract readonly to: ComponentId;
  abstract readonly toHost: MachineName;
  abstract readonly protocol: Protocol;
  abstract readonly kind: MessageKind;
  abstract readonly operation: string;
  abstract readonly op: Op;
  abstract readonly subjects: Subjects | undefined;
  abstract readonly commandId: number | undefined;

  get request(): unknown {
    return undefined;
  }
  get response(): unknown {
    return undefined;
  }
  get responseHeaders(): Record<string, string> | undefined {
    return undefined;
  }
  get status(): number | string | undefined {
    return undefined;
  }
  get replyTo(): number | undefined {
    return undefined;
  }

  /** The message as a plain object, keys in the trace's order, absent ones left out. */
  toJSON(): Message {
    const out: Record<string, unknown> = {};
    const put = (key: string, value: unknown): void => {
      if (value !== undefined) out[key] = value;
    };
    put('seq', this.seq);
    put('time', this.time);
    put('from', this.from);
    put('fromHost', this.fromHost);
    put('to', this.to);
    put('toHost', this.toHost);
    put('protocol', this.protocol);
    put('kind', this.kind);
    put('operation', this.operation);
    put('op', this.op);
    put('subjects', this.subjects);
    put('request', this.request);
    put('response', this.response);
    put('responseHeaders', this.responseHeaders);
    put('status', this.status);
    put('replyTo', this.replyTo);
    put('summary', this.summary);
    put('commandId', this.commandId);
    return out as unknown as Message;
  }
}

/** A message of a call: the two ends, the operation and the rest are the call's. */
abstract class OfCall extends Recorded {
  constructor(
    seq: number,
    time: number,
    protected readonly call: Call,
    summary: string,
  ) {
    super(seq, time, summary);
  }
  get operation(): string {
    return this.call.operation;
  }
  get op(): Op {
    return this.call.op;
  }
  get subjects(): Subjects | undefined {
    return this.call.subjects;
  }
  get commandId(): number | undefined {
    return this.call.commandId;
  }
}

/** The caller's request. */
export class RequestMessage extends OfCall {
  readonly #request: unknown;

  constructor(seq: number, time: number, call: Call, request: unknown, summary: string) {
    super(seq, time, call, summary);
    call.seq = seq;
    this.#request = request;
  }
  get from(): ComponentId {
    return this.call.from;
  }
  get fromHost(): MachineName {
    return this.call.fromHost;
  }
  get to(): ComponentId {
    return this.call.to;
  }
  get toHost(): MachineName {
    return this.call.toHost;
  }
  get protocol(): Protocol {
    return this.call.protocol;
  }
  get kind(): MessageKind {
    return 'request';
  }
  override get request(): unknown {
    return this.#request;
  }
}

/** Something the callee sends back: its answer, or a chunk of a streamed answer. */
abstract class Back extends OfCall {
  get from(): ComponentId {
    return this.call.to;
  }
  get fromHost(): MachineName {
    return this.call.toHost;
  }
  get to(): ComponentId {
    return this.call.from;
  }
  get toHost(): MachineName {
    return this.call.fromHost;
  }
}

/** The callee's answer (the head of a streamed one). */
export class ResponseMessage extends Back {
  readonly #response: unknown;
  readonly #headers: Record<string, string> | undefined;
  readonly #status: number | string;

  constructor(
    seq: number,
    time: number,
    call: Call,
    response: unknown,
    headers: Record<string, string> | undefined,
    status: number | string,
    summary: string,
  ) {
    super(seq, time, call, summary);
    this.#response = response;
    this.#headers = headers;
    this.#status = status;
  }
  get protocol(): Protocol {
    return this.call.protocol;
  }
  get kind(): MessageKind {
    return 'response';
  }
  override get response(): unknown {
    return this.#response;
  }
  override get responseHeaders(): Record<string, string> | undefined {
    return this.#headers;
  }
  override get status(): number | string {
    return this.#status;
  }
  override get replyTo(): number {
    return this.call.seq;
  }
}

/** A chunk of a streamed answer, with an operation of its own. */
export class StreamMessage extends Back {
  readonly #op: Op;
  readonly #operation: string;
  readonly #data: unknown;

  constructor(
    seq: number,
    time: number,
    call: Call,
    op: Op,
    operation: string,
    data: unknown,
    summary: string,
  ) {
    super(seq, time, call, summary);
    this.#op = op;
    this.#operation = intern(operation);
    this.#data = data;
  }
  get protocol(): Protocol {
    return 'stream';
  }
  get kind(): MessageKind {
    return 'stream';
  }
  override get op(): Op {
    return this.#op;
  }
  override get operation(): string {
    return this.#operation;
  }
  override get request(): unknown {
    return this.#data;
  }
}

/** A one-way message (an event, data on a pipe): all its own. */
export class OneWayMessage extends Recorded {
  constructor(
    seq: number,
    time: number,
    readonly from: ComponentId,
    readonly fromHost: MachineName,
    readonly to: ComponentId,
    readonly toHost: MachineName,
    readonly protocol: Protocol,
    readonly kind: MessageKind,
    operation: string,
    readonly op: Op,
    readonly subjects: Subjects | undefined,
    private readonly data: unknown,
    summary: string,
    readonly commandId: number | undefined,
  ) {
    super(seq, time, summary);
    this.operation = intern(operation);
  }
  readonly operation: string;
  override get request(): unknown {
    return this.data;
  }
}

export type TraceMessage = RequestMessage | ResponseMessage | StreamMessage | OneWayMessage;
