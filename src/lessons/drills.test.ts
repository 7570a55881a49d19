import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { OverviewIndex } from '../sim/trace/overview';
import { DRILLS, HOP_WHY } from './content/drills';
import { commandProblem } from './headless';
import {
  drillById,
  hopQuiz,
  isCorrectHop,
  roleOf,
  ROLES,
  scoreDrill,
  sentenceCase,
} from './drills';
import { prepareDrill } from './replay';
import type { HopQuestion } from './types';

/** `docker run nginx` with nginx already pulled, as the full drill plays it. */
function runNginx() {
  const engine = new Engine({ seed: 1 });
  engine.run('docker pull nginx');
  engine.advance(1000);
  const r = engine.run('docker run nginx');
  return { engine, r };
}

describe('hopQuiz, full level, on docker run nginx', () => {
  const { engine, r } = runNginx();
  const questions = hopQuiz(engine.trace, r.firstSeq, r.lastSeq, 'full');

  it('asks about each request and event of the command, in trace order, and nothing else', () => {
    const expected = engine.trace
      .slice(r.firstSeq - 1, r.lastSeq)
      .filter((m) => m.kind === 'request' || m.kind === 'event')
      .map((m) => m.seq);
    expect(questions.map((q) => q.seq)).toEqual(expected);
    expect(questions.length).toBeGreaterThan(20);
  });

  it('answers with the receiver the trace recorded, and its role among the choices', () => {
    for (const q of questions) {
      const m = engine.trace[q.seq - 1]!;
      expect(q.answer).toBe(m.to);
      expect(q.from).toBe(m.from);
      expect(q.role).toBe(roleOf(m.to));
      expect(q.choices).toContain(q.role);
      expect(q.operation).toBe(m.operation);
      expect(q.explanation.length).toBeGreaterThan(10);
    }
  });

  it('follows the known path: CLI → dockerd → containerd → shim → runc → kernel', () => {
    const hop = (op: RegExp) => questions.find((q) => op.test(q.operation));
    expect(hop(/^POST \/v1\.50\/containers\/create$/)).toMatchObject({
      from: 'client',
      role: 'dockerd',
    });
    expect(hop(/Tasks\/Create$/)).toMatchObject({ from: 'dockerd', role: 'containerd' });
    expect(hop(/^containerd-shim-runc-v2 start$/)).toMatchObject({
      from: 'containerd',
      role: 'shim',
    });
    expect(hop(/^runc create$/)?.role).toBe('runc');
    expect(hop(/^runc create$/)?.from).toMatch(/^shim-[0-9a-f]{12}$/);
    expect(hop(/^pivot_root/)).toMatchObject({ from: 'runc', role: 'kernel' });
    expect(hop(/^\/tasks\/start$/)).toMatchObject({ from: 'containerd', role: 'dockerd' });
  });

  it('offers role names as the diagram shows them, in diagram order', () => {
    expect(questions[0]!.choices).toEqual([
      'client',
      'dockerd',
      'containerd',
      'shim',
      'runc',
      'kernel',
    ]);
    for (const c of questions[0]!.choices) expect(ROLES).toContain(c);
  });
});

