import { addressOf } from '../../src/sim/core/network';
import { Engine, type CommandResult, type Message } from '../../src/sim/engine';
import { toMermaid } from '../../src/sim/trace/mermaid';
import { LESSONS, runLessonHeadless } from '../../src/lessons';
import { formatLessonReports } from '../../src/lessons/report';
import { CATALOG } from '../../src/sim/registry/catalog';
import { checkInputs, parseJson } from '../../src/ui/persist/schema';
import { isFaultInput, type StandingFault } from '../../src/sim/core/faults';

const THINK_TIME_MS = 1000;

const USAGE =
  'usage: npm run --silent sim -- [--seed N] [--json | --mermaid] [--tty] "docker …" ["docker …" …]\n' +
  '       npm run --silent sim -- [--seed N] [--json] [--tty] --summary "docker …" ["docker …" …]\n' +
  '       npm run --silent sim -- […] -  < lines.txt   (the command lines from stdin, one per line)\n' +
  "       npm run --silent sim -- [--seed N] [--tty] --session -  < session.json   (replay a page's input log: the whole trace as JSON)\n" +
  '       npm run --silent sim -- --lessons [--json]\n' +
  '       npm run --silent sim -- --images\n' +
  '       npm run --silent sim -- --fault KIND[:PORT] […] "docker …"   (a fault in force before the lines: registry-down, registry-429, registry-401, registry-5xx, disk-full, port-taken:8080)\n';

/** What one run printed and how it ended: the entry script writes it out, the tests read it. */
export interface SimRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * The totals `--summary` prints: enough to time the engine from outside
 * without paying for formatting a trace nobody reads.
 */
export interface SimSummary {
  commands: number;
  /** Every message on the trace, including those no command sent (a container's exit chain). */
  messages: number;
  /** How many commands ended with each exit code, keyed by the code. */
  exitCodes: Record<string, number>;
  /** Commands still attached to a running container after the last line (`exitCode: null`). */
  attached: number;
  simulatedSeconds: number;
}

/**
 * The headless CLI, as a function of its arguments (`process.argv.slice(2)`).
 * `readStdin` is asked for the command lines only when `-` is the one line
 * argument: a few thousand lines do not fit in an argument list.
 */
export function runSim(argv: readonly string[], readStdin?: () => string): SimRun {
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
  /** Totals only: no per-command output is built, so the run times the engine. */
  let summary = false;
  /** Replay a page's session (its input log) from stdin and print the whole trace. */
  let session = false;
  let lines: string[] = [];
  // ── fault: faults put in force before the first line (src/sim/core/faults.ts) ──
  const faults: StandingFault[] = [];
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
    else if (a === '--summary') summary = true;
    else if (a === '--session') session = true;
    else if (a === '--help' || a === '-h') return usage();
    else if (a === '--fault') {
      const [kind, port] = (argv[++i] ?? '').split(':');
      const set = kind === 'port-taken' ? { kind, port: Number(port ?? 8080) } : { kind };
      if (!isFaultInput({ op: 'fault', set }) || kind === 'kill-shim') return usage();
      faults.push(set as StandingFault);
    } else lines.push(a);
  }

  if (summary && (mermaid || lessons || images)) return usage();
  if (session) {
    if (mermaid || lessons || images || summary || lines.length !== 1 || lines[0] !== '-')
      return usage();
    if (!readStdin) return usage();
    return replaySession(readStdin(), { seed, tty });
  }
  if (lines.includes('-')) {
    if (lines.length > 1 || !readStdin) return usage();
    // One command line per input line; blank lines (and a CRLF file's \r) are not commands.
    lines = readStdin()
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
      .filter((l) => l.trim() !== '');
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
  for (const set of faults) engine.fault({ op: 'fault', set });
  const results: CommandResult[] = [];
  /** Trace positions while each command ran: what happened meanwhile belongs to it too. */
  const windows = new Map<number, [number, number]>();
  for (const [i, line] of lines.entries()) {
    if (i > 0) engine.advance(THINK_TIME_MS);
    const from = engine.trace.length;
    const r = engine.run(line);
    if (!summary) windows.set(r.id, [from, engine.trace.length]);
    results.push(r);
  }

  if (summary) {
    const totals = summarize(engine, results);
    write(json ? `${JSON.stringify(totals)}\n` : formatSummary(totals));
    return { status: 0, stdout, stderr: '' };
  }

  /**
   * Each command's messages: those it sent, plus the ones it set off without being
   * their sender while it ran (a container's exit chain during `docker stop`:
   * SIGCHLD, TaskExit, Tasks.Delete, runc delete…). One pass over the trace: the
   * windows follow each other in trace order (a scan per command was quadratic:
   * 2,000 lines took 30 s with --json).
   */
  const byCommand = new Map<number, Message[]>(results.map((r) => [r.id, []]));
  const spans = results.map((r) => ({ id: r.id, window: windows.get(r.id) ?? [0, 0] }));
  let w = 0;
  engine.trace.forEach((m, i) => {
    if (m.commandId !== undefined) {
      byCommand.get(m.commandId)?.push(m);
      return;
    }
    while (w < spans.length && spans[w]!.window[1] <= i) w++;
    const span = spans[w];
    if (span && i >= span.window[0]) byCommand.get(span.id)!.push(m);
  });
  const messagesOf = (r: CommandResult): Message[] => byCommand.get(r.id) ?? [];

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
          fromHost: m.fromHost,
          toHost: m.toHost,
          protocol: m.protocol,
          operation: m.operation,
          op: m.op,
          ...(m.subjects ? { subjects: m.subjects } : {}),
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
        `${String(m.seq).padStart(4)} ${m.time.toFixed(3).padStart(10)}ms  ${addressOf(m.fromHost, m.from)} → ${addressOf(m.toHost, m.to)}  [${m.protocol}] ${m.operation}${status}  — ${m.summary}\n`,
      );
    }
  }
  return { status: 0, stdout, stderr: '' };
}

