/**
 * The conformance harness: one scenario, two runs. (a) a fresh daemon serves
 * a simulated host to the REAL docker CLI, each line run as its own process
 * with no TTY; (b) an identical fresh Engine runs the same lines with
 * DockScope's simulated CLI. Both runs record, per line, the output, the exit
 * code and the client → dockerd requests from the host's trace.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { Engine, type HttpRequest } from '../../src/sim/engine';
import { splitWords } from '../../src/sim/shell/words';
import type { Scenario, Step } from './scenarios';

export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

export interface Observed {
  line: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  requests: SentRequest[];
  /** The host's simulated clock when the line started (ms since boot). */
  startedAt: number;
  /** The requests' order is not the CLI's to keep (see Step.unordered). */
  unordered?: boolean;
}

export interface ScenarioRun {
  setup: Observed[];
  steps: Observed[];
}

export interface Daemon {
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

/** scripts/daemon/server.ts's startDaemon, or anything with its shape. */
export type StartDaemon = (opts: {
  port?: number;
  host?: string;
  engine?: Engine;
  serveApp?: boolean;
  quiet?: boolean;
}) => Promise<Daemon>;

/** Simulated time between two command lines, as `npm run sim` does ("one second apart"). */
export const THINK_TIME_MS = 1000;
/**
 * Ctrl-C comes once the attached container has run this long on the host's
 * simulated clock (its start-up logs are out) and its output has been quiet
 * for QUIET_MS of wall clock. The simulated clock, not the wall clock alone,
 * decides: a busy machine delays the daemon's clock as much as the timers.
 */
const SETTLE_SIM_MS = 2000;
const QUIET_MS = 200;
const LINE_TIMEOUT_MS = 30_000;

/**
 * The real CLI prints its config directory in help texts and wraps them by
 * length; a temp dir exactly as long as the default (`/root/.docker`) keeps
 * the wrapping, and is written back as the default.
 */
const CONFIG_SHOWN = '/root/.docker';

const stepOf = (s: string | Step): Step => (typeof s === 'string' ? { line: s } : s);

function argvOf(line: string): string[] {
  const split = splitWords(line);
  if (!split.ok) throw new Error(`cannot split ${line}: ${split.error}`);
  const [prog, ...args] = split.words;
  if (prog !== 'docker') throw new Error(`not a docker command line: ${line}`);
  return args;
}

/** The requests the client sent to dockerd in trace[from..]. */
export function clientRequests(engine: Engine, from: number, to = engine.trace.length) {
  const out: SentRequest[] = [];
  for (const m of engine.trace.slice(from, to)) {
    if (m.from !== 'client' || m.to !== 'dockerd' || m.kind !== 'request') continue;
    const r = m.request as HttpRequest;
    out.push({
      method: r.method,
      path: r.path,
      query: { ...(r.query ?? {}) },
      ...(r.body === undefined ? {} : { body: r.body }),
    });
  }
  return out;
}

interface Proc {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** What a shell reports for a process a signal ended: 128 + the signal number. */
function exitStatus(code: number | null, signal: NodeJS.Signals | null): number | null {
  if (code !== null) return code;
  return signal ? 128 + (constants.signals[signal] ?? 0) : null;
}

function runDocker(
  args: string[],
  env: NodeJS.ProcessEnv,
  step: Step,
  settled: () => boolean,
): Promise<Proc> {
  return new Promise((resolve, reject) => {
    // stdin is a pipe (no TTY), as with execFile; closed at once unless the step types into it.
    const child = spawn('docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined);
    child.stdin.end(step.stdin ?? '');
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let lastOutput = Date.now();
    child.stdout.on('data', (b: Buffer) => (out.push(b), (lastOutput = Date.now())));
    child.stderr.on('data', (b: Buffer) => (err.push(b), (lastOutput = Date.now())));
    const poll = step.interrupt
      ? setInterval(() => {
          if (!settled() || Date.now() - lastOutput < QUIET_MS) return;
          clearInterval(poll);
          child.kill('SIGINT'); // once: three make the CLI give up ("forcefully exiting")
        }, 20)
      : undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), LINE_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      clearInterval(poll);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: exitStatus(code, signal),
      });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** (a) The real docker CLI against a fresh daemon. */
export async function runReal(
  scenario: Scenario,
  seed: number,
  epoch: number,
  startDaemon: StartDaemon,
): Promise<ScenarioRun> {
  const daemon = await startDaemon({
    port: 0,
    host: '127.0.0.1',
    engine: new Engine({ seed, epoch }),
    serveApp: false,
    quiet: true,
  });
  const config = mkdtempSync('/tmp/ds');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: config,
    DOCKER_HOST: daemon.url,
    DOCKER_CONFIG: config,
    TZ: 'UTC',
    LANG: 'C.UTF-8',
  };
  const scrub = (t: string) =>
    config.length === CONFIG_SHOWN.length ? t.split(config).join(CONFIG_SHOWN) : t;
  const engine = daemon.engine;
  for (const set of scenario.faults ?? []) engine.fault({ op: 'fault', set });
  const one = async (step: Step): Promise<Observed> => {
    const startedAt = engine.now;
    const before = engine.trace.length;
    const settled = () => engine.now - startedAt >= SETTLE_SIM_MS;
    const p = await runDocker(argvOf(step.line), env, step, settled);
    await sleep(30); // a request still in flight when the CLI exited
    const requests = clientRequests(engine, before);
    engine.advance(THINK_TIME_MS);
    return {
      line: step.line,
      stdout: scrub(p.stdout),
      stderr: scrub(p.stderr),
      exitCode: p.exitCode,
      requests,
      startedAt,
      ...(step.unordered ? { unordered: true } : {}),
    };
  };
  try {
    const run: ScenarioRun = { setup: [], steps: [] };
    for (const line of scenario.setup ?? []) run.setup.push(await one({ line }));
    for (const s of scenario.steps) run.steps.push(await one(stepOf(s)));
    return run;
  } finally {
    await daemon.close();
    rmSync(config, { recursive: true, force: true });
  }
}

/**
 * (b) DockScope's simulated CLI on an identical fresh host. `clock` gives the
 * simulated time each line started at on the daemon, so both hosts stamp
 * logs and containers alike (the daemon's clock follows the wall clock).
 */
export function runSimulated(
  scenario: Scenario,
  seed: number,
  epoch: number,
  clock: number[] = [],
): ScenarioRun {
  const engine = new Engine({ seed, epoch });
  for (const set of scenario.faults ?? []) engine.fault({ op: 'fault', set });
  let n = 0;
  const one = (step: Step): Observed => {
    const at = clock[n++];
    if (at !== undefined && at > engine.now) engine.advance(at - engine.now);
    const startedAt = engine.now;
    const before = engine.trace.length;
    let r = engine.run(step.line);
    // The real CLI's stdin is a pipe that ends after the step's input: so does this one's.
    if (r.exitCode === null && (step.stdin !== undefined || !step.interrupt)) {
      if (step.stdin) engine.stdin(r.id, step.stdin);
      engine.endInput(r.id);
      r = engine.result(r.id) ?? r;
    }
    if (r.exitCode === null && step.interrupt) {
      if (engine.now - startedAt < SETTLE_SIM_MS)
        engine.advance(startedAt + SETTLE_SIM_MS - engine.now);
      r = engine.interrupt(r.id) ?? r;
    }
    const requests = clientRequests(engine, before);
    engine.advance(THINK_TIME_MS);
    return {
      line: step.line,
      stdout: r.stdout,
      stderr: r.stderr,
      exitCode: r.exitCode,
      requests,
      startedAt,
      ...(step.unordered ? { unordered: true } : {}),
    };
  };
  const run: ScenarioRun = { setup: [], steps: [] };
  for (const line of scenario.setup ?? []) run.setup.push(one({ line }));
  for (const s of scenario.steps) run.steps.push(one(stepOf(s)));
  return run;
}
