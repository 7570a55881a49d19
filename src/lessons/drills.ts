/**
 * Predict-the-next-hop drills: turn a slice of the trace into questions
 * ("who receives this message?"), check answers, score them.
 *
 * At level 'full' each request and event is a question. Responses are left
 * out on purpose: a response always goes back to whoever sent the request,
 * so asking about it tests nothing. Streams (pull progress, container output)
 * are left out too: they repeat one arrow many times.
 * At level 'overview' the questions are the overview steps of
 * src/sim/trace/overview.ts (containerd and everything below folded into one
 * step per call dockerd makes), again without responses and streams, and
 * with consecutive steps along the same arrow merged into one question.
 *
 * No engine here (the page loads this without the simulation): replays that
 * need one are in replay.ts.
 */
import type { Message } from '../sim/core/types';
import { OverviewIndex } from '../sim/trace/overview';
import { DRILLS, HOP_WHY } from './content/drills';
import type { Drill, DrillAnswer, DrillScore, HopQuestion } from './types';
import { ROLES, roleOf } from './roles';
import { roleRank } from '../sim/core/roles';

export { ROLES, roleOf };

const orderOf = roleRank;

function explanation(from: string, to: string, detail: string): string {
  const why = HOP_WHY[`${roleOf(from)}→${roleOf(to)}`];
  // Summaries start with a component's own name (dockerd, runc), so no capital is forced.
  const sentence = /[.?!]$/.test(detail) ? detail : `${detail}.`;
  return why ? `${sentence} ${why}` : sentence;
}

interface Hop {
  seq: number;
  from: string;
  to: string;
  operation: string;
  detail: string;
}

function fullHops(trace: readonly Message[], firstSeq: number, lastSeq: number): Hop[] {
  const hops: Hop[] = [];
  for (let seq = Math.max(1, firstSeq); seq <= Math.min(lastSeq, trace.length); seq++) {
    const m = trace[seq - 1]!;
    if (m.kind !== 'request' && m.kind !== 'event') continue;
    hops.push({ seq, from: m.from, to: m.to, operation: m.operation, detail: m.summary });
  }
  return hops;
}

/** An overview hop being built: merged collapsed steps keep their distinct titles. */
interface OverviewHop extends Hop {
  collapsed: boolean;
  titles: string[];
}

function overviewHops(trace: readonly Message[], firstSeq: number, lastSeq: number): Hop[] {
  const index = new OverviewIndex();
  index.catchUp(trace.slice(0, Math.min(lastSeq, trace.length)));
  const hops: OverviewHop[] = [];
  for (const step of index.steps) {
    if (step.first < firstSeq || step.first > lastSeq) continue;
    const lead = trace[step.first - 1]!;
    if (lead.kind === 'response' || lead.kind === 'stream') continue;
    const previous = hops[hops.length - 1];
    // A run of collapsed steps along one arrow (dockerd storing blob after
    // blob in containerd) is one prediction: where the flow goes next, not
    // how often. What each step did stays in the explanation. Messages
    // between the overview's own components (client, dockerd, registry,
    // auth) always stay separate: each one is a request that matters.
    if (
      step.collapsed &&
      previous?.collapsed &&
      previous.from === step.from &&
      previous.to === step.to
    ) {
      if (!previous.titles.includes(step.title)) previous.titles.push(step.title);
      continue;
    }
    hops.push({
      seq: step.first,
      from: step.from,
      to: step.to,
      operation: step.collapsed ? step.title : lead.operation,
      detail: step.title,
      collapsed: step.collapsed,
      titles: [step.title],
    });
  }
  return hops.map(({ seq, from, to, operation, titles }) => ({
    seq,
    from,
    to,
    operation,
    detail: titles.join('; then '),
  }));
}

/**
 * The questions for trace messages `firstSeq..lastSeq` (inclusive). Choices
 * are the roles that take part in this drill, in diagram order, so the
 * answer is always among them and no choice is absurd.
 */
export function hopQuiz(
  trace: readonly Message[],
  firstSeq: number,
  lastSeq: number,
  level: 'overview' | 'full',
): HopQuestion[] {
  const hops =
    level === 'full' ? fullHops(trace, firstSeq, lastSeq) : overviewHops(trace, firstSeq, lastSeq);
  const roles = new Set<string>(['client', 'dockerd']);
  for (const h of hops) {
    roles.add(roleOf(h.from));
    roles.add(roleOf(h.to));
  }
  const choices = [...roles].sort((a, b) => orderOf(a) - orderOf(b));
  return hops.map((h) => ({
    seq: h.seq,
    from: h.from,
    answer: h.to,
    role: roleOf(h.to),
    choices,
    explanation: explanation(h.from, h.to, h.detail),
    operation: h.operation,
  }));
}

/** Whether `picked` (a role name or a component id from a diagram click) is the receiver. */
export function isCorrectHop(question: HopQuestion, picked: string): boolean {
  return roleOf(picked) === question.role;
}

export function scoreDrill(answers: readonly DrillAnswer[]): DrillScore {
  const missed = answers
    .filter((a) => !isCorrectHop(a.question, a.picked))
    .map((a) => a.question.seq);
  const total = answers.length;
  const correct = total - missed.length;
  return {
    correct,
    total,
    percent: total === 0 ? 0 : Math.round((correct / total) * 100),
    missed,
  };
}

const DRILLS_BY_ID = new Map(DRILLS.map((d) => [d.id, d]));

export function drillById(id: string): Drill | undefined {
  return DRILLS_BY_ID.get(id);
}
