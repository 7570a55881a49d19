/**
 * Checking a step's goal against the engine, and saying it in plain words.
 *
 * Goals are data (see `Goal` in types.ts). State goals read the HostView, the
 * same objects the diagram draws; trace goals read only what happened since
 * the step began, so an old message never completes a new step.
 */
import type { CommandResult, Message } from '../sim/engine';
import type { ContainerView, HostView } from '../sim/history/hostHistory';
import { familiarString, parseReference, withDefaultTag } from '../sim/image/reference';
import type { ContainerMatch, CountRange, Goal, GoalContext, MessageMatch } from './types';

/** Regexes come from data; a bad one (never in our lessons, tests check) matches nothing. */
const regexCache = new Map<string, RegExp | null>();
function regex(source: string): RegExp | null {
  let r = regexCache.get(source);
  if (r === undefined) {
    try {
      r = new RegExp(source);
    } catch {
      r = null;
    }
    regexCache.set(source, r);
  }
  return r;
}
const matches = (source: string, text: string): boolean => regex(source)?.test(text) ?? false;

/**
 * `nginx`, `nginx:latest` and `docker.io/library/nginx:latest` are one image
 * to a learner; compare references in their short form with the default tag.
 */
export function normalizeImageRef(ref: string): string {
  const parsed = parseReference(ref);
  return parsed.ok ? familiarString(withDefaultTag(parsed)) : ref;
}

const inRange = (n: number, range: CountRange | undefined, defaultMin: number): boolean =>
  n >= (range?.min ?? (range?.max === undefined ? defaultMin : 0)) && n <= (range?.max ?? Infinity);

const PORT = /^(\d+)->(\d+)(?:\/(tcp|udp|sctp))?$/;
const VIEW_PORT = /:(\d+)->(\d+)\/(\w+)$/;

function portMatches(want: string, ports: readonly string[]): boolean {
  const w = PORT.exec(want);
  if (!w) return false;
  return ports.some((p) => {
    const v = VIEW_PORT.exec(p);
    return !!v && v[1] === w[1] && v[2] === w[2] && (w[3] === undefined || v[3] === w[3]);
  });
}

export function containerMatches(c: ContainerView, m: ContainerMatch): boolean {
  if (m.name !== undefined && c.name !== m.name) return false;
  if (m.image !== undefined && normalizeImageRef(c.image) !== normalizeImageRef(m.image))
    return false;
  if (m.state !== undefined && c.state !== m.state) return false;
  if (m.exitCode !== undefined && (c.state !== 'exited' || c.exitCode !== m.exitCode)) return false;
  if (m.port !== undefined && !portMatches(m.port, c.ports)) return false;
  if (m.hasShim !== undefined && c.hasShim !== m.hasShim) return false;
  return true;
}

/** `shim` and `container` stand for any per-container component of that kind. */
export function componentMatches(want: string, id: string): boolean {
  if (want === id) return true;
  if (want === 'shim' || want === 'container') return id.startsWith(`${want}-`);
  return false;
}

export function messageMatches(m: Message, want: MessageMatch): boolean {
  if (want.from !== undefined && !componentMatches(want.from, m.from)) return false;
  if (want.to !== undefined && !componentMatches(want.to, m.to)) return false;
  if (want.fromHost !== undefined && m.fromHost !== want.fromHost) return false;
  if (want.toHost !== undefined && m.toHost !== want.toHost) return false;
  if (want.protocol !== undefined && m.protocol !== want.protocol) return false;
  if (want.kind !== undefined && m.kind !== want.kind) return false;
  if (want.operation !== undefined && !matches(want.operation, m.operation)) return false;
  if (want.status !== undefined && m.status !== want.status) return false;
  return true;
}

/** The objects of Docker host `host` (the learner's own when not given). */
function viewOn(ctx: GoalContext, host: string | undefined): HostView | undefined {
  if (host === undefined || host === 'local') return ctx.view;
  try {
    return ctx.viewOf?.(host);
  } catch {
    return undefined;
  }
}

const stepResults = (ctx: GoalContext): CommandResult[] =>
  ctx.results.filter((r) => r.id >= ctx.sinceCommand);

