import { isHostSetting } from '../../sim/systemd/settings';
import type { SessionInput } from '../../sim/engine';
import { isFaultInput } from '../../sim/core/faults';

/**
 * Hand-written checks for everything the page reads from outside its own
 * memory: localStorage, a shared link, an imported file. Each check returns
 * either the value, rebuilt from scratch with only the fields we know (so
 * nothing unexpected rides along), or a reason in plain words. No check
 * throws: hostile input is an ordinary case here, not an exception.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export const LIMITS = {
  /** Characters of stored or imported JSON we are willing to parse. */
  maxJsonChars: 2_000_000,
  /** Inputs (commands, keystrokes sent to containers, time passing) in one session. */
  maxInputs: 5_000,
  /** One command line: far longer than any docker command a person types. */
  maxLine: 1_000,
  /** Text sent to an attached container in one go. */
  maxStdin: 4_000,
  /** Entries of the terminal's ↑ history. */
  maxHistory: 500,
  /** Simulated milliseconds in one `advance` (merged ticks of a tab left open for weeks). */
  maxAdvanceMs: 1e10,
  /** Ids: lesson, step, drill. */
  maxId: 80,
} as const;

export const MODES = ['sandbox', 'lessons', 'drills', 'questions'] as const;
export type LearnMode = (typeof MODES)[number];

/** Where the learner is in one lesson. */
export interface LessonPlace {
  id: string;
  step: number;
  /** The step's goal only counts messages from this seq and commands from this id on. */
  sinceSeq: number;
  sinceCommand: number;
  hints: number;
  solution: boolean;
}

/** A session as stored in localStorage and in exported files. */
export interface SavedSession {
  version: typeof SESSION_VERSION;
  columns: number;
  inputs: SessionInput[];
  mode: LearnMode;
  /** The terminal's ↑ history, oldest first. */
  history: string[];
  lesson: LessonPlace | null;
  /** Lesson id → ids of the steps completed. */
  completed: Record<string, string[]>;
}

export const SESSION_VERSION = 1;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * Text a person could have typed: no control characters (escape sequences
 * would be written straight to the terminal), no lone surrogates. `allowNewline`
 * for text sent to a container, where Enter is part of the input.
 */
export function isPrintable(text: string, allowNewline = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x09) {
      if (!allowNewline) return false;
      continue;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** An id as our lessons and drills spell them: lower-case words and dashes. */
export function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length <= LIMITS.maxId && /^[a-z0-9][a-z0-9-]*$/.test(v);
}

/** A command line from outside: a string, short enough, printable, not blank. */
export function checkLine(v: unknown, what: string): Checked<string> {
  if (typeof v !== 'string') return { ok: false, reason: `${what} is not text` };
  if (v.length > LIMITS.maxLine)
    return { ok: false, reason: `${what} is longer than ${LIMITS.maxLine} characters` };
  if (!isPrintable(v)) return { ok: false, reason: `${what} contains control characters` };
  if (v.trim() === '') return { ok: false, reason: `${what} is empty` };
  return { ok: true, value: v };
}

export function checkLines(v: unknown, what: string, max: number): Checked<string[]> {
  if (!Array.isArray(v)) return { ok: false, reason: `${what} is not a list` };
  if (v.length > max) return { ok: false, reason: `${what} has more than ${max} entries` };
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const line = checkLine(v[i], `${what} #${i + 1}`);
    if (!line.ok) return line;
    out.push(line.value);
  }
  return { ok: true, value: out };
}

/**
 * The engine's input log. Beyond the shape, a Ctrl-C, a line typed to a
 * container or a Ctrl-D must name a command that was run before it: the engine
 * would ignore a dangling one, but a log that has one was not written by us.
 */
export function checkInputs(v: unknown): Checked<SessionInput[]> {
  if (!Array.isArray(v)) return { ok: false, reason: 'the command log is not a list' };
  if (v.length > LIMITS.maxInputs)
    return { ok: false, reason: `the command log has more than ${LIMITS.maxInputs} entries` };
  const out: SessionInput[] = [];
  let runs = 0;
  for (let i = 0; i < v.length; i++) {
    const input = v[i];
    const bad = (why: string): Checked<SessionInput[]> => ({
      ok: false,
      reason: `entry ${i + 1} of the command log ${why}`,
    });
    if (!isObject(input)) return bad('is not an object');
    switch (input.op) {
      case 'run': {
        const line = checkLine(input.line, `command ${runs + 1}`);
        if (!line.ok) return { ok: false, reason: line.reason };
        out.push({ op: 'run', line: line.value });
        runs++;
        break;
      }
      case 'interrupt':
      case 'endInput':
        if (!isInt(input.command, 1, runs)) return bad('names a command that never ran');
        out.push({ op: input.op, command: input.command });
        break;
      case 'stdin':
        if (!isInt(input.command, 1, runs)) return bad('names a command that never ran');
        if (typeof input.text !== 'string' || input.text.length > LIMITS.maxStdin)
          return bad('has input text that is too long or not text');
        if (!isPrintable(input.text, true)) return bad('has control characters in its input');
        out.push({ op: 'stdin', command: input.command, text: input.text });
        break;
      case 'advance':
        if (
          typeof input.ms !== 'number' ||
          !Number.isFinite(input.ms) ||
          input.ms < 0 ||
          input.ms > LIMITS.maxAdvanceMs
        )
          return bad('lets an impossible amount of time pass');
        out.push({ op: 'advance', ms: input.ms });
        break;
      // ── fault: an injected fault (sim/core/faults.ts) ──
      case 'fault':
        if (!isFaultInput(input)) return bad('is not a fault DockScope knows');
        out.push(
          'clear' in input
            ? { op: 'fault', clear: input.clear }
            : { op: 'fault', set: { ...input.set } },
        );
        break;
      // ── daemon: a host setting from the settings panel ──
      case 'setting':
        if (!isHostSetting(input.setting)) return bad('has a setting DockScope does not know');
        out.push({ op: 'setting', setting: { ...input.setting } });
        break;
      default:
        return bad('is not a known operation');
    }
  }
  return { ok: true, value: out };
}

