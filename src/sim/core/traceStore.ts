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
 * How the wire keeps its messages: packed in columns, not one object per message.
 *
 * A long session holds hundreds of thousands of messages, so their size is the
 * engine's memory. An object per message cost some 90 bytes before its content (a
 * header, a field per value, a slot in the trace's array). Here a message is a row
 * of a chunk of columns: its time, command and reference in typed arrays (the time
 * as the same 64 bits, no box), its texts and bodies in four plain arrays whose
 * meaning depends on the row's shape:
 *
 * | shape    | ref            | a                          | b        | c        | d       |
 * |----------|----------------|----------------------------|----------|----------|---------|
 * | opening  | its link's id  | operation                  | request  | subjects | summary |
 * | response | request's seq  | status (or WithHeaders)    | response |          | summary |
 * | stream   | request's seq  | operation                  | data     | op       | summary |
 *
 * Who talks to whom, how and with what operation is a `Link`, one for all the messages
 * that have the same; an answer, or a chunk of a streamed answer, reads its two ends,
 * operation and subjects from its request. A `Message` is made when one is read
 * (`message(seq)`): a plain object with the keys in the order a trace has always had,
 * absent ones left out, so `JSON.stringify` of it is byte for byte what it was. Two reads
 * of one message give two equal objects, not the same one: nothing keeps the objects.
 *
 * The page's mirror of an engine in a Web Worker keeps the same store, filled from
 * `exportRange` (typed arrays travel as transferred buffers).
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

  /**
   * Its id in the store that last recorded it, by that store's serial number (not the store
   * itself, which the table of links would then keep alive).
   */
  store = 0;
  id = 0;
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

