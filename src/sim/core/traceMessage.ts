import type {
  ComponentId,
  MachineName,
  Message,
  MessageKind,
  Op,
  Protocol,
  Subjects,
} from './types';
import { sharedText as intern } from '../trace/shared';

/**
 * How the wire records messages: compact objects that read as `Message`s.
 *
 * A long session holds hundreds of thousands of messages, so their size is the
 * engine's memory. Without pointer compression (Node's default) every field is
 * 8 bytes, and a number that is not a small integer is a box of its own (16
 * bytes more). So a message keeps only what is its own, and reads the rest
 * through getters:
 * - who talks to whom, how and with what operation is a `Link`, one object for
 *   all the messages that have the same (most of them: dockerd asks containerd
 *   the same things for every container);
 * - an answer, or a chunk of a streamed answer, keeps its request and reads its
 *   two ends, operation, subjects and command from it;
 * - the kind of a message is its class (and its link's);
 * - texts repeat, and are kept once.
 *
 * `toJSON` gives the fields in the order a trace has always had (seq, time,
 * from, fromHost, to, toHost, protocol, kind, operation, op, subjects, request,
 * response, responseHeaders, status, replyTo, summary, commandId), absent ones
 * left out, so `JSON.stringify` of a trace is byte for byte what it was.
 */

/** Who sends to whom, how, with what operation: shared by every message that has the same. */
export class Link {
  constructor(
    readonly from: ComponentId,
    readonly fromHost: MachineName,
    readonly to: ComponentId,
    readonly toHost: MachineName,
    readonly protocol: Protocol,
    /** `request` for a call, `stream` or `event` for a one-way message. */
    readonly kind: MessageKind,
    readonly op: Op,
  ) {}
}

/*
 * The links made so far, by op, sender and receiver (strings the engine already holds:
 * no key is built per message). Bounded: links naming one container (its shim, its
 * process) stop being used when it goes, so when full the table starts again, which
 * only costs another copy of a link still in use.
 */
const LINKS = new Map<string, Map<string, Map<string, Link[]>>>();
const MAX_LINKS = 4096;
let links = 0;

function linkOf(
  from: ComponentId,
  fromHost: MachineName,
  to: ComponentId,
  toHost: MachineName,
  protocol: Protocol,
  kind: MessageKind,
  op: Op,
): Link {
  let byFrom = LINKS.get(op);
  if (!byFrom) LINKS.set(op, (byFrom = new Map()));
  let byTo = byFrom.get(from);
  if (!byTo) byFrom.set(from, (byTo = new Map()));
  let list = byTo.get(to);
  if (!list) byTo.set(to, (list = []));
  for (const l of list)
    if (
      l.fromHost === fromHost &&
      l.toHost === toHost &&
      l.protocol === protocol &&
      l.kind === kind
    )
      return l;
  if (links >= MAX_LINKS) {
    LINKS.clear();
    links = 0;
    return linkOf(from, fromHost, to, toHost, protocol, kind, op);
  }
  const link = new Link(
    intern(from) as ComponentId,
    fromHost,
    intern(to) as ComponentId,
    toHost,
    protocol,
    kind,
    op,
  );
  list.push(link);
  links++;
  return link;
}

/*
 * A simulated time is a double with no round value (sums of jittered latencies), so a
 * field holding it would point to a 16-byte box. Its 64 bits are kept instead as two
 * 32-bit integers, which sit in the object's own fields.
 */
const TIME = new Float64Array(1);
const WORDS = new Int32Array(TIME.buffer);

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

/**
 * A message that opens something: a request (a call's answer and stream chunks keep it),
 * or a one-way message (an event, data on a pipe).
 */
export class OpeningMessage extends Recorded {
  private readonly link: Link;
  readonly operation: string;
  readonly subjects: Subjects | undefined;
  readonly commandId: number | undefined;
  readonly #request: unknown;

  constructor(
    seq: number,
    time: number,
    from: ComponentId,
    fromHost: MachineName,
    to: ComponentId,
    toHost: MachineName,
    protocol: Protocol,
    kind: MessageKind,
    operation: string,
    op: Op,
    subjects: Subjects | undefined,
    request: unknown,
    summary: string,
    commandId: number | undefined,
  ) {
    super(seq, time, summary);
    this.link = linkOf(from, fromHost, to, toHost, protocol, kind, op);
    this.operation = intern(operation);
    this.subjects = subjects;
    this.commandId = commandId;
    this.#request = request;
  }
  get from(): ComponentId {
    return this.link.from;
  }
  get fromHost(): MachineName {
    return this.link.fromHost;
  }
  get to(): ComponentId {
    return this.link.to;
  }
  get toHost(): MachineName {
    return this.link.toHost;
  }
  get protocol(): Protocol {
    return this.link.protocol;
  }
  get kind(): MessageKind {
    return this.link.kind;
  }
  get op(): Op {
    return this.link.op;
  }
  override get request(): unknown {
    return this.#request;
  }
}

/** Something the callee sends back on a request: the two ends are the request's, swapped. */
abstract class Back extends Recorded {
  constructor(
    seq: number,
    time: number,
    protected readonly req: OpeningMessage,
    summary: string,
  ) {
    super(seq, time, summary);
  }
  get from(): ComponentId {
    return this.req.to;
  }
  get fromHost(): MachineName {
    return this.req.toHost;
  }
  get to(): ComponentId {
    return this.req.from;
  }
  get toHost(): MachineName {
    return this.req.fromHost;
  }
  get subjects(): Subjects | undefined {
    return this.req.subjects;
  }
  get commandId(): number | undefined {
    return this.req.commandId;
  }
}

/** Response headers and the status they came with (few answers carry headers). */
class WithHeaders {
  constructor(
    readonly status: number | string,
    readonly headers: Record<string, string>,
  ) {}
}

/** The callee's answer (the head of a streamed one). */
export class ResponseMessage extends Back {
  readonly #response: unknown;
  /** The status, or the status with the headers when there are any. */
  readonly #status: number | string | WithHeaders;

  constructor(
    seq: number,
    time: number,
    req: OpeningMessage,
    response: unknown,
    headers: Record<string, string> | undefined,
    status: number | string,
    summary: string,
  ) {
    super(seq, time, req, summary);
    this.#response = response;
    this.#status = headers === undefined ? status : new WithHeaders(status, headers);
  }
  get protocol(): Protocol {
    return this.req.protocol;
  }
  get kind(): MessageKind {
    return 'response';
  }
  get operation(): string {
    return this.req.operation;
  }
  get op(): Op {
    return this.req.op;
  }
  override get response(): unknown {
    return this.#response;
  }
  override get responseHeaders(): Record<string, string> | undefined {
    const s = this.#status;
    return s instanceof WithHeaders ? s.headers : undefined;
  }
  override get status(): number | string {
    const s = this.#status;
    return s instanceof WithHeaders ? s.status : s;
  }
  override get replyTo(): number {
    return this.req.seq;
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
    req: OpeningMessage,
    op: Op,
    operation: string,
    data: unknown,
    summary: string,
  ) {
    super(seq, time, req, summary);
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
  get op(): Op {
    return this.#op;
  }
  get operation(): string {
    return this.#operation;
  }
  override get request(): unknown {
    return this.#data;
  }
}

export type TraceMessage = OpeningMessage | ResponseMessage | StreamMessage;
