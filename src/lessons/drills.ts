/**
 * Predict-the-next-hop drills: turn a slice of the trace into questions
 * ("who receives this message?"), check answers, score them.
 *
 * At level 'full' each request and event is a question. Responses are left
 * out on purpose: a response always goes back to whoever sent the request,
 * so asking about it tests nothing. Streams (pull progress, container output)
 * are left out too: they repeat one arrow many times.
 * At level 'overview' the questions are the overview steps of
 * src/sim/trace/overview.ts between the components the overview diagram
 * draws (client, dockerd, registry, auth), again without responses and
 * streams; the steps collapsed inside the host are told in the explanations
 * (see overviewHops).
 *
 * No engine here (the page loads this without the simulation): replays that
 * need one are in replay.ts.
 */
import type { Message } from '../sim/core/types';
import { OverviewIndex } from '../sim/trace/overview';
import { DRILLS, HOP_WHY } from './content/drills';
import type { Drill, DrillAnswer, DrillScore, HopQuestion } from './types';
import { ROLES, roleOf } from './roles';
import { roleRank } from '../sim/core/components';
import { sentenceCase } from '../sim/trace/sentence';

export { ROLES, roleOf, sentenceCase };

const orderOf = roleRank;

const withStop = (text: string): string => (/[.?!]$/.test(text) ? text : `${text}.`);

function explanation(from: string, to: string, detail: string): string {
  const why = HOP_WHY[`${roleOf(from)}→${roleOf(to)}`];
  const sentence = sentenceCase(withStop(detail));
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

/**
 * What a summary says without the ids and sizes in it: `download layer
 * 5ccd73992ba0 (30.2 MB)` → `download layer`. Consecutive requests that say
 * the same thing (layer after layer) are one question.
 */
const gist = (summary: string): string =>
  summary
    .replace(/\([^)]*\)/g, '')
    .replace(/\b(sha256:)?[0-9a-f]{12,}\b/g, '')
    .trim();

/**
 * At the overview level only the components the overview diagram draws are
 * asked about: client, dockerd, registry and auth. The steps collapsed into
 * the inside of the host (containerd and below) are not questions: the
 * diagram draws them as dockerd reaching into a container or the image
 * store, with no containerd to click. They are told instead, in the
 * explanation of the question whose request set them off.
 */
function overviewHops(trace: readonly Message[], firstSeq: number, lastSeq: number): Hop[] {
  const index = new OverviewIndex();
  index.catchUp(trace.slice(0, Math.min(lastSeq, trace.length)));
  const hops: (Hop & { inside: string[] })[] = [];
  for (const step of index.steps) {
    if (step.first < firstSeq || step.first > lastSeq) continue;
    const previous = hops[hops.length - 1];
    if (step.collapsed) {
      if (previous && !previous.inside.includes(step.title)) previous.inside.push(step.title);
      continue;
    }
    const lead = trace[step.first - 1]!;
    if (lead.kind === 'response' || lead.kind === 'stream') continue;
    // dockerd fetching layer after layer from the registry is one prediction:
    // where the flow goes next, not how many blobs there are.
    if (
      previous &&
      previous.from === step.from &&
      previous.to === step.to &&
      gist(previous.detail) === gist(lead.summary)
    )
      continue;
    hops.push({
      seq: step.first,
      from: step.from,
      to: step.to,
      operation: lead.operation,
      detail: step.title,
      inside: [],
    });
  }
  return hops.map(({ inside, ...hop }) => ({
    ...hop,
    detail: inside.length
      ? `${withStop(hop.detail)} Then, inside the host: ${inside.join('; ')}`
      : hop.detail,
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