export function linkOf(
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

/** Response headers and the status they came with (few answers carry headers). */
export class WithHeaders {
  constructor(
    readonly status: number | string,
    readonly headers: Record<string, string>,
  ) {}
}

const OPENING = 0;
const RESPONSE = 1;
const STREAM = 2;

/** No command: background work (a container exiting, an event). Command ids start at 1. */
const NONE = -1;

const BITS = 10;
/**
 * Messages per chunk. A chunk is allocated whole (some 50 KB), so only the newest has room
 * to spare, and a short session (the page's) allocates little ahead.
 */
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

class Chunk {
  readonly time = new Float64Array(SIZE);
  readonly command = new Int32Array(SIZE);
  readonly ref = new Int32Array(SIZE);
  readonly shape = new Uint8Array(SIZE);
  readonly a: unknown[] = new Array<unknown>(SIZE);
  readonly b: unknown[] = new Array<unknown>(SIZE);
  readonly c: unknown[] = new Array<unknown>(SIZE);
  readonly d: string[] = new Array<string>(SIZE);
}

/** What an answer reads from its request, kept once the request itself was dropped. */
interface Pin {
  readonly link: Link;
  readonly operation: string;
  readonly subjects: Subjects | undefined;
}

/** A request whose exchange is still open, as its answers are recorded (the wire's Exchange). */
export interface OpenRequest extends Pin {
  readonly seq: number;
  readonly commandId: number | undefined;
}

/**
 * Messages `first`… as data a structured clone carries (a Worker's postMessage): the
 * numeric columns as typed arrays (to transfer), the rest as arrays, and the links
 * made since `linksFrom`.
 */
export interface PackedMessages {
  first: number;
  time: Float64Array;
  command: Int32Array;
  ref: Int32Array;
  shape: Uint8Array;
  a: unknown[];
  b: unknown[];
  c: unknown[];
  d: string[];
  linksFrom: number;
  links: LinkData[];
}

/** A link's fields, as plain data. */
export type LinkData = Pick<
  Link,
  'from' | 'fromHost' | 'to' | 'toHost' | 'protocol' | 'kind' | 'op'
>;

/** Stores made so far. */
let stores = 0;

export class TraceStore {
  /** Chunk k holds seqs k*SIZE+1 … (k+1)*SIZE; chunks wholly dropped are gone. */
  private readonly chunks: Array<Chunk | undefined> = [];
  /** Messages dropped from the front so far. */
  private dropped = 0;
  /** Messages ever recorded: the newest one's seq. */
  private total = 0;
  /** Every link the messages name, by id (a link notes its id: see `Link.store`). */
  private readonly linkList: Link[] = [];
  /** Requests dropped whose answers (a long stream) are still held. */
  private pins = new Map<number, Pin>();
  /** This store's number, for the links it recorded to note (from 1). */
  private readonly serial = ++stores;

  /** How many messages are held. */
  get length(): number {
    return this.total - this.dropped;
  }

  /** Seq of the oldest message held (1 until any is dropped). */
  get firstSeq(): number {
    return this.dropped + 1;
  }

  /** Seq of the newest message (0 before the first). */
  get lastSeq(): number {
    return this.total;
  }

  // ---- recording ----

  /** Write one message's columns; its seq. (No object per row: this runs for every message.) */
  private put(
    time: number,
    command: number,
    ref: number,
    shape: number,
    a: unknown,
    b: unknown,
    c: unknown,
    d: string,
  ): number {
    const g = this.total++;
    const k = g >>> BITS;
    const chunk = this.chunks[k] ?? (this.chunks[k] = new Chunk());
    const i = g & MASK;
    chunk.time[i] = time;
    chunk.command[i] = command;
    chunk.ref[i] = ref;
    chunk.shape[i] = shape;
    chunk.a[i] = a;
    chunk.b[i] = b;
    chunk.c[i] = c;
    chunk.d[i] = d;
    return g + 1;
  }

  /** A request or a one-way message (an event, data on a pipe); its seq. */
  open(
    time: number,
    link: Link,
    operation: string,
    subjects: Subjects | undefined,
    request: unknown,
    summary: string,
    commandId: number | undefined,
  ): number {
    let id: number;
    if (link.store === this.serial) id = link.id;
    else {
      // New here, or last recorded by another store (another engine in this process): listed
      // again, which costs a slot, where a table of every link's id would cost an entry each.
      id = this.linkList.length;
      this.linkList.push(link);
      link.store = this.serial;
      link.id = id;
    }
    return this.put(
      time,
      commandId ?? NONE,
      id,
      OPENING,
      intern(operation),
      request,
      subjects,
      intern(summary),
    );
  }

  /** The answer to request `req` (the head of a streamed one); its seq. */
  respond(
    time: number,
    req: OpenRequest,
    response: unknown,
    headers: Record<string, string> | undefined,
    status: number | string,
    summary: string,
  ): number {
    this.pinIfDropped(req);
    return this.put(
      time,
      req.commandId ?? NONE,
      req.seq,
      RESPONSE,
      headers === undefined ? status : new WithHeaders(status, headers),
      response,
      undefined,
      intern(summary),
    );
  }

  /** A chunk of the streamed answer to request `req`, with an operation of its own; its seq. */
  stream(
    time: number,
    req: OpenRequest,
    op: Op,
    operation: string,
    data: unknown,
    summary: string,
  ): number {
    this.pinIfDropped(req);
    return this.put(
      time,
      req.commandId ?? NONE,
      req.seq,
      STREAM,
      intern(operation),
      data,
      op,
      intern(summary),
    );
  }

  /** An answer to a request already dropped (a long stream): keep what it reads of it. */
  private pinIfDropped(req: OpenRequest): void {
    if (req.seq > this.dropped || this.pins.has(req.seq)) return;
    this.pins.set(req.seq, {
      link: req.link,
      operation: intern(req.operation),
      subjects: req.subjects,
    });
  }

  // ---- reading ----

  /** The chunk and row of message `seq`, if it is held. */
  private at(seq: number): Chunk | undefined {
    if (seq <= this.dropped || seq > this.total) return undefined;
    return this.chunks[(seq - 1) >>> BITS];
  }

  private commandOf(seq: number): number {
    const chunk = this.at(seq);
    return chunk ? chunk.command[(seq - 1) & MASK]! : NONE;
  }

  /** The command behind message `seq` (undefined: none, or not held). */
  commandIdOf(seq: number): number | undefined {
    const c = this.commandOf(seq);
    return c === NONE ? undefined : c;
  }

  /** The simulated time message `seq` was sent at (0 when not held). */
  timeOf(seq: number): number {
    const chunk = this.at(seq);
    return chunk ? chunk.time[(seq - 1) & MASK]! : 0;
  }

  /** What an answer reads from request `reqSeq`: the request itself, or its pin once dropped. */
  private request(reqSeq: number): Pin | undefined {
    const chunk = this.at(reqSeq);
    if (!chunk) return this.pins.get(reqSeq);
    const i = (reqSeq - 1) & MASK;
    return {
      link: this.linkList[chunk.ref[i]!]!,
      operation: chunk.a[i] as string,
      subjects: chunk.c[i] as Subjects | undefined,
    };
  }

  /** Whether message `seq` is a request the client sent (a trim cuts before one). */
  private clientRequest(seq: number): boolean {
    const chunk = this.at(seq)!;
    const i = (seq - 1) & MASK;
    if (chunk.shape[i] !== OPENING) return false;
    const link = this.linkList[chunk.ref[i]!]!;
    return link.kind === 'request' && link.from === 'client';
  }

  /**
   * Message `seq` as a plain `Message`, if it is held. Every message is made with the same
   * keys in the same order (one object shape, quick to make and to read), an absent field
   * being `undefined`: `JSON.stringify` leaves those out, as the trace always has.
   */
  message(seq: number): Message | undefined {
    const chunk = this.at(seq);
    if (!chunk) return undefined;
    const i = (seq - 1) & MASK;
    const shape = chunk.shape[i];
    const command = chunk.command[i]!;
    const commandId = command === NONE ? undefined : command;
    let m: Message;
    if (shape === OPENING) {
      const l = this.linkList[chunk.ref[i]!]!;
      m = {
        seq,
        time: chunk.time[i]!,
        from: l.from,
        fromHost: l.fromHost,
        to: l.to,
        toHost: l.toHost,
        protocol: l.protocol,
        kind: l.kind,
        operation: chunk.a[i] as string,
        op: l.op,
        subjects: chunk.c[i] as Subjects | undefined,
        request: chunk.b[i],
        response: undefined,
        responseHeaders: undefined,
        status: undefined,
        replyTo: undefined,
        summary: chunk.d[i]!,
        commandId,
      };
    } else {
      // What an answer reads of its request: the request's row, or its pin once dropped.
      const reqSeq = chunk.ref[i]!;
      const reqChunk = this.at(reqSeq);
      const r = (reqSeq - 1) & MASK;
      const pin = reqChunk ? undefined : this.pins.get(reqSeq)!;
      const l = reqChunk ? this.linkList[reqChunk.ref[r]!]! : pin!.link;
      const subjects = reqChunk ? (reqChunk.c[r] as Subjects | undefined) : pin!.subjects;
      if (shape === RESPONSE) {
        const s = chunk.a[i];
        const headers = s instanceof WithHeaders;
        m = {
          seq,
          time: chunk.time[i]!,
          from: l.to,
          fromHost: l.toHost,
          to: l.from,
          toHost: l.fromHost,
          protocol: l.protocol,
          kind: 'response',
          operation: reqChunk ? (reqChunk.a[r] as string) : pin!.operation,
          op: l.op,
          subjects,
          request: undefined,
          response: chunk.b[i],
          responseHeaders: headers ? s.headers : undefined,
          status: headers ? s.status : (s as number | string | undefined),
          replyTo: reqSeq,
          summary: chunk.d[i]!,
          commandId,
        };
      } else {
        m = {
          seq,
          time: chunk.time[i]!,
          from: l.to,
          fromHost: l.toHost,
          to: l.from,
          toHost: l.fromHost,
          protocol: 'stream',
          kind: 'stream',
          operation: chunk.a[i] as string,
          op: chunk.c[i] as Op,
          subjects,
          request: chunk.b[i],
          response: undefined,
          responseHeaders: undefined,
          status: undefined,
          replyTo: undefined,
          summary: chunk.d[i]!,
          commandId,
        };
      }
    }
    return m;
  }

  // ---- dropping the oldest ----

  /**
   * Keep about `limit` messages: once a tenth more have come, the oldest are dropped (so
   * dropping costs O(1) per message), and the cut moves on to the next request the client
   * sent, so the oldest exchange kept starts with its request. True when any were dropped.
   */
  trim(limit: number): boolean {
    const slack = Math.max(1, Math.floor(limit / 10));
    if (this.length <= limit + slack) return false;
    let cut = this.total - limit + 1;
    const last = Math.min(this.total, cut + slack);
    while (cut < last && !this.clientRequest(cut)) cut++;
    this.dropTo(cut);
    return true;
  }

  /** Drop every message before `seq`. */
  private dropTo(seq: number): void {
    // Answers still held whose request goes: pin what they read of it.
    const pins = new Map<number, Pin>();
    for (let s = seq; s <= this.total; s++) {
      const chunk = this.chunks[(s - 1) >>> BITS]!;
      const i = (s - 1) & MASK;
      if (chunk.shape[i] === OPENING) continue;
      const reqSeq = chunk.ref[i]!;
      if (reqSeq >= seq || pins.has(reqSeq)) continue;
      const req = this.request(reqSeq);
      if (req) pins.set(reqSeq, req);
    }
    this.pins = pins;
    for (let k = this.dropped >>> BITS; k < (seq - 1) >>> BITS; k++) this.chunks[k] = undefined;
    // In the chunk the cut falls in, let go of what the dropped rows held.
    const chunk = this.chunks[(seq - 1) >>> BITS];
    if (chunk)
      for (let i = Math.max(this.dropped, ((seq - 1) >>> BITS) << BITS); i < seq - 1; i++) {
        const r = i & MASK;
        chunk.a[r] = chunk.b[r] = chunk.c[r] = undefined;
        chunk.d[r] = '';
      }
    this.dropped = seq - 1;
  }

  // ---- across a Worker's boundary ----

  /** How many links the messages have named so far (the next one's id). */
  get linkCount(): number {
    return this.linkList.length;
  }

  /**
   * Messages `first`…`lastSeq` (all held), and the links made since link `linksFrom`,
   * as plain data for another store's `append` (the page's mirror of a worker's engine).
   */
  exportFrom(first: number, linksFrom: number): PackedMessages {
    const n = this.total - first + 1;
    const out: PackedMessages = {
      first,
      time: new Float64Array(n),
      command: new Int32Array(n),
      ref: new Int32Array(n),
      shape: new Uint8Array(n),
      a: new Array<unknown>(n),
      b: new Array<unknown>(n),
      c: new Array<unknown>(n),
      d: new Array<string>(n),
      linksFrom,
      // Only the fields: a link also notes the store that recorded it, which must not travel.
      links: this.linkList
        .slice(linksFrom)
        .map(({ from, fromHost, to, toHost, protocol, kind, op }) => ({
          from,
          fromHost,
          to,
          toHost,
          protocol,
          kind,
          op,
        })),
    };
    for (let j = 0; j < n; j++) {
      const s = first + j;
      const chunk = this.at(s);
      if (!chunk) throw new Error(`message ${s} is no longer held`);
      const i = (s - 1) & MASK;
      out.time[j] = chunk.time[i]!;
      out.command[j] = chunk.command[i]!;
      out.ref[j] = chunk.ref[i]!;
      out.shape[j] = chunk.shape[i]!;
      const a = chunk.a[i];
      // A class does not survive a structured clone: headers cross as a plain pair.
      out.a[j] = a instanceof WithHeaders ? { status: a.status, headers: a.headers } : a;
      out.b[j] = chunk.b[i];
      out.c[j] = chunk.c[i];
      out.d[j] = chunk.d[i]!;
    }
    return out;
  }

  /** Take in what another store's `exportFrom` gave: the messages right after the newest held. */
  append(p: PackedMessages): void {
    if (p.first !== this.total + 1)
      throw new Error(`trace store: message ${p.first} after ${this.total}`);
    if (p.linksFrom !== this.linkList.length)
      throw new Error(`trace store: link ${p.linksFrom} after ${this.linkList.length}`);
    // Objects of their own, never stamped with this store: `open` would list them again.
    for (const l of p.links)
      this.linkList.push(new Link(l.from, l.fromHost, l.to, l.toHost, l.protocol, l.kind, l.op));
    for (let j = 0; j < p.time.length; j++) {
      const shape = p.shape[j]!;
      const a = p.a[j];
      this.put(
        p.time[j]!,
        p.command[j]!,
        p.ref[j]!,
        shape,
        shape === RESPONSE && typeof a === 'object' && a !== null
          ? new WithHeaders((a as WithHeaders).status, (a as WithHeaders).headers)
          : a,
        p.b[j],
        p.c[j],
        p.d[j]!,
      );
    }
  }
}

/**
 * The store as a read-only array of `Message`s (`trace[i]`, `.length`, iteration, the
 * array methods): `trace[i]` is message `firstSeq + i`, made when read. Array methods are
 * generic, so they work through the proxy as on the array it stands for.
 */
export function traceView(store: TraceStore): readonly Message[] {
  const index = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(key);
    return Number.isInteger(i) && String(i) === key ? i : -1;
  };
  // The loops the page and the tests run most, over the store itself: through the proxy,
  // each element read is a trap with its index turned into a string.
  type Visit<T> = (m: Message, i: number, array: readonly Message[]) => T;
  const each = (visit: (m: Message, i: number) => boolean | void): void => {
    for (let i = 0; i < store.length; i++)
      if (visit(store.message(store.firstSeq + i)!, i) === true) return;
  };
  const direct: Partial<Record<string | symbol, unknown>> = {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next: (): IteratorResult<Message> =>
          i < store.length
            ? { value: store.message(store.firstSeq + i++)!, done: false }
            : { value: undefined, done: true },
        [Symbol.iterator]() {
          return this;
        },
      };
    },
    forEach(visit: Visit<void>, self?: unknown) {
      each((m, i) => void visit.call(self, m, i, view));
    },
    filter(keep: Visit<unknown>, self?: unknown) {
      const out: Message[] = [];
      each((m, i) => void (keep.call(self, m, i, view) && out.push(m)));
      return out;
    },
    map(f: Visit<unknown>, self?: unknown) {
      const out: unknown[] = [];
      each((m, i) => void out.push(f.call(self, m, i, view)));
      return out;
    },
    some(test: Visit<unknown>, self?: unknown) {
      let found = false;
      each((m, i) => (found = Boolean(test.call(self, m, i, view))));
      return found;
    },
    find(test: Visit<unknown>, self?: unknown) {
      let found: Message | undefined;
      each((m, i) => {
        if (!test.call(self, m, i, view)) return false;
        found = m;
        return true;
      });
      return found;
    },
  };
  const view: readonly Message[] = new Proxy([] as Message[], {
    get(target, key, receiver) {
      if (key === 'length') return store.length;
      const i = index(key);
      if (i >= 0) return store.message(store.firstSeq + i);
      if (Object.hasOwn(direct, key)) return direct[key];
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      const i = index(key);
      if (i >= 0) return i < store.length;
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === 'length')
        return { value: store.length, writable: true, enumerable: false, configurable: false };
      const i = index(key);
      if (i >= 0)
        return i < store.length
          ? {
              value: store.message(store.firstSeq + i),
              writable: false,
              enumerable: true,
              configurable: true,
            }
          : undefined;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys() {
      const keys: string[] = [];
      for (let i = 0; i < store.length; i++) keys.push(String(i));
      keys.push('length');
      return keys;
    },
    set() {
      return false;
    },
    defineProperty() {
      return false;
    },
    deleteProperty() {
      return false;
    },
  });
  return view;
}
