import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../src/lessons';
import { CATALOG_IMAGE_NAMES } from '../src/sim/registry/catalog';
import { runSim } from './sim/run';
import { Engine } from '../src/sim/engine';

/**
 * The headless CLI's JSON contract, which scripts and later tests build on.
 * In-process: starting `npx tsx` for each case cost seconds of start-up apiece
 * and ran past vitest's 5 s on a busy machine; one test below spawns the real
 * command line.
 */
function sim(...args: string[]): string {
  const r = runSim(args);
  if (r.status !== 0) throw new Error(`sim exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Exit status and stdout, for runs that may fail. */
function simStatus(...args: string[]): { status: number; stdout: string; stderr: string } {
  return runSim(args);
}

describe('npm run sim', () => {
  // ── fault: --fault puts a fault in force before the lines (src/sim/core/faults.ts) ──
  it('--fault KIND[:PORT] puts a fault in force first; an unknown one is refused', () => {
    const r = simStatus('--json', '--fault', 'registry-401', 'docker pull alpine');
    expect(r.stdout).toContain(
      "pull access denied for alpine, repository does not exist or may require 'docker login'",
    );
    expect(simStatus('--fault', 'meteor', 'docker ps').status).toBe(2);
    expect(simStatus('--fault', 'port-taken:99999', 'docker ps').status).toBe(2);
  });

  it("--session - replays a page's input log: the same trace and results as the engine, or a clear refusal", () => {
    const inputs = [
      { op: 'run', line: 'docker run -d --name web nginx' },
      { op: 'advance', ms: 1500 },
      { op: 'run', line: 'docker stop web' },
    ] as const;
    const out = runSim(['--seed', '3', '--tty', '--session', '-'], () =>
      JSON.stringify({ columns: 120, inputs }),
    );
    expect(out.status).toBe(0);
    const engine = Engine.replay([...inputs], { seed: 3, tty: true, columns: 120 });
    const replayed = JSON.parse(out.stdout) as { trace: unknown[]; results: unknown[] };
    expect(replayed.trace).toEqual(JSON.parse(JSON.stringify(engine.trace)));
    expect(replayed.results).toEqual([engine.result(1), engine.result(2)]);
    const bad = runSim(['--session', '-'], () => '{"inputs":[{"op":"run"}]}');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^sim --session: /);
    expect(runSim(['--session', 'docker ps'], () => '').status).toBe(2);
  });

  it('--images lists every repository the simulated Docker Hub carries, with its tags', () => {
    const lines = sim('--images').trim().split('\n');
    expect(lines.map((l) => l.split(/ +/)[0])).toEqual(CATALOG_IMAGE_NAMES);
    expect(lines.find((l) => l.startsWith('ubuntu '))).toMatch(/latest, 24\.04, noble/);
  });

  it('--json docker pull localhost:5000/nginx: exit 1, the dial on the loopback, nothing to Docker Hub', () => {
    const out = JSON.parse(sim('--json', 'docker pull localhost:5000/nginx')) as {
      results: Array<{
        exitCode: number;
        stderr: string;
        messages: Array<{ from: string; to: string }>;
      }>;
    };
    const r = out.results[0]!;
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('dial tcp [::1]:5000: connect: connection refused');
    expect(
      r.messages.filter(
        (m) => ['registry', 'auth'].includes(m.to) || ['registry', 'auth'].includes(m.from),
      ),
    ).toEqual([]);
  });

  it('--json prints one document with results, outputs, exit codes and messages', () => {
    const out = JSON.parse(
      sim(
        '--seed',
        '3',
        '--json',
        'docker run hello-world',
        'docker run --name web nginx',
        'docker ps',
      ),
    ) as {
      results: Array<{
        command: string;
        stdout: string;
        stderr: string;
        exitCode: number | null;
        messages: Array<Record<string, unknown>>;
      }>;
    };
    expect(out.results.map((r) => [r.command, r.exitCode])).toEqual([
      ['docker run hello-world', 0],
      ['docker run --name web nginx', null],
      ['docker ps', 0],
    ]);
    expect(out.results[0]!.stdout).toContain('Hello from Docker!');
    expect(out.results[2]!.stdout).toMatch(/ web\n$/);
    const m = out.results[0]!.messages[0]!;
    expect(Object.keys(m)).toEqual([
      'seq',
      'from',
      'to',
      'fromHost',
      'toHost',
      'protocol',
      'operation',
      'op',
      'status',
      'summary',
    ]);
    expect(m).toMatchObject({
      seq: 1,
      from: 'client',
      to: 'dockerd',
      fromHost: 'local',
      toHost: 'local',
      protocol: 'http',
      operation: 'HEAD /_ping',
      op: 'engine.system.ping',
    });
    // The wire form stays in `operation`; `op` names it in the catalogue, `subjects` say what it concerns.
    const tasks = out.results[0]!.messages.find(
      (x) => x.operation === 'containerd.services.tasks.v1.Tasks/Create',
    )!;
    expect(tasks.op).toBe('containerd.tasks.create');
    const create = out.results[1]!.messages.find((x) => x.op === 'engine.containers.create')!;
    expect(create).toMatchObject({ subjects: { image: 'nginx' } });
    expect(Object.keys(create)).toContain('subjects');
  });

  it('plain mode prints the terminal, then the trace', () => {
    const out = sim('docker run alpine echo hi');
    expect(out).toMatch(/^\$ docker run alpine echo hi\n/);
    expect(out).toContain('\nhi\n[exit 0]\n');
    expect(out).toMatch(
      /--- trace ---\n +1 +0\.000ms {2}client → dockerd {2}\[http\] HEAD \/_ping/,
    );
  });

  it('--lessons checks every lesson: ✓ per lesson and step, exit 0 when all goals are reached', () => {
    const { status, stdout } = simStatus('--lessons');
    expect(status).toBe(0);
    for (const l of LESSONS) {
      expect(stdout).toContain(`✓ ${l.id} — ${l.title}`);
      for (const s of l.steps) expect(stdout).toContain(`    ✓ ${s.id}: `);
    }
    expect(stdout).not.toContain('✗');
    expect(stdout).toMatch(/lessons, \d+ steps: every goal reached\n$/);
  });

  it('--lessons --json reports per lesson and step as data', () => {
    const out = JSON.parse(sim('--lessons', '--json')) as {
      ok: boolean;
      lessons: Array<{
        id: string;
        ok: boolean;
        steps: Array<{ id: string; reached: boolean; falseBefore: boolean }>;
      }>;
    };
    expect(out.ok).toBe(true);
    expect(out.lessons.map((l) => l.id)).toEqual(LESSONS.map((l) => l.id));
    for (const l of out.lessons) {
      expect(l.ok).toBe(true);
      expect(l.steps.every((s) => s.reached && s.falseBefore)).toBe(true);
    }
  });

  it('--lessons takes no command lines', () => {
    const { status, stderr } = simStatus('--lessons', 'docker ps');
    expect(status).toBe(2);
    expect(stderr).toMatch(/^usage: npm run --silent sim --/);
  });

  it('--summary prints only totals: commands, messages, a count per exit code, attached, simulated seconds', () => {
    const lines = [
      'docker run --rm alpine true',
      'docker run --rm alpine false',
      'docker frob',
      'docker run nginx',
    ];
    const out = sim('--summary', ...lines);
    const trace = runSim(lines).stdout.split('--- trace ---\n')[1]!;
    const messages = trace.split('\n').filter(Boolean).length;
    expect(out).toMatch(
      /^commands {11}4\nmessages {11}(\d+)\nexit 0 {13}1\nexit 1 {13}2\nstill attached {5}1\nsimulated seconds +\d+(\.\d+)?\n$/,
    );
    // Every message on the trace, as many as plain mode prints.
    expect(out).toContain(`messages           ${String(messages)}\n`);
    expect(out).not.toContain('$ docker');
  });

  it('--json --summary is one object of totals, exit codes keyed in ascending order', () => {
    const text = sim(
      '--json',
      '--summary',
      'docker frob',
      'docker run --rm alpine false',
      'docker run --rm alpine true',
    );
    const out = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([
      'commands',
      'messages',
      'exitCodes',
      'attached',
      'simulatedSeconds',
    ]);
    expect(out).toMatchObject({ commands: 3, exitCodes: { '0': 1, '1': 2 }, attached: 0 });
    expect(text).toContain('"exitCodes":{"0":1,"1":2}');
    expect(out.messages).toBeGreaterThan(0);
    // Two simulated seconds between the three lines, plus what the commands took.
    expect(out.simulatedSeconds).toBeGreaterThan(2);
  });

  it('- reads the command lines from stdin, one per line, blank lines skipped', () => {
    const stdin = 'docker run --rm alpine true\r\n\ndocker frob\n';
    const fromStdin = runSim(['--json', '--summary', '-'], () => stdin);
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toBe(
      sim('--json', '--summary', 'docker run --rm alpine true', 'docker frob'),
    );
  });

  it('bad usage of --summary and - exits 2 with the usage text', () => {
    const stdin = () => 'docker ps\n';
    for (const args of [
      ['--summary', '--mermaid', 'docker ps'],
      ['--summary', '--lessons'],
      ['--summary', '--images'],
      ['--summary', '-', 'docker ps'],
      ['--summary', '-', '-'],
    ]) {
      const { status, stdout, stderr } = runSim(args, stdin);
      expect([args, status, stdout]).toEqual([args, 2, '']);
      expect(stderr).toMatch(/^usage: npm run --silent sim --.*\n.*--summary/);
    }
    // Without a way to read stdin (no entry script), `-` is not a command line either.
    expect(runSim(['--summary', '-']).status).toBe(2);
  });

  it('the command line itself: arguments in, output on stdout, the exit status out', () => {
    // `npm run sim` is `node scripts/simLauncher.mjs`, without npm's start-up. It may have
    // to bundle the engine first (a fresh clone, a changed source): seconds on a busy
    // 2-core machine, so this test alone gets a long timeout.
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['scripts/simLauncher.mjs', ...args], {
        encoding: 'utf8',
      });
    const ok = run('--seed', '3', 'docker run alpine echo hi');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(runSim(['--seed', '3', 'docker run alpine echo hi']).stdout);
    // `-`: the lines come from the entry script's stdin, as `npm run sim -- --summary - < lines.txt`.
    const piped = spawnSync(
      process.execPath,
      ['scripts/simLauncher.mjs', '--json', '--summary', '-'],
      { encoding: 'utf8', input: 'docker run --rm alpine true\ndocker run --rm alpine false\n' },
    );
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(JSON.parse(piped.stdout)).toMatchObject({
      commands: 2,
      exitCodes: { '0': 1, '1': 1 },
      attached: 0,
    });
  }, 120_000);

  it('--json gives each command its own messages and what it set off while it ran', () => {
    const lines = [
      'docker run -d --name web nginx',
      'docker run nginx',
      'docker stop web',
      "docker run --rm alpine sh -c 'echo hi'",
      'docker rm web',
    ];
    const got = JSON.parse(sim('--json', ...lines)) as {
      results: Array<{ messages: Array<{ seq: number }> }>;
    };
    // The definition, written the slow way: a scan of the whole trace per command.
    const engine = new Engine({ seed: 1 });
    const expected = lines.map((line, i) => {
      if (i > 0) engine.advance(1000);
      const from = engine.trace.length;
      const r = engine.run(line);
      return { id: r.id, from, to: engine.trace.length };
    });
    const seqs = expected.map(({ id, from, to }) =>
      engine.trace
        .filter((m, i) => m.commandId === id || (m.commandId === undefined && i >= from && i < to))
        .map((m) => m.seq),
    );
    expect(got.results.map((r) => r.messages.map((m) => m.seq))).toEqual(seqs);
    expect(seqs.every((s) => s.length > 0)).toBe(true);
  });
});