/** Whether `goal` holds in `ctx`. Never throws, whatever the goal data. */
export function checkGoal(goal: Goal, ctx: GoalContext): boolean {
  if ('all' in goal) return goal.all.every((g) => checkGoal(g, ctx));
  if ('any' in goal) return goal.any.some((g) => checkGoal(g, ctx));
  if ('not' in goal) return !checkGoal(goal.not, ctx);
  if ('image' in goal) {
    const view = viewOn(ctx, goal.host);
    if (!view) return false;
    const want = normalizeImageRef(goal.image);
    const present = view.images.some((i) => i.tags.some((t) => normalizeImageRef(t) === want));
    return present === goal.present;
  }
  if ('container' in goal) {
    const view = viewOn(ctx, goal.host);
    if (!view) return false;
    const n = view.containers.filter((c) => containerMatches(c, goal.container)).length;
    return inRange(n, goal.count, 1);
  }
  if ('message' in goal) {
    // The trace is gap-free from seq 1, so the step's part starts at index sinceSeq - 1.
    let n = 0;
    for (let i = Math.max(0, ctx.sinceSeq - 1); i < ctx.trace.length; i++) {
      if (messageMatches(ctx.trace[i]!, goal.message)) n++;
    }
    return inRange(n, goal.count, 1);
  }
  if ('output' in goal) {
    return stepResults(ctx).some((r) => {
      const text = goal.stream === undefined ? r.stdout + r.stderr : r[goal.stream];
      return matches(goal.output, text);
    });
  }
  if ('exitCode' in goal) {
    return stepResults(ctx).some(
      (r) =>
        r.exitCode === goal.exitCode &&
        (goal.command === undefined || matches(goal.command, r.command)),
    );
  }
  if ('shims' in goal) return inRange(ctx.view.shims.length, goal.shims, 1);
  if ('images' in goal) return inRange(ctx.view.images.length, goal.images, 1);
  return false;
}

function rangeWords(range: CountRange | undefined, noun: string, plural = `${noun}s`): string {
  const min = range?.min;
  const max = range?.max;
  const word = (n: number) => `${n} ${n === 1 ? noun : plural}`;
  if (min === undefined && max === undefined) return `a ${noun}`;
  if (max === 0) return `no ${plural}`;
  if (min !== undefined && max !== undefined)
    return min === max ? `exactly ${word(min)}` : `between ${min} and ${word(max)}`;
  if (min !== undefined) return `at least ${word(min)}`;
  return `at most ${word(max!)}`;
}

function containerWords(m: ContainerMatch): string {
  const parts: string[] = [];
  if (m.name !== undefined) parts.push(`named ${m.name}`);
  if (m.image !== undefined) parts.push(`from image ${m.image}`);
  // "exited with code 0" already says the state.
  if (m.state !== undefined && !(m.state === 'exited' && m.exitCode !== undefined))
    parts.push(m.state);
  if (m.exitCode !== undefined) parts.push(`exited with code ${m.exitCode}`);
  if (m.port !== undefined) parts.push(`publishing port ${m.port}`);
  if (m.hasShim !== undefined) parts.push(m.hasShim ? 'with a live shim' : 'without a shim');
  return parts.join(', ');
}

function messageWords(m: MessageMatch): string {
  const parts: string[] = [];
  if (m.operation !== undefined) parts.push(`"${m.operation.replace(/\\/g, '')}"`);
  else parts.push('a message');
  if (m.from !== undefined) parts.push(`from ${m.from}`);
  if (m.fromHost !== undefined) parts.push(`on ${m.fromHost}`);
  if (m.to !== undefined) parts.push(`to ${m.to}`);
  if (m.toHost !== undefined) parts.push(`on ${m.toHost}`);
  if (m.status !== undefined) parts.push(`answered ${m.status}`);
  return parts.join(' ');
}

/** The goal in plain words, for the lesson panel. */
export function describeGoal(goal: Goal): string {
  if (goal.label) return goal.label;
  if ('all' in goal) return goal.all.map(describeGoal).join(', and ');
  if ('any' in goal) return goal.any.map(describeGoal).join(', or ');
  if ('not' in goal) return `not (${describeGoal(goal.not)})`;
  if ('image' in goal) {
    const where = goal.host && goal.host !== 'local' ? goal.host : 'the host';
    return goal.present
      ? `the image ${goal.image} is on ${where}`
      : `the image ${goal.image} is not on ${where}`;
  }
  if ('container' in goal) {
    const what = containerWords(goal.container);
    const count = rangeWords(goal.count, 'container');
    const on = goal.host && goal.host !== 'local' ? ` on ${goal.host}` : '';
    return (what ? `${count} ${what}` : count) + on;
  }
  if ('message' in goal) return `the trace shows ${messageWords(goal.message)} in this step`;
  if ('output' in goal) return `a command in this step prints ${JSON.stringify(goal.output)}`;
  if ('exitCode' in goal) return `a command in this step exits with code ${goal.exitCode}`;
  if ('shims' in goal) return `${rangeWords(goal.shims, 'shim')} running`;
  if ('images' in goal) return `${rangeWords(goal.images, 'image')} on the host`;
  return 'an unknown goal';
}
