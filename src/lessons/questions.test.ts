import { describe, expect, it } from 'vitest';
import { commandProblem } from './headless';
import { QUESTIONS, findFocus, highlights, questionById } from './questions';
import { replayQuestion } from './replay';
import { Engine } from '../sim/engine';
import { THINK_TIME_MS } from './headless';

/** Sentences: split after . ? ! followed by a space and a capital, a digit or a backquote. */
const sentences = (text: string) => text.split(/(?<=[.?!])\s+(?=[A-Z0-9`])/).length;

describe('question bank', () => {
  it('holds at least 30 questions with unique ids, across the interview topics', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(QUESTIONS.length);
    const topics = new Set(QUESTIONS.map((q) => q.topic));
    for (const t of [
      'client-daemon',
      'rest-api',
      'registry',
      'objects',
      'containerd-runc',
      'kernel',
      'lifecycle',
      'networking',
      'logs',
      'kubernetes',
    ]) {
      expect(topics.has(t as never), t).toBe(true);
    }
    for (const q of QUESTIONS) expect(questionById(q.id)).toBe(q);
    expect(questionById('nope')).toBeUndefined();
  });

  it('answers in one to three sentences, and every show is plain data', () => {
    for (const q of QUESTIONS) {
      expect(q.question.trim().endsWith('?'), q.id).toBe(true);
      expect(sentences(q.answer), q.id).toBeLessThanOrEqual(3);
      expect(JSON.parse(JSON.stringify(q.show)), q.id).toEqual(q.show);
      expect(q.show.commands.length, q.id).toBeGreaterThan(0);
      expect(q.show.highlight.length, q.id).toBeGreaterThan(0);
      expect(q.show.focus, q.id).toBeDefined();
    }
  });

  it.each(QUESTIONS.map((q) => [q.id, q] as const))(
    '%s: the replay runs, the focus is a real message and every highlight takes part',
    (_id, q) => {
      const replay = replayQuestion(q);
      for (let id = 1; engine(replay).result(id); id++) {
        expect(commandProblem(engine(replay).result(id)!), q.id).toBeNull();
      }
      expect(replay.focusSeq, 'focus').toBeDefined();
      const focused = replay.engine.trace[replay.focusSeq! - 1]!;
      expect(focused.seq).toBeGreaterThanOrEqual(replay.firstSeq);
      const part = replay.engine.trace.slice(replay.firstSeq - 1);
      for (const h of q.show.highlight) {
        expect(
          part.some((m) => highlights(h, m.from) || highlights(h, m.to)),
          `${h} takes part`,
        ).toBe(true);
      }
    },
  );

  it('logs-source proves its answer: a stopped container’s logs print many lines, the focus is dockerd reading the json-file', () => {
    const q = questionById('logs-source')!;
    // As the page runs it: no time passes between the last setup line and the command.
    const e = new Engine({ seed: 1 });
    q.show.setup.forEach((line, i) => {
      if (i > 0) e.advance(THINK_TIME_MS);
      e.run(line);
    });
    const first = e.trace.length + 1;
    const result = e.run(q.show.commands[0]!);
    const lines = result.output
      .map((c) => c.text)
      .join('')
      .split('\n')
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    const seq = findFocus(e.trace, first, q.show.focus)!;
    const focused = e.trace[seq - 1]!;
    expect(focused.from).toBe('dockerd');
    expect(focused.to).toBe('client');
    expect(focused.summary).toMatch(/json-file/);
  });

  it('findFocus only looks from the given seq on, and finds nothing for no focus', () => {
    const q = questionById('ping')!;
    const replay = replayQuestion(q);
    expect(findFocus(replay.engine.trace, 1, { operation: '^HEAD /_ping$' })).toBe(1);
    expect(findFocus(replay.engine.trace, 3, { operation: '^HEAD /_ping$' })).toBeUndefined();
    expect(findFocus(replay.engine.trace, 1, undefined)).toBeUndefined();
    expect(findFocus(replay.engine.trace, 1, { operation: '(' })).toBeUndefined();
  });
});

const engine = (r: ReturnType<typeof replayQuestion>) => r.engine;