describe('hopQuiz, overview level', () => {
  const engine = new Engine({ seed: 1 });
  const r = engine.run('docker run nginx');
  const questions = hopQuiz(engine.trace, r.firstSeq, r.lastSeq, 'overview');
  const index = new OverviewIndex();
  index.catchUp(engine.trace);

  it('asks about overview steps, answered by the step’s arrow', () => {
    expect(questions.length).toBeGreaterThan(5);
    for (const q of questions) {
      const step = index.stepOf(q.seq)!;
      expect(step.first).toBe(q.seq);
      expect(q.answer).toBe(step.to);
      expect(q.from).toBe(step.from);
      expect(q.choices).toContain(q.role);
    }
    // far fewer questions than messages
    expect(questions.length).toBeLessThan((r.lastSeq - r.firstSeq) / 4);
  });

  it('only asks about components the overview diagram draws, so every answer can be clicked', () => {
    const drawn = ['client', 'dockerd', 'registry', 'auth'];
    for (const q of questions) {
      expect(drawn).toContain(q.role);
      expect(drawn).toContain(roleOf(q.from));
      for (const c of q.choices) expect(drawn).toContain(c);
      // The diagram draws a step between two overview components along its own arrow.
      expect(index.stepOf(q.seq)).toMatchObject({ collapsed: false, from: q.from, to: q.answer });
    }
    // Layer after layer from the registry is one question, not seven.
    const blobs = questions.filter((q) => /\/blobs\//.test(q.operation));
    const layerGets = engine.trace.filter(
      (m) => m.to === 'registry' && /\/blobs\//.test(m.operation) && m.seq >= r.firstSeq,
    );
    expect(layerGets.length).toBeGreaterThan(3);
    expect(blobs.length).toBeLessThan(layerGets.length);
  });

  it('starts every explanation as a sentence', () => {
    for (const q of questions) expect(q.explanation).toMatch(/^([A-Z]|dockerd|docker )/);
    expect(sentenceCase('the same question')).toBe('The same question');
    expect(sentenceCase('dockerd asks')).toBe('dockerd asks');
    expect(sentenceCase('')).toBe('');
  });

  it('keeps the interview answer: 404, pull with a token, create, start', () => {
    const ops = questions.map((q) => `${roleOf(q.from)}→${q.role} ${q.operation}`);
    const at = (re: RegExp) => ops.findIndex((o) => re.test(o));
    const create = at(/^client→dockerd POST \/v1\.50\/containers\/create/);
    const pull = at(/^client→dockerd POST \/v1\.50\/images\/create/);
    const token = at(/^dockerd→auth GET \/token/);
    const start = at(/^client→dockerd POST .*\/start$/);
    expect([create, pull, token, start].every((i) => i >= 0)).toBe(true);
    expect(create < pull && pull < token && token < start).toBe(true);
    // What happens inside the host is told with the request that set it off.
    expect(questions[start]!.explanation).toContain(
      'Then, inside the host: dockerd asks containerd how to mount',
    );
    expect(questions[start]!.explanation).toContain('create the container’s process');
    expect(questions.every((q) => engine.trace[q.seq - 1]!.kind !== 'response')).toBe(true);
  });
});

describe('scoring', () => {
  const q = (seq: number, answer: string): HopQuestion => ({
    seq,
    from: 'containerd',
    answer,
    role: roleOf(answer),
    choices: ['containerd', 'shim', 'runc'],
    explanation: '',
    operation: '',
  });

  it('counts a role name or a clicked component id of the same role as right', () => {
    const shim = q(5, 'shim-0123456789ab');
    expect(isCorrectHop(shim, 'shim')).toBe(true);
    expect(isCorrectHop(shim, 'shim-ba9876543210')).toBe(true);
    expect(isCorrectHop(shim, 'runc')).toBe(false);
    expect(isCorrectHop(shim, '')).toBe(false);
  });

  it('scores answers: correct, total, percent and the missed seqs', () => {
    const answers = [
      { question: q(1, 'runc'), picked: 'runc' },
      { question: q(2, 'shim-0123456789ab'), picked: 'containerd' },
      { question: q(3, 'kernel'), picked: 'kernel' },
    ];
    expect(scoreDrill(answers)).toEqual({ correct: 2, total: 3, percent: 67, missed: [2] });
    expect(scoreDrill([])).toEqual({ correct: 0, total: 0, percent: 0, missed: [] });
  });
});

describe('drill catalogue', () => {
  it('has unique ids and is found by id', () => {
    expect(new Set(DRILLS.map((d) => d.id)).size).toBe(DRILLS.length);
    for (const d of DRILLS) expect(drillById(d.id)).toBe(d);
    expect(drillById('nope')).toBeUndefined();
  });

  it.each(DRILLS.map((d) => [d.id, d] as const))(
    '%s: setup and command are simulated and give questions',
    (_id, drill) => {
      const { engine, result, questions } = prepareDrill(drill);
      expect(commandProblem(result)).toBeNull();
      for (let id = 1; id < result.id; id++) expect(commandProblem(engine.result(id)!)).toBeNull();
      expect(questions.length).toBeGreaterThan(2);
      expect(questions.length).toBeLessThan(60);
      // every hop the drill asks about has a reason in the table
      for (const q of questions)
        expect(HOP_WHY[`${roleOf(q.from)}→${q.role}`], `${q.from}→${q.answer}`).toBeDefined();
    },
  );
});
