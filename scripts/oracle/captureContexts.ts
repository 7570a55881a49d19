/**
 * Capture what the real docker CLI (28.2.2) prints for context commands and
 * for global options that fail before any daemon is asked, into
 * src/sim/client/fixtures/context-captures.json. Needs `docker` on PATH; no
 * engine (none of these lines reaches a daemon).
 *
 * Each scenario is a list of lines run in order in one fresh HOME, so a line
 * sees what the ones before it stored. HOME is a temp dir as long as
 * /home/learner and is replaced by it, so paths (and the ERROR column, cut
 * at 45 characters) read as on the learner's machine.
 *
 *   npx tsx scripts/oracle/captureContexts.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { CONTEXT_SCENARIOS } from './contextScenarios';

const LEARNER_HOME = '/home/learner';

interface Step {
  /** argv after `docker`. */
  args: string[];
  env: Record<string, string>;
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

const out: { about: string; cli: string; scenarios: { name: string; steps: Step[] }[] } = {
  about:
    'Real docker CLI 28.2.2 output for context commands and global options; HOME replaced by /home/learner. Do not edit by hand: npx tsx scripts/oracle/captureContexts.ts',
  cli: spawnSync('docker', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  scenarios: [],
};
for (const scenario of CONTEXT_SCENARIOS) {
  // '/tmp/lc' + 6 random characters: as long as /home/learner.
  const home = mkdtempSync('/tmp/lc');
  if (home.length !== LEARNER_HOME.length)
    throw new Error(`temp home ${home} has the wrong length`);
  const steps: Step[] = [];
  for (const { args, env = {} } of scenario.steps) {
    const r = spawnSync('docker', args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env },
      encoding: 'utf8',
    });
    // The ERROR column cuts a path with `…`: a cut home path maps to the same cut of /home/learner.
    const fix = (s: string) =>
      s
        .split(home)
        .join(LEARNER_HOME)
        .replace(/\S+…/g, (cut) => {
          const head = cut.slice(0, -1);
          const at = head.lastIndexOf(home.slice(0, 2));
          const tail = head.slice(at);
          return at >= 0 && home.startsWith(tail)
            ? `${head.slice(0, at)}${LEARNER_HOME.slice(0, tail.length)}…`
            : cut;
        });
    steps.push({ args, env, stdout: fix(r.stdout), stderr: fix(r.stderr), exitCode: r.status });
  }
  rmSync(home, { recursive: true });
  out.scenarios.push({ name: scenario.name, steps });
  console.log(`${scenario.name}: ${steps.length} lines`);
}
writeFileSync('src/sim/client/fixtures/context-captures.json', `${JSON.stringify(out, null, 2)}\n`);
