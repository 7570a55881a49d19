import type { Message } from '../../sim/engine';

/** Real milliseconds per message at speed 1, by what kind of message it is. */
const BASE_MS = {
  call: 650,
  syscall: 480,
  event: 420,
  stream: 240,
} as const;

/** Fastest a packet may go: still visible as a blip, never a skipped step. */
const FLOOR_MS = 60;

/**
 * How long one message's trip takes on screen. Requests and responses go at
 * a pace a person can follow; stream chunks (pull progress, logs) and events
 * go faster; a long backlog of stream chunks is compressed so a big pull
 * does not take minutes.
 *
 * @example paceOf(msg, 1, 1) // 650 for an HTTP request
 */
export function paceOf(m: Pick<Message, 'kind' | 'protocol'>, backlog: number, speed: number): number {
  let ms: number;
  if (m.kind === 'stream' || m.protocol === 'stream') ms = BASE_MS.stream;
  else if (m.kind === 'event') ms = BASE_MS.event;
  else if (m.protocol === 'syscall') ms = BASE_MS.syscall;
  else ms = BASE_MS.call;
  if (m.kind === 'stream' && backlog > 30) ms = ms / 3;
  if (backlog > 150) ms = ms / 2;
  return Math.max(FLOOR_MS, Math.round(ms / speed));
}
