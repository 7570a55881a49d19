/**
 * The author check's output (`npm run --silent sim -- --lessons [--json]`):
 * per lesson and step, whether the solution reaches the goal.
 */
import type { LessonReport } from './types';

export interface FormattedReport {
  text: string;
  /** Every lesson passed: the command exits 0. */
  ok: boolean;
}

export function formatLessonReports(
  reports: readonly LessonReport[],
  json: boolean,
): FormattedReport {
  const ok = reports.every((r) => r.ok);
  if (json) return { text: `${JSON.stringify({ ok, lessons: reports }, null, 2)}\n`, ok };
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.ok ? '✓' : '✗'} ${r.id} — ${r.title}`);
    for (const p of r.setupProblems) lines.push(`    ! setup: ${p}`);
    for (const s of r.steps) {
      const good = s.falseBefore && s.reached && s.problems.length === 0;
      lines.push(`    ${good ? '✓' : '✗'} ${s.id}: ${s.goal}`);
      if (!s.falseBefore) lines.push('        ! the goal already held before the step began');
      if (!s.reached) lines.push('        ! the solution does not reach the goal');
      for (const p of s.problems) lines.push(`        ! ${p}`);
    }
  }
  const steps = reports.reduce((n, r) => n + r.steps.length, 0);
  const failed = reports.filter((r) => !r.ok).length;
  lines.push(
    '',
    ok
      ? `${reports.length} lessons, ${steps} steps: every goal reached`
      : `${failed} of ${reports.length} lessons failed`,
  );
  return { text: `${lines.join('\n')}\n`, ok };
}
