/**
 * The conformance suite: the real docker CLI against `npm run daemon`, and
 * DockScope's simulated CLI on an identical fresh host, must send the same
 * requests and print the same bytes. See docs/conformance.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReal, runSimulated } from './harness';
import { compareRuns, reportText, setupProblems } from './compare';
import { SCENARIOS } from './scenarios';
import { startDaemon } from '../daemon/server';

const ARTIFACTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-results/conformance',
);
const SEED = 7;

/** Why the suite cannot run here, or undefined when a docker CLI ≥ 28 is on PATH. */
function skipReason(): string | undefined {
  let version: string;
  try {
    version = execFileSync('docker', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  } catch {
    return 'no `docker` CLI on PATH';
  }
  const major = Number(/version (\d+)\./.exec(version)?.[1] ?? 0);
  return major >= 28
    ? undefined
    : `\`docker --version\` says "${version.trim()}", need 28 or newer`;
}

const skip = skipReason();
if (skip) console.log(`conformance suite skipped: ${skip}`);

describe.skipIf(!!skip)('conformance: the real docker CLI and DockScope agree', () => {
  let compared = 0;
  let identical = 0;

  beforeAll(() => rmSync(ARTIFACTS, { recursive: true, force: true }));
  afterAll(() => {
    console.log(`conformance: ${compared} commands compared, ${identical} identical`);
  });

  it.concurrent.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s',
    async (name, scenario) => {
      // Both hosts boot at the same wall-clock second, so absolute times agree.
      const epoch = Math.floor(Date.now() / 1000) * 1000;
      const real = await runReal(scenario, SEED, epoch, startDaemon);
      const clock = [...real.setup, ...real.steps].map((o) => o.startedAt);
      const sim = runSimulated(scenario, SEED, epoch, clock);
      const verdicts = compareRuns(real, sim);
      compared += verdicts.length;
      identical += verdicts.filter((v) => v.identical).length;
      const setup = setupProblems(real, sim);
      const bad = verdicts.filter((v) => !v.identical);
      if (bad.length === 0 && setup.length === 0) return;
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name}.txt`);
      writeFileSync(file, reportText(name, real, sim, verdicts));
      const summary = [...setup, ...bad.map((v) => `\`${v.line}\`: ${v.problems.join('; ')}`)].join(
        '\n  ',
      );
      expect.fail(
        `${name}: ${bad.length} of ${verdicts.length} commands differ\n  ${summary}\nsee ${path.relative(process.cwd(), file)}`,
      );
    },
    60_000,
  );
});
