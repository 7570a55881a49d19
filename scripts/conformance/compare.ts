/**
 * Judging two runs of one scenario: per command line, the client → dockerd
 * requests (method, versioned path, decoded query, whole body) and the bytes
 * printed with the exit code. Normalised, and only there: what the wall clock
 * or Go's map order decides (docs/conformance.md lists each case).
 */
import type { Observed, ScenarioRun, SentRequest } from './harness';

const UNIT = '(?:second|minute|hour|day|week|month|year)s?';
const DURATION = `(?:\\d+ ${UNIT}|About a minute|About an hour|Less than a second)`;

const UP = new RegExp(`\\bUp ${DURATION}`, 'g');
const AGO = new RegExp(`${DURATION} ago`, 'g');

/**
 * "3 seconds ago" → "<ago>", "Up 2 seconds" → "Up <dur>": what the wall clock
 * decides. A table holding such a phrase pads its columns to the phrase's
 * length, so in such an output runs of blanks are compared as one column gap.
 */
export function normaliseTimes(text: string): string {
  const out = text.replace(UP, 'Up <dur>').replace(AGO, '<ago>');
  return out === text ? text : out.replace(/ {2,}/g, '   ');
}

/**
 * Container output (`docker logs`, a foreground `docker run`) is stamped by
 * the container with the host's clock, and the daemon's clock follows the wall
 * clock between the real CLI's requests: the time of day is not compared there.
 */
const CONTAINER_OUTPUT = /^docker (?:container )?(?:logs|run|start)\b/;
const TIME_OF_DAY = /\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g;

/** `docker info` prints its runtimes in Go map order, which changes from run to run. */
const sortRuntimes = (text: string) =>
  text.replace(
    /^( Runtimes: )(.*)$/m,
    (_, head: string, list: string) => head + list.split(' ').sort().join(' '),
  );

/**
 * `docker inspect` shows the daemon's times to the nanosecond (Created,
 * StartedAt, LastTagTime); between the real CLI's requests the daemon's clock
 * follows the wall clock, so the fraction of a second is not compared there.
 */
const INSPECT = /^docker (?:(?:container |image )?inspect)\b/;
const FRACTION = /(\d{2}:\d{2}:\d{2})\.\d+/g;

export function normaliseOutput(line: string, text: string): string {
  const out = sortRuntimes(normaliseTimes(text));
  if (INSPECT.test(line)) return out.replace(FRACTION, '$1.<fraction>');
  return CONTAINER_OUTPUT.test(line) ? out.replace(TIME_OF_DAY, 'hh:mm:ss') : out;
}

/** CLI 28.2 sends `-e` variables in Go map order (it changes from run to run): compared as a set. */
function withSortedEnv(body: unknown): unknown {
  const env = (body as { Env?: unknown } | null)?.Env;
  if (!Array.isArray(env)) return body;
  return { ...(body as object), Env: [...(env as string[])].sort() };
}

/** One request on one line: `POST /v1.50/containers/create name=web {"Image":…}`. */
export function requestLine(r: SentRequest): string {
  const path = r.path.replace(/\b[0-9a-f]{64}\b/g, '<id>');
  const query = Object.keys(r.query)
    .sort()
    .map((k) => `${k}=${r.query[k]}`)
    .join('&');
  const body = r.body === undefined ? '' : ` ${JSON.stringify(withSortedEnv(r.body))}`;
  return `${r.method} ${path}${query ? `?${query}` : ''}${body}`;
}

export interface LineVerdict {
  line: string;
  identical: boolean;
  problems: string[];
}

