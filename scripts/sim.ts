/**
 * Headless DockScope: run docker command lines on one fresh simulated host.
 *
 *   npm run --silent sim -- [--seed N] [--json] [--tty] "docker run hello-world" "docker ps -a"
 *   npm run --silent sim -- --lessons [--json]   (author check: every lesson's solution reaches its goals)
 *   npm run --silent sim -- --images             (the images the simulated Docker Hub carries, with their tags)
 *
 * Plain mode prints what the terminal would show, then the trace, one line per
 * message. --json prints {"results":[{command,stdout,stderr,exitCode,messages}]}.
 * A command that stays attached (docker run nginx) keeps running; the next
 * line runs as if typed in a second terminal. One simulated second passes
 * between command lines.
 */
import { Engine, type CommandResult, type Message } from '../src/sim/engine';
import { toMermaid } from '../src/sim/trace/mermaid';
import { LESSONS, runLessonHeadless } from '../src/lessons';
import { formatLessonReports } from '../src/lessons/report';
import { CATALOG } from '../src/sim/registry/catalog';

const THINK_TIME_MS = 1000;

function usage(): never {
  process.stderr.write(
    'usage: npm run --silent sim -- [--seed N] [--json | --mermaid] [--tty] "docker …" ["docker …" …]\n' +
      '       npm run --silent sim -- --lessons [--json]\n' +
      '       npm run --silent sim -- --images\n',
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
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
    if (!Number.isInteger(n)) usage();
    seed = n;
  } else if (a.startsWith('--seed=')) {
    seed = Number(a.slice(7));
    if (!Number.isInteger(seed)) usage();
  } else if (a === '--json') json = true;
  else if (a === '--tty') tty = true;
  else if (a === '--mermaid') mermaid = true;
  else if (a === '--lessons') lessons = true;
  else if (a === '--images') images = true;
  else if (a === '--help' || a === '-h') usage();
  else lines.push(a);
}

if (images) {
  // One line per repository the simulated Docker Hub carries: the name to type, its tags.
  if (lines.length > 0 || lessons) usage();
  for (const repo of CATALOG) {
    const name = repo.name.replace(/^library\//, '');
    const tags = repo.images.flatMap((i) => i.tags).join(', ');
    process.stdout.write(`${name.padEnd(14)} ${tags}\n`);
  }
  process.exit(0);
}

if (lessons) {
  if (lines.length > 0) usage();
  const report = formatLessonReports(
    LESSONS.map((l) => runLessonHeadless(l, { seed })),
    json,
  );
  process.stdout.write(report.text);
  process.exit(report.ok ? 0 : 1);
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
  for (const r of results)
    process.stdout.write(`${toMermaid(messagesOf(r), { title: r.command })}\n`);
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
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else {
  for (const r of results) {
    process.stdout.write(`$ ${r.command}\n`);
    for (const c of r.output) process.stdout.write(c.text);
    process.stdout.write(`[exit ${r.exitCode === null ? 'still attached' : r.exitCode}]\n\n`);
  }
  process.stdout.write('--- trace ---\n');
  for (const m of engine.trace) {
    const status = m.status === undefined ? '' : ` → ${String(m.status)}`;
    process.stdout.write(
      `${String(m.seq).padStart(4)} ${m.time.toFixed(3).padStart(10)}ms  ${m.from} → ${m.to}  [${m.protocol}] ${m.operation}${status}  — ${m.summary}\n`,
    );
  }
}