function checkLessonPlace(
  v: unknown,
  knownLesson: (id: string) => number | undefined,
): Checked<LessonPlace | null> {
  if (v === null || v === undefined) return { ok: true, value: null };
  if (!isObject(v)) return { ok: false, reason: 'the lesson position is not an object' };
  if (!isId(v.id)) return { ok: false, reason: 'the lesson id is not a valid id' };
  const steps = knownLesson(v.id);
  if (steps === undefined) return { ok: false, reason: `there is no lesson "${v.id}"` };
  if (!isInt(v.step, 0, Math.max(0, steps - 1)))
    return { ok: false, reason: 'the lesson step does not exist' };
  if (!isInt(v.sinceSeq, 0, 1e9) || !isInt(v.sinceCommand, 0, 1e9))
    return { ok: false, reason: 'the lesson step start is not a position in the session' };
  if (!isInt(v.hints, 0, 100) || typeof v.solution !== 'boolean')
    return { ok: false, reason: 'the hints shown are not readable' };
  return {
    ok: true,
    value: {
      id: v.id,
      step: v.step,
      sinceSeq: v.sinceSeq,
      sinceCommand: v.sinceCommand,
      hints: v.hints,
      solution: v.solution,
    },
  };
}

function checkCompleted(
  v: unknown,
  knownLesson: (id: string) => number | undefined,
): Checked<Record<string, string[]>> {
  if (!isObject(v)) return { ok: false, reason: 'the lesson progress is not an object' };
  const keys = Object.keys(v);
  if (keys.length > 200) return { ok: false, reason: 'the lesson progress is too large' };
  // A null prototype: a key like "__proto__" can never reach Object.prototype.
  const out = Object.create(null) as Record<string, string[]>;
  for (const key of keys) {
    if (!isId(key)) return { ok: false, reason: 'the lesson progress names an invalid lesson id' };
    // Progress in a lesson that no longer exists is dropped, not an error: lessons get renamed.
    if (knownLesson(key) === undefined) continue;
    const steps = v[key];
    if (!Array.isArray(steps) || steps.length > 100 || !steps.every(isId))
      return { ok: false, reason: `the progress of lesson "${key}" is not a list of step ids` };
    out[key] = [...new Set(steps as string[])];
  }
  return { ok: true, value: out };
}

/**
 * A stored or imported session. `knownLesson` gives a lesson's number of
 * steps, or undefined for an unknown id.
 */
export function checkSession(
  v: unknown,
  knownLesson: (id: string) => number | undefined,
): Checked<SavedSession> {
  if (!isObject(v)) return { ok: false, reason: 'it is not a DockScope session' };
  if (v.version !== SESSION_VERSION)
    return {
      ok: false,
      reason:
        typeof v.version === 'number'
          ? `it was saved by another version of DockScope (format ${v.version})`
          : 'it has no format version',
    };
  if (!isInt(v.columns, 40, 200)) return { ok: false, reason: 'the terminal width is not valid' };
  const inputs = checkInputs(v.inputs);
  if (!inputs.ok) return inputs;
  if (typeof v.mode !== 'string' || !(MODES as readonly string[]).includes(v.mode))
    return { ok: false, reason: 'the mode is not one DockScope has' };
  const history = checkLines(v.history ?? [], 'history entry', LIMITS.maxHistory);
  if (!history.ok) return history;
  const lesson = checkLessonPlace(v.lesson, knownLesson);
  if (!lesson.ok) return lesson;
  const completed = checkCompleted(v.completed ?? {}, knownLesson);
  if (!completed.ok) return completed;
  return {
    ok: true,
    value: {
      version: SESSION_VERSION,
      columns: v.columns,
      inputs: inputs.value,
      mode: v.mode as LearnMode,
      history: history.value,
      lesson: lesson.value,
      completed: completed.value,
    },
  };
}

/** Parse JSON text of bounded size; a reason instead of an exception. */
export function parseJson(text: string, maxChars: number = LIMITS.maxJsonChars): Checked<unknown> {
  if (text.length > maxChars)
    return { ok: false, reason: `it is too large (${text.length} characters)` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
}
