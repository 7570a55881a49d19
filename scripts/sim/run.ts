import { Engine, type CommandResult, type Message } from '../../src/sim/engine';
import { toMermaid } from '../../src/sim/trace/mermaid';
import { LESSONS, runLessonHeadless } from '../../src/lessons';
import { formatLessonReports } from '../../src/lessons/report';
import { CATALOG } from '../../src/sim/registry/catalog';

const THINK_TIME_MS = 1000;

const USAGE =
  'usage: npm run --silent sim -- [--seed N] [--json | --mermaid] [--tty] "docker …" ["docker …" …]\n' +
  '       npm run --silent sim -- --lessons [--json]\n' +
  '       npm run --silent sim -- --images\n';

/** What one run printed and how it ended: the entry script writes it out, the tests read it. */
export interface SimRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** The headless CLI, as a function of its arguments (`process.argv.slice(2)`). */
export function runSim(argv: readonly string[]): SimRun {
  let stdout = '';
  const write = (text: string) => {
    stdout += text;
  };
  const usage = (): SimRun => ({ status: 2, stdout: '', stderr: USAGE });

  let seed = 1;
  let json = false;
  let tty = false;
  /** Print each command's messages as a Mermaid sequence diagram instead. */
  let mermaid = false;
  let lessons = false;
  let images = false;
  const lines: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--seed') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n)) return usage();
      seed = n;
    } else if (a.startsWith('--seed=')) {
      seed = Number(a.slice(7));
      if (!Number.isInteger(seed)) return usage();
    } else if (a === '--json') json = true;
    else if (a === '--tty') tty = true;
    else if (a === '--mermaid') mermaid = true;
    else if (a === '--lessons') lessons = true;
    else if (a === '--images') images = true;
    else if (a === '--help' || a === '-h') return usage();
    else lines.push(a);
  }

  if (images) {
    // One line per repository the simulated Docker Hub carries: the name to type, its tags.
    if (lines.length > 0 || lessons) return usage();
    for (const repo of CATALOG) {
      const name = repo.name.replace(/^library\//, '');
      const tags = repo.images.flatMap((i) => i.tags).join(', ');
      write(`${name.padEnd(14)} ${tags}\n`);
    }
    return { status: 0, stdout, stderr: '' };
  }

  if (lessons) {
    if (lines.length > 0) return usage();
    const report = formatLessonReports(
      LESSONS.map((l) => runLessonHeadless(l, { seed })),
      json,
    );
    write(report.text);
    return { status: report.ok ? 0 : 1, stdout, stderr: '' };
  }

  const engine = new Engine({ seed, tty });
  const results: CommandResult[] = [];
  /** Trace positions while each command ran: what happened meanwhile belongs to it too. */
  const windows = new Map<number, [number, number]>();
  for (const [i, line] of lines.entries()) {
    if (i > 0) engine.advance(THINK_TIME_MS);
    const from = engine.trace.length;
    const r = engine.run(line);
    windows.set(r.id, [from, engine.trace.length]);
    results.push(r);
  }

  /**
   * A command's messages: those it sent, plus the ones it set off without being
   * their sender while it ran (a container's exit chain during `docker stop`:
   * SIGCHLD, TaskExit, Tasks.Delete, runc delete…).
   */
  const messagesOf = (r: CommandResult): Message[] => {
    const [from, to] = windows.get(r.id) ?? [0, 0];
    return engine.trace.filter(
      (m, i) => m.commandId === r.id || (m.commandId === undefined && i >= from && i < to),
    );
  };

  if (mermaid) {
    for (const r of results) write(`${toMermaid(messagesOf(r), { title: r.command })}\n`);
  } else if (json) {
    const out = {
      results: results.map((r) => ({
        command: r.command,
        stdout: r.stdout,
        stderr: r.stderr,
        exitCode: r.exitCode,
        messages: messagesOf(r).map((m) => ({
          seq: m.seq,
          from: m.from,
          to: m.to,
          protocol: m.protocol,
          operation: m.operation,
          status: m.status ?? null,
          summary: m.summary,
        })),
      })),
    };
    write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of results) {
      write(`$ ${r.command}\n`);
      for (const c of r.output) write(c.text);
      write(`[exit ${r.exitCode === null ? 'still attached' : r.exitCode}]\n\n`);
    }
    write('--- trace ---\n');
    for (const m of engine.trace) {
      const status = m.status === undefined ? '' : ` → ${String(m.status)}`;
      write(
        `${String(m.seq).padStart(4)} ${m.time.toFixed(3).padStart(10)}ms  ${m.from} → ${m.to}  [${m.protocol}] ${m.operation}${status}  — ${m.summary}\n`,
      );
    }
  }
  return { status: 0, stdout, stderr: '' };
}
