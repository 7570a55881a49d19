import type { Message } from '../../sim/engine';
import { entryOf } from '../../sim/trace/operations';
import { isOverviewComponent, type OverviewStep } from '../../sim/trace/overview';
import { sentenceCase } from '../../sim/trace/sentence';
import { nodeIdOf } from '../diagram/nodeIds';

/** What the narration line says about one message. */
export interface Narration {
  seq: number;
  protocol: Message['protocol'];
  kind: Message['kind'];
  route: string;
  operation: string;
  status?: string;
  summary: string;
  why: string;
  /** Which level this narration is for (full when absent). */
  level?: 'overview' | 'full';
  /** At the overview level, the collapsed step narrated. */
  step?: { index: number; first: number; last: number };
}

/**
 * The "why" for a message, from the operation catalogue by its op: an answer
 * may have a why of its own (a 404 from create, a 401 from the registry).
 */
export function whyOf(m: Pick<Message, 'op' | 'kind' | 'status'>): string {
  const entry = entryOf(m.op);
  if (!entry) return '';
  if (m.kind === 'response' && entry.answers)
    return entry.answers[String(m.status)] ?? entry.answers['*'] ?? entry.why;
  return entry.why;
}

/** True when the catalogue has no entry for the message's op (data from outside, such as an old trace). */
export function isFallbackWhy(m: Pick<Message, 'op'>): boolean {
  return !entryOf(m.op);
}

/**
 * An operation short enough for a label: no API version prefix, IDs and
 * digests cut to 12 characters, long arguments elided.
 *
 * @example shortOperation('POST /v1.50/containers/88ad7c16b3dc12b0…/start') // 'POST /containers/88ad7c16b3dc/start'
 */
export function shortOperation(operation: string, max = 64): string {
  let s = operation
    .replace(/\/v1\.\d+\//, '/')
    .replace(/sha256:([0-9a-f]{12})[0-9a-f]+/g, 'sha256:$1…')
    .replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1')
    .replace(/^containerd\.services\.([a-z]+)\.v1\./, '')
    .replace(/^containerd\.task\.v2\./, '');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s;
}

export function narrate(m: Message): Narration {
  return {
    seq: m.seq,
    protocol: m.protocol,
    kind: m.kind,
    // Another host's components by machine (`node-2/dockerd`), as the diagram names them.
    route: `${nodeIdOf(m.fromHost, m.from)} → ${nodeIdOf(m.toHost, m.to)}`,
    operation: shortOperation(m.operation, 96),
    status: m.status === undefined ? undefined : String(m.status),
    summary: sentenceCase(m.summary),
    why: whyOf(m),
  };
}

/**
 * The narration of an overview step. A step that is one message between the
 * client, dockerd and the registry reads like that message, a run of stream
 * frames between them as the run; a collapsed step
 * reads as its title, with the why of the call that leads it and how many
 * messages inside the host it stands for.
 */
export function narrateStep(step: OverviewStep, lead: Message): Narration {
  const count = step.last - step.first + 1;
  if (!step.collapsed && count === 1) return { ...narrate(lead), level: 'overview' };
  // A run of stream frames (pull progress, log lines) reads as the whole run.
  if (!step.collapsed)
    return {
      ...narrate(lead),
      operation: `${count} ${lead.operation} messages`,
      summary: sentenceCase(step.title),
      level: 'overview',
      step: { index: step.index, first: step.first, last: step.last },
    };
  return {
    seq: step.first,
    protocol: lead.protocol,
    kind: lead.kind,
    // The overview draws no containerd, shim, runc or kernel: name the end as the Mermaid export does.
    route: `${overviewEnd(step.from, lead)} → ${overviewEnd(step.to, lead)}`,
    operation:
      count === 1 ? shortOperation(lead.operation, 96) : `${count} messages inside the host`,
    summary: sentenceCase(step.title),
    why: whyOf(lead),
    level: 'overview',
    step: { index: step.index, first: step.first, last: step.last },
  };
}

/** A collapsed step's end as the overview shows it: internal components are the host's internals. */
/**
 * The machine an overview step's end `id` is on, from the step's lead message:
 * one of its ends, or for the host's internals the machine of its inner end.
 */
export function stepEndHost(id: string, lead: Message): string {
  const inner = isOverviewComponent(lead.to) ? lead.fromHost : lead.toHost;
  return id === lead.from ? lead.fromHost : id === lead.to ? lead.toHost : inner;
}

/** An overview step's end as the overview names it: a component on its machine, or a host's internals. */
export function overviewEnd(id: string, lead: Message, inside = 'Docker host internals'): string {
  const host = stepEndHost(id, lead);
  if (isOverviewComponent(id)) return nodeIdOf(host, id);
  return host === undefined || host === 'local' ? inside : `${inside} (${host})`;
}