export function compareLine(real: Observed, sim: Observed): LineVerdict {
  const problems: string[] = [];
  const inOrder = (lines: string[]) => (real.unordered ? [...lines].sort() : lines);
  const a = inOrder(real.requests.map(requestLine));
  const b = inOrder(sim.requests.map(requestLine));
  if (a.join('\n') !== b.join('\n')) problems.push('requests differ');
  if (real.exitCode !== sim.exitCode)
    problems.push(`exit code: real ${real.exitCode}, DockScope ${sim.exitCode}`);
  const same = (a: string, b: string) =>
    normaliseOutput(real.line, a) === normaliseOutput(real.line, b);
  if (!same(real.stdout, sim.stdout)) problems.push('stdout differs');
  if (!same(real.stderr, sim.stderr)) problems.push('stderr differs');
  return { line: real.line, identical: problems.length === 0, problems };
}

export function compareRuns(real: ScenarioRun, sim: ScenarioRun): LineVerdict[] {
  return real.steps.map((r, i) => compareLine(r, sim.steps[i]!));
}

/** Setup lines are not compared, but must have worked on both hosts alike. */
export function setupProblems(real: ScenarioRun, sim: ScenarioRun): string[] {
  return real.setup.flatMap((r, i) => {
    const s = sim.setup[i]!;
    return r.exitCode === s.exitCode && r.exitCode === 0
      ? []
      : [`setup \`${r.line}\`: real exit ${r.exitCode}, DockScope exit ${s.exitCode}`];
  });
}

function sideBySide(left: string[], right: string[], titles: [string, string]): string {
  const width = Math.min(100, Math.max(titles[0].length, ...left.map((l) => l.length)));
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
  const rows = [`  ${cut(titles[0])} | ${titles[1]}`];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? '';
    const r = right[i] ?? '';
    rows.push(`${l === r ? ' ' : '!'} ${cut(l)} | ${r === l ? '〃' : r}`);
  }
  return rows.join('\n');
}

const block = (title: string, text: string) =>
  `--- ${title} (${text.length} bytes) ---\n${text}${text.endsWith('\n') || !text ? '' : '⏎(no newline at end)\n'}`;

/** The artifact for a scenario with differences: everything needed to judge them. */
export function reportText(
  name: string,
  real: ScenarioRun,
  sim: ScenarioRun,
  verdicts: LineVerdict[],
): string {
  const parts: string[] = [`conformance scenario ${name}`, ''];
  for (const p of setupProblems(real, sim)) parts.push(`SETUP: ${p}`);
  real.steps.forEach((r, i) => {
    const s = sim.steps[i]!;
    const v = verdicts[i]!;
    parts.push(
      `=== ${v.identical ? 'same' : 'DIFFERENT'}: ${r.line}${v.problems.length ? `  [${v.problems.join('; ')}]` : ''}`,
      sideBySide(r.requests.map(requestLine), s.requests.map(requestLine), [
        'real docker CLI → daemon',
        'DockScope simulated CLI',
      ]),
      `exit: real ${r.exitCode}, DockScope ${s.exitCode}`,
    );
    r.requests.forEach((req, j) => {
      const other = s.requests[j];
      if (!other || req.body === undefined || requestLine(req) === requestLine(other)) return;
      const d = jsonDiff(req.body, other.body);
      if (d.length)
        parts.push(`  body of request ${j + 1} (real → DockScope):`, ...d.map((x) => `    ${x}`));
    });
    if (!v.identical) {
      parts.push(
        block('real stdout', r.stdout),
        block('DockScope stdout', s.stdout),
        block('real stderr', r.stderr),
        block('DockScope stderr', s.stderr),
      );
    }
    parts.push('');
  });
  return parts.join('\n');
}

/** Where two JSON values differ: `HostConfig.ConsoleSize: [0,0] → [24,80]`. */
export function jsonDiff(a: unknown, b: unknown, at = ''): string[] {
  const isObj = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const inner = keys.flatMap((k) => jsonDiff(a[k], b[k], at ? `${at}.${k}` : k));
    const order = Object.keys(a).join() === Object.keys(b).join();
    return inner.length || order ? inner : [`${at || '(body)'}: keys in another order`];
  }
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja === jb ? [] : [`${at || '(body)'}: ${ja ?? 'absent'} → ${jb ?? 'absent'}`];
}
