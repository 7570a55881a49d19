import { describe, expect, it } from 'vitest';
import { runLessonHeadless } from './headless';
import { formatLessonReports } from './report';
import type { Lesson } from './types';

/** A lesson with authoring bugs: a goal true from the start, and one the solution misses. */
const broken: Lesson = {
  id: 'broken',
  title: 'Broken on purpose',
  summary: '',
  intro: '',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'already-true',
      task: '',
      commands: ['docker images'],
      goal: { image: 'alpine', present: true },
      hints: [],
      solution: ['docker images'],
      explain: '',
    },
    {
      id: 'never-reached',
      task: '',
      commands: ['docker ps'],
      goal: { container: { name: 'web' } },
      hints: [],
      solution: ['docker ps', 'docker commit web'],
      explain: '',
    },
  ],
};

describe('author check report', () => {
  const report = runLessonHeadless(broken);

  it('flags a goal true before its step, a goal not reached and a command not simulated', () => {
    expect(report.ok).toBe(false);
    expect(report.steps[0]).toMatchObject({ falseBefore: false, reached: true });
    expect(report.steps[1]).toMatchObject({ falseBefore: true, reached: false });
    expect(report.steps[1]!.problems).toEqual([
      expect.stringContaining(
        "docker commit web: DockScope: 'docker commit' is a real docker command",
      ),
    ]);
  });

  it('prints ✓/✗ per lesson and step, and fails overall', () => {
    const { text, ok } = formatLessonReports([report], false);
    expect(ok).toBe(false);
    expect(text).toContain('✗ broken — Broken on purpose');
    expect(text).toContain('    ✗ already-true: the image alpine is on the host');
    expect(text).toContain('the goal already held before the step began');
    expect(text).toContain('the solution does not reach the goal');
    expect(text).toMatch(/1 of 1 lessons failed\n$/);
  });

  it('--json gives the same facts as data', () => {
    const { text, ok } = formatLessonReports([report], true);
    expect(ok).toBe(false);
    expect(JSON.parse(text)).toEqual({ ok: false, lessons: [report] });
  });
});
