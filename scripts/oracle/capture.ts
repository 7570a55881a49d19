// Runs the real docker CLI against the fake daemon for every scenario and writes the golden
// fixtures to src/sim/client/fixtures/cli-captures.json.
//   npx tsx scripts/oracle/capture.ts [name-filter]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { FakeDaemon, type RecordedRequest } from './fakeDaemon';
import type { DaemonSeed } from './engine';
import { FIXTURE_EPOCH } from './model';
import { SCENARIOS, type Scenario } from './scenarios';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '../../src/sim/client/fixtures/cli-captures.json');
const TIMEOUT_MS = 20_000;

export interface Capture {
  name: string;
  args: string[];
  /** The command line as a user would type it (POSIX-shell quoted). */
  command: string;
  seed: DaemonSeed;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout/stderr with relative times replaced (see README). */
  normalized: { stdout: string; stderr: string };
  /** Whether the CLI contacted the daemon at all. */
  pinged: boolean;
  requests: RecordedRequest[];
  /** Only for seeds with `timing`: arrivals (→) and answers (←) in order. */
  timeline?: string[];
}

const shellQuote = (a: string): string =>
  /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;

const UNIT = '(?:second|minute|hour|day|week|month|year)s?';
const DURATION = `(?:\\d+ ${UNIT}|About a minute|About an hour|Less than a second)`;

/** Replace wall-clock-relative phrases: "3 minutes ago" → "<ago>", "Up 2 hours" → "Up <dur>". */
export function normalizeTimes(text: string): string {
  return text
    .replace(new RegExp(`\\bUp ${DURATION}`, 'g'), 'Up <dur>')
    .replace(new RegExp(`${DURATION} ago`, 'g'), '<ago>');
}

interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function runDocker(args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`docker ${args.join(' ')}: timed out`));
    }, TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/**
 * The CLI prints its config dir in help ("--config … (default …)") and wraps that text by
 * length. A temp dir exactly as long as CONFIG_SHOWN ("/tmp/ds" + 6 random characters) is
 * used and then replaced, so the bytes equal a run with HOME=/root and no DOCKER_CONFIG.
 */
const CONFIG_SHOWN = '/root/.docker';

async function capture(s: Scenario): Promise<Capture> {
  const tmp = mkdtempSync('/tmp/ds');
  if (tmp.length !== CONFIG_SHOWN.length) throw new Error(`unexpected temp dir ${tmp}`);
  const daemon = new FakeDaemon(s.seed);
  const port = await daemon.listen();
  if (s.daemon === false) await daemon.close();
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: tmp,
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
      DOCKER_CONFIG: tmp,
      TZ: 'UTC',
      LANG: 'C.UTF-8',
    };
    const r = await runDocker(s.args, env);
    // Let in-flight requests (a detached run's wait) land before snapshotting.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const scrub = (t: string): string =>
      t.split(tmp).join(CONFIG_SHOWN).split(`127.0.0.1:${port}`).join('127.0.0.1:<PORT>');
    const stdout = scrub(r.stdout);
    const stderr = scrub(r.stderr);
    const requests = JSON.parse(scrub(JSON.stringify(daemon.requests))) as RecordedRequest[];
    const written = readdirSync(tmp);
    if (written.length > 0) console.warn(`  ${s.name}: CLI wrote ${written.join(', ')}`);
    return {
      name: s.name,
      args: [...s.args],
      command: ['docker', ...s.args.map(shellQuote)].join(' '),
      seed: s.seed,
      exitCode: r.exitCode,
      stdout,
      stderr,
      normalized: { stdout: normalizeTimes(stdout), stderr: normalizeTimes(stderr) },
      pinged: requests.some((q) => q.path === '/_ping'),
      requests,
      ...(s.seed.timing ? { timeline: [...daemon.timeline] } : {}),
    };
  } finally {
    if (s.daemon !== false) await daemon.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const cliVersion = execFileSync('docker', ['--version'], { encoding: 'utf8' }).trim();
  const captures: Capture[] = [];
  for (const s of SCENARIOS) {
    if (filter && !s.name.includes(filter)) continue;
    const c = await capture(s);
    console.log(`${c.name.padEnd(28)} exit=${c.exitCode} requests=${c.requests.length}`);
    captures.push(c);
  }
  const fixture = {
    about:
      'Golden captures of the real docker CLI talking to scripts/oracle/fakeDaemon.ts. Regenerate with `npx tsx scripts/oracle/capture.ts`. See README.md.',
    cli: cliVersion,
    daemon: 'fake dockerd 28.2.2, Engine API 1.50, containerd image store',
    env: {
      TZ: 'UTC',
      LANG: 'C.UTF-8',
      DOCKER_CONFIG: '<DOCKER_CONFIG> (empty temp dir)',
      tty: false,
    },
    fixtureEpoch: FIXTURE_EPOCH,
    timeNote:
      'Seeds give times as seconds before the daemon start. The CLI saw them relative to its wall clock; recorded response bodies render them relative to fixtureEpoch.',
    scenarios: captures,
  };
  if (filter) {
    console.log(JSON.stringify(captures, null, 2));
    return;
  }
  // Format like the rest of the repo, so `prettier --check .` stays green.
  const options = (await resolveConfig(OUT)) ?? {};
  writeFileSync(OUT, await format(JSON.stringify(fixture), { ...options, filepath: OUT }));
  console.log(`wrote ${captures.length} scenarios to ${path.relative(process.cwd(), OUT)}`);
}

await main();
