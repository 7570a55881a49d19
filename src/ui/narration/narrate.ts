import type { Message } from '../../sim/engine';
import { WHY_TABLE } from './whyTable';

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
}

/** The "why" for a message: the first matching row of the table. */
export function whyOf(
  m: Pick<Message, 'protocol' | 'kind' | 'from' | 'to' | 'operation' | 'status'>,
): string {
  const subject = `${m.from}→${m.to} ${m.operation}${m.status === undefined ? '' : ` [${m.status}]`}`;
  for (const rule of WHY_TABLE) {
    if (rule.protocol && rule.protocol !== m.protocol) continue;
    if (rule.kind && rule.kind !== m.kind) continue;
    if (rule.match && !rule.match.test(subject)) continue;
    return rule.why;
  }
  return '';
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
    route: `${m.from} → ${m.to}`,
    operation: shortOperation(m.operation, 96),
    status: m.status === undefined ? undefined : String(m.status),
    summary: m.summary,
    why: whyOf(m),
  };
}
