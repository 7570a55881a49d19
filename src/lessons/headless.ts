/**
 * Running lessons without a page: the author check (`npm run sim -- --lessons`)
 * and the tests. A fresh engine runs the lesson's setup, then each step's
 * solution, and the step's goal is checked before (it must not hold yet) and
 * after (it must hold). Also the helpers the UI needs to check a goal on its
 * own engine and to rebuild a step's starting state.
 */
import { Engine, type CommandResult } from '../sim/engine';
import { checkGoal, describeGoal } from './goals';
import type { GoalContext, HeadlessOptions, Lesson, LessonReport, StepReport } from './types';

/** As `npm run sim` does: one simulated second of "thinking" between command lines. */
export const THINK_TIME_MS = 1000;

/** Output that says a command never reached the simulation proper: an authoring bug in a lesson. */
const NOT_SIMULATED =
  /DockScope does not simulate|DockScope simulates one local daemon|DockScope internal error|unknown command|unknown flag|unknown shorthand flag/;

/** Why a command line is unfit for a lesson, or null. */
export function commandProblem(r: CommandResult): string | null {
  const text = r.stdout + r.stderr;
  if (NOT_SIMULATED.test(text)) return `${r.command}: ${text.trim().split('\n')[0]}`;
  return null;
}

/**
 * Results of the commands from id `sinceCommand` on. Engine ids count up by
 * one per command line, so the walk stops at the first id not yet used.
 */
export function resultsSince(engine: Engine, sinceCommand: number): CommandResult[] {
  const out: CommandResult[] = [];
  for (let id = Math.max(1, sinceCommand); ; id++) {
    const r = engine.result(id);
    if (!r) return out;
    out.push(r);
  }
}

/** What a goal is checked against on `engine`, for a step that began at `sinceSeq`/`sinceCommand`. */
export function goalContext(engine: Engine, sinceSeq: number, sinceCommand: number): GoalContext {
  return {
    view: engine.view(),
    viewOf: (host) => (engine.hostNamed(host) ? engine.view(host) : undefined),
    trace: engine.trace,
    results: resultsSince(engine, sinceCommand),
    sinceSeq,
    sinceCommand,
  };
}

/** The command lines that bring a fresh host to the start of step `stepIndex`: setup, then earlier solutions. */
export function commandsBefore(lesson: Lesson, stepIndex: number): string[] {
  return [...lesson.setup, ...lesson.steps.slice(0, stepIndex).flatMap((s) => s.solution)];
}

/**
 * A small driver over one engine that keeps the command ids it used, so a
 * step's window (first seq, first command) is known without engine internals.
 */
class Session {
  readonly engine: Engine;
  private lastId = 0;
  private ran = 0;

  constructor(
    seed: number,
    private readonly thinkMs: number,
  ) {
    this.engine = new Engine({ seed });
  }

  run(line: string): CommandResult {
    if (this.ran++ > 0) this.pause();
    const r = this.engine.run(line);
    this.lastId = r.id;
    return r;
  }

  /**
   * Let simulated time pass as a learner would before looking: a detached
   * container's short job (`docker start box` running `echo`) ends meanwhile.
   */
  pause(): void {
    this.engine.advance(this.thinkMs);
  }

  /** Marks where a step begins: the next message and the next command belong to it. */
  mark(): { sinceSeq: number; sinceCommand: number } {
    return { sinceSeq: this.engine.trace.length + 1, sinceCommand: this.lastId + 1 };
  }

  context(mark: { sinceSeq: number; sinceCommand: number }): GoalContext {
    return goalContext(this.engine, mark.sinceSeq, mark.sinceCommand);
  }
}

/** Run `lesson` headlessly and report, per step, whether its solution reaches its goal. */
export function runLessonHeadless(lesson: Lesson, options: HeadlessOptions = {}): LessonReport {
  const session = new Session(options.seed ?? 1, options.thinkMs ?? THINK_TIME_MS);
  const setupProblems: string[] = [];
  for (const line of lesson.setup) {
    const r = session.run(line);
    const problem = commandProblem(r);
    if (problem) setupProblems.push(problem);
    else if (r.exitCode !== 0 && r.exitCode !== null)
      setupProblems.push(`${line}: exit ${r.exitCode}`);
  }
  const steps: StepReport[] = lesson.steps.map((step) => {
    const mark = session.mark();
    const falseBefore = !checkGoal(step.goal, session.context(mark));
    const problems: string[] = [];
    for (const line of step.solution) {
      const problem = commandProblem(session.run(line));
      if (problem) problems.push(problem);
    }
    session.pause();
    const reached = checkGoal(step.goal, session.context(mark));
    return { id: step.id, falseBefore, reached, problems, goal: describeGoal(step.goal) };
  });
  return {
    id: lesson.id,
    title: lesson.title,
    setupProblems,
    steps,
    ok:
      setupProblems.length === 0 &&
      steps.every((s) => s.falseBefore && s.reached && s.problems.length === 0),
  };
}

/**
 * Whether typing `commands` at the start of step `stepIndex` (after the setup
 * and the earlier steps' solutions) reaches that step's goal. For tests of
 * wrong answers, and for an author trying an alternative path.
 */
export function tryStep(
  lesson: Lesson,
  stepIndex: number,
  commands: readonly string[],
  options: HeadlessOptions = {},
): boolean {
  const step = lesson.steps[stepIndex];
  if (!step) return false;
  const session = new Session(options.seed ?? 1, options.thinkMs ?? THINK_TIME_MS);
  for (const line of commandsBefore(lesson, stepIndex)) session.run(line);
  const mark = session.mark();
  for (const line of commands) session.run(line);
  session.pause();
  return checkGoal(step.goal, session.context(mark));
}
