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
 * How the wire records one message: a `Message` with every field its own, in
 * one fixed order.
 *
 * A long session holds hundreds of thousands of these, so their size is the
 * engine's memory. Built as an object literal and spread, with absent fields
 * deleted, each message had its own dictionary of properties (about 230 bytes
 * before any content); a class gives every message the same hidden class,
 * one slot per field (about 80 bytes). An absent field holds `undefined`:
 * `JSON.stringify` skips it, and the declaration order is the key order the
 * literal had (request, response, headers, status, replyTo, summary,
 * commandId), so the JSON of a trace is byte for byte what it was.
 */
export class TraceMessage implements Message {
  seq: number;
  time: number;
  from: ComponentId;
  fromHost: MachineName;
  to: ComponentId;
  toHost: MachineName;
  protocol: Protocol;
  kind: MessageKind;
  operation: string;
  op: Op;
  subjects: Subjects | undefined;
  request: unknown;
  response: unknown;
  responseHeaders: Record<string, string> | undefined;
  status: number | string | undefined;
  replyTo: number | undefined;
  summary: string;
  commandId: number | undefined;

  constructor(seq: number, time: number, m: Omit<Message, 'seq' | 'time'>) {
    this.seq = seq;
    this.time = time;
    this.from = m.from;
    this.fromHost = m.fromHost;
    this.to = m.to;
    this.toHost = m.toHost;
    this.protocol = m.protocol;
    this.kind = m.kind;
    this.operation = m.operation;
    this.op = m.op;
    this.subjects = m.subjects;
    this.request = m.request;
    this.response = m.response;
    this.responseHeaders = m.responseHeaders;
    this.status = m.status;
    this.replyTo = m.replyTo;
    this.summary = m.summary;
    this.commandId = m.commandId;
  }
}
