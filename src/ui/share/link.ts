import { checkLines, isId, parseJson, type Checked } from '../persist/schema';

/**
 * A scenario in a link: `#s=` followed by base64url of a small JSON object.
 * Either a starting state and commands to replay (typed and animated as if
 * the learner typed them), or a lesson step to open. Links travel by chat and
 * mail, so everything is checked before anything on the page changes.
 */
export type SharedScenario =
  | {
      v: 1;
      setup: string[];
      commands: string[];
      /**
       * Simulated milliseconds that passed before each command (same length
       * as `commands`), so `docker ps` shows what its author saw (a
       * container Exited rather than Up Less than a second). Links made
       * before this field existed have none: their commands follow at once.
       */
      waits?: number[];
    }
  | { v: 1; lesson: string; step: number };

export const SHARE_LIMITS = {
  /** Characters after `#s=`: a long scenario fits many times over. */
  maxEncoded: 16_000,
  maxSetup: 40,
  maxCommands: 40,
  /** One gap between two commands (a coffee break is enough). */
  maxWaitMs: 15 * 60_000,
  /** All gaps together: a link is a short scene, not a day of uptime. */
  maxTotalWaitMs: 60 * 60_000,
} as const;

const PREFIX = '#s=';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return null;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function encodeScenario(scenario: SharedScenario): string {
  return PREFIX + toBase64Url(JSON.stringify(scenario));
}

/** The link for a scenario on this page. */
export function shareUrl(scenario: SharedScenario, location: { origin: string; pathname: string }) {
  return `${location.origin}${location.pathname}${encodeScenario(scenario)}`;
}

/** Whether a location hash carries a scenario at all (then it is decoded, or refused with a notice). */
export function hasScenario(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

/**
 * Decode and check a `#s=` hash. `knownLesson` gives a lesson's number of
 * steps (undefined: no such lesson).
 */
export function decodeScenario(
  hash: string,
  knownLesson: (id: string) => number | undefined,
): Checked<SharedScenario> {
  if (!hasScenario(hash)) return { ok: false, reason: 'the link carries no scenario' };
  const encoded = hash.slice(PREFIX.length);
  if (encoded.length > SHARE_LIMITS.maxEncoded)
    return { ok: false, reason: `the scenario is too large (${encoded.length} characters)` };
  const text = fromBase64Url(encoded);
  if (text === null) return { ok: false, reason: 'the scenario is not readable (bad encoding)' };
  const parsed = parseJson(text, SHARE_LIMITS.maxEncoded);
  // parseJson says "it is …": here the subject is the scenario.
  if (!parsed.ok) return { ok: false, reason: `the scenario ${parsed.reason.replace(/^it /, '')}` };
  return checkScenario(parsed.value, knownLesson);
}

export function checkScenario(
  v: unknown,
  knownLesson: (id: string) => number | undefined,
): Checked<SharedScenario> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, reason: 'the scenario is not an object' };
  const o = v as Record<string, unknown>;
  if (o.v !== 1) return { ok: false, reason: 'the scenario has an unknown format version' };
  if ('lesson' in o) {
    if (!isId(o.lesson)) return { ok: false, reason: 'the lesson id in the link is not valid' };
    const steps = knownLesson(o.lesson);
    if (steps === undefined) return { ok: false, reason: `there is no lesson "${o.lesson}"` };
    const step = o.step ?? 0;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step >= steps)
      return { ok: false, reason: `lesson "${o.lesson}" has no step ${String(step)}` };
    return { ok: true, value: { v: 1, lesson: o.lesson, step } };
  }
  const setup = checkLines(o.setup ?? [], 'setup command', SHARE_LIMITS.maxSetup);
  if (!setup.ok) return setup;
  const commands = checkLines(o.commands, 'command', SHARE_LIMITS.maxCommands);
  if (!commands.ok) return commands;
  if (setup.value.length + commands.value.length === 0)
    return { ok: false, reason: 'the scenario has no commands' };
  if (o.waits === undefined)
    return { ok: true, value: { v: 1, setup: setup.value, commands: commands.value } };
  const waits = checkWaits(o.waits, commands.value.length);
  if (!waits.ok) return waits;
  return {
    ok: true,
    value: { v: 1, setup: setup.value, commands: commands.value, waits: waits.value },
  };
}

/** One whole number of milliseconds per command, each and all together under the caps. */
function checkWaits(v: unknown, count: number): Checked<number[]> {
  if (!Array.isArray(v) || v.length !== count)
    return { ok: false, reason: 'the waits in the link do not match its commands' };
  let total = 0;
  for (const w of v) {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > SHARE_LIMITS.maxWaitMs)
      return { ok: false, reason: 'a wait in the link is not a valid time' };
    total += w;
  }
  if (total > SHARE_LIMITS.maxTotalWaitMs)
    return { ok: false, reason: 'the waits in the link add up to more than an hour' };
  return { ok: true, value: v as number[] };
}