/**
 * `--session -`: the page's saved session (an exported file, or `{columns, inputs}`) replayed
 * on a fresh engine with the same seed: every message of the trace and every command's result,
 * as JSON. The page's engine (in its Web Worker) must record the same (e2e/worker.spec.ts).
 */
function replaySession(text: string, options: { seed: number; tty: boolean }): SimRun {
  const fail = (reason: string): SimRun => ({
    status: 2,
    stdout: '',
    stderr: `sim --session: ${reason}\n`,
  });
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(parsed.reason);
  const saved = parsed.value as { columns?: unknown; inputs?: unknown } | null;
  const inputs = checkInputs(saved?.inputs);
  if (!inputs.ok) return fail(inputs.reason);
  const columns = typeof saved?.columns === 'number' ? saved.columns : 80;
  const engine = Engine.replay(inputs.value, { ...options, columns });
  const results: CommandResult[] = [];
  for (let id = 1; engine.result(id); id++) results.push(engine.result(id)!);
  return { status: 0, stdout: `${JSON.stringify({ results, trace: engine.trace })}\n`, stderr: '' };
}

/** Read after the last line: a command attached earlier may have ended since (`docker stop`). */
function summarize(engine: Engine, results: readonly CommandResult[]): SimSummary {
  const exitCodes: Record<string, number> = {};
  let attached = 0;
  for (const r of results) {
    if (r.exitCode === null) attached++;
    else exitCodes[r.exitCode] = (exitCodes[r.exitCode] ?? 0) + 1;
  }
  return {
    commands: results.length,
    messages: engine.lastSeq,
    // Integer keys: JSON.stringify lists them in ascending order, so the shape is stable.
    exitCodes,
    attached,
    // Whole microseconds: the scheduler's sums of fractional milliseconds carry float noise.
    simulatedSeconds: Math.round(engine.now * 1000) / 1e6,
  };
}

function formatSummary(s: SimSummary): string {
  const rows: Array<[string, number]> = [
    ['commands', s.commands],
    ['messages', s.messages],
    ...Object.entries(s.exitCodes).map(([code, n]): [string, number] => [`exit ${code}`, n]),
    ['still attached', s.attached],
    ['simulated seconds', s.simulatedSeconds],
  ];
  return rows.map(([k, v]) => `${k.padEnd(18)} ${String(v)}\n`).join('');
}
