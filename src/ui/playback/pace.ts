import type { Message } from '../../sim/engine';

/**
 * Real milliseconds per message at speed 1 under the hood, by what kind of
 * message it is: a reading pace, since the learner chose to see every message
 * (and the speed control makes it faster or slower).
 */
const BASE_MS = {
  call: 650,
  syscall: 520,
  event: 450,
  stream: 220,
} as const;

/** Fastest a packet may go: still visible as a blip, never a skipped step. */
const FLOOR_MS = 70;
/** A message like one already shown in this replay (the fifth layer's Content/Write) goes this much faster. */
const REPEAT_FACTOR = 3;
const RESPONSE_FACTOR = 0.8;

export interface PaceContext {
  /** Messages still waiting after this one. */
  backlog: number;
  /** The speed multiplier chosen in the header. */
  speed: number;
  /** True when a message of the same family was already shown in this replay. */
  repeat: boolean;
}

/**
 * How long one message's trip takes on screen. Requests and responses go at
 * a pace a person can follow; stream chunks (pull progress, logs) and events
 * go faster, and so does the n-th repetition of the same step, so a pull of
 * seven layers does not take minutes while its first layer is still shown
 * at reading pace.
 *
 * @example paceOf({ kind: 'request', protocol: 'http' }, { backlog: 0, speed: 1, repeat: false }) // 650
 */
export function paceOf(m: Pick<Message, 'kind' | 'protocol'>, ctx: PaceContext): number {
  let ms: number;
  if (m.kind === 'stream' || m.protocol === 'stream') ms = BASE_MS.stream;
  else if (m.kind === 'event') ms = BASE_MS.event;
  else if (m.protocol === 'syscall') ms = BASE_MS.syscall;
  else ms = BASE_MS.call;
  // The answer matters less than the question: replies travel a little faster.
  if (m.kind === 'response') ms *= RESPONSE_FACTOR;
  if (ctx.repeat) ms /= REPEAT_FACTOR;
  if (ctx.backlog > 400) ms /= 2;
  return Math.max(FLOOR_MS, Math.round(ms / ctx.speed));
}

/**
 * The Overview level's pace (real ms per step at 1×), chosen so a newcomer's
 * first commands are seen whole while they still remember typing them: the
 * story of a first `docker run hello-world` (60 steps, its pull included)
 * lasts about 10 s, a first `docker run -d nginx` shows its container after
 * about 8 s, and `docker ps` (four steps) takes 0.76 s. Each step is still
 * its own hop with its own sentence in the narration, which stays on the last
 * step, and every step is listed by title in the timeline to read at leisure
 * (step back with ←, or choose a slower speed). The CLI's requests go slowest
 * (they are what the learner asked for); answers, steps inside the host and
 * events a little faster; a run of stream frames (pull progress, output) is
 * one quick blip. A step like one already shown in this replay (the fifth
 * "store the blob") goes twice as fast.
 */
const OVERVIEW_MS = {
  request: 220,
  response: 160,
  inside: 200,
  event: 160,
  stream: 110,
} as const;
/** How much faster a repeated step goes at the Overview level. */
const OVERVIEW_REPEAT_FACTOR = 2;

/** What the Overview pace needs to know of a step: its lead message, and whether it stands for the host's inside. */
export interface StepShape {
  kind: Message['kind'];
  protocol: Message['protocol'];
  /** A collapsed step: messages inside the host, drawn as one hop. */
  collapsed: boolean;
}

/**
 * How long one Overview step's hop takes on screen.
 *
 * @example overviewPaceOf({ kind: 'request', protocol: 'http', collapsed: false }, { backlog: 0, speed: 1, repeat: false }) // 220
 */
export function overviewPaceOf(step: StepShape, ctx: PaceContext): number {
  let ms: number;
  if (step.kind === 'stream' || step.protocol === 'stream') ms = OVERVIEW_MS.stream;
  else if (step.kind === 'event') ms = OVERVIEW_MS.event;
  else if (step.collapsed) ms = OVERVIEW_MS.inside;
  else if (step.kind === 'response') ms = OVERVIEW_MS.response;
  else ms = OVERVIEW_MS.request;
  if (ctx.repeat) ms /= OVERVIEW_REPEAT_FACTOR;
  if (ctx.backlog > 400) ms /= 2;
  return Math.max(FLOOR_MS, Math.round(ms / ctx.speed));
}

/**
 * Messages that are "the same step again": same route, same operation once
 * digests, IDs and numbers are set aside.
 *
 * @example familyOf(m) // 'dockerd>registry GET /v2/library/nginx/blobs/#'
 */
export function familyOf(
  m: Pick<Message, 'operation' | 'kind'> & { from: string; to: string },
): string {
  const op = m.operation
    .replace(/sha256:[0-9a-f]+/g, '#')
    .replace(/[0-9a-f]{12,}/g, '#')
    .replace(/\d+/g, '#');
  const route = `${m.from.replace(/-[0-9a-f]{12}$/, '')}>${m.to.replace(/-[0-9a-f]{12}$/, '')}`;
  return `${route} ${m.kind} ${op}`;
}
