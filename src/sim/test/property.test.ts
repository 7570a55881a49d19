import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../engine';
import { brokenInvariants } from './invariants';
import { contextOf } from '../core/actors';
import type { DockerdState } from '../dockerd/model';

const IMAGES = [
  'alpine',
  'busybox',
  'hello-world',
  'nginx',
  'redis',
  'nosuch',
  'NGINX',
  'nginx:1.27',
  'alpine:nope',
  'nginx:',
];
const NAMES = ['web', 'db', 'cache', 'x', 'w-1', 'bad name', ''];
const VERBS = [
  'run',
  'run -d',
  'run --rm',
  'run -d --rm',
  'create',
  'start',
  'stop',
  'restart',
  'kill',
  'rm',
  'rm -f',
  'rmi',
  'rmi -f',
  'pull',
  'logs',
  'ps',
  'ps -a',
  'ps -aq',
  'images',
  'version',
  'info',
  'container ls',
  'image ls',
  // networks (net)
  'network create',
  'network rm',
  'network connect',
  'network disconnect',
  'network prune -f',
  'network ls',
  // docker exec (issue 13)
  'exec',
  'exec -d',
  // ── life: restart policies, --init, pause, unpause, wait ──
  'run -d --restart always',
  'run -d --restart on-failure:2',
  'run -d --init',
  'pause',
  'unpause',
  'wait',
];
const NETWORKS = ['appnet', 'other', 'host', 'none', 'bridge', 'nosuch'];
const COMMANDS = ['', 'echo hi', 'sleep 5', 'sh -c "exit 3"', 'nosuchcmd', 'true', 'false', 'env'];

/** A docker command line drawn from the vocabulary people actually type, with mistakes. */
const dockerLine = fc
  .record({
    verb: fc.constantFrom(...VERBS),
    image: fc.constantFrom(...IMAGES),
    name: fc.constantFrom(...NAMES),
    port: fc.option(fc.constantFrom('8080:80', '80', '99999:80', '127.0.0.1:9000:80', 'abc'), {
      nil: undefined,
    }),
    cmd: fc.constantFrom(...COMMANDS),
    network: fc.option(fc.constantFrom(...NETWORKS), { nil: undefined }),
    ip: fc.option(fc.constantFrom('172.18.0.5', '10.9.0.5', 'bad'), { nil: undefined }),
  })
  .map(({ verb, image, name, port, cmd, network, ip }) => {
    const parts = ['docker', verb];
    if (verb.startsWith('network')) {
      const net = network ?? 'appnet';
      if (verb === 'network create') {
        parts.push(net);
        if (ip === '10.9.0.5') parts.splice(2, 0, '--subnet', '10.9.0.0/24');
      } else if (verb === 'network rm') parts.push(net);
      else if (verb === 'network connect' || verb === 'network disconnect') {
        if (verb === 'network connect' && ip) parts.push('--ip', ip);
        parts.push(net, name || 'web');
      }
      return parts.join(' ');
    }
    if (verb.startsWith('run') || verb === 'create') {
      if (name) parts.push('--name', name.includes(' ') ? `'${name}'` : name);
      if (port) parts.push('-p', port);
      if (network) parts.push('--network', network);
      if (network && ip) parts.push('--ip', ip);
      parts.push(image);
      if (cmd) parts.push(cmd);
    } else if (
      [
        'start',
        'stop',
        'restart',
        'kill',
        'rm',
        'rm -f',
        'logs',
        'pause',
        'unpause',
        'wait',
      ].includes(verb)
    )
      parts.push(name || 'web');
    else if (['rmi', 'rmi -f', 'pull'].includes(verb)) parts.push(image);
    else if (verb.startsWith('exec')) parts.push(name || 'web', cmd || 'echo hi');
    return parts.join(' ');
  });

/** Anything at all, including control characters, quotes and very long lines. */
const anyLine = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }).map((s) => `docker ${s}`),
  fc
    .array(
      fc.constantFrom(
        'docker',
        'run',
        '-d',
        '--',
        '"',
        "'",
        '\\',
        '-p',
        '--name',
        '=',
        '-it',
        '\u0000',
        '\u001b[A',
        'ü',
        '🐳',
      ),
      { maxLength: 12 },
    )
    .map((w) => w.join(' ')),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => `docker run ${'a'.repeat(n)}`),
);

/** A container or an exec may exit non-zero silently (`false`, `sh -c "exit 3"`); the CLI and dockerd never fail silently. */
const containerExit = (line: string, code: number) =>
  (/^\s*docker (container )?run /.test(line) && code !== 125) ||
  // docker exec exits with its command's code; a command it cannot start is reported on stdout.
  /^\s*docker (container )?exec /.test(line);

/** The ways to pick a daemon, with the machine each reaches (its messages touch only that Docker host). */
const DAEMONS = [
  { flags: '', machine: 'local', reaches: /^local$/ },
  { flags: '-H tcp://node-2:2375 ', machine: 'node-2', reaches: /^(local|node-2)$/ },
  { flags: '--tlsverify -H tcp://node-3:2376 ', machine: 'node-3', reaches: /^(local|node-3)$/ },
  { flags: '-H ssh://learner@node-2 ', machine: 'node-2', reaches: /^(local|node-2)$/ },
  // The learner machine's second dockerd: its own objects, the machine's containerd.
  {
    flags: '-H unix:///var/run/docker-bootstrap.sock ',
    machine: 'dockerd-bootstrap',
    reaches: /^local$/,
  },
];

/**
 * A fixed seed keeps CI reproducible; set FC_SEED to explore other runs
 * (fast-check prints the seed and the shrunk counterexample on failure).
 */
const FC = { seed: Number(process.env.FC_SEED ?? 20261124) };

/** A fixed amount of work, not a speed test: room for a busy shared machine. */
const WORK_TIMEOUT = 60_000;

/**
 * The property most of these share: a fresh engine (after `setup`) runs random
 * `lines` half a simulated second apart, interrupting any that stays attached;
 * none says "internal error", and once messages in flight have landed every
 * invariant holds.
 */
function linesKeepInvariants(
  lineArb: fc.Arbitrary<string>,
  options: { maxLength: number; numRuns: number; setup?: string[] },
): void {
  fc.assert(
    fc.property(
      fc.array(lineArb, { minLength: 1, maxLength: options.maxLength }),
      fc.integer({ min: 1, max: 1000 }),
      (lines, seed) => {
        const engine = new Engine({ seed });
        for (const line of options.setup ?? []) engine.run(line);
        for (const line of lines) {
          engine.advance(500);
          const r = engine.run(line);
          if (r.exitCode === null) engine.interrupt(r.id);
          expect(r.stderr).not.toMatch(/internal error/i);
        }
        engine.advance(100);
        expect(brokenInvariants(engine)).toEqual([]);
      },
    ),
    { ...FC, numRuns: options.numRuns },
  );
}

describe('property: nothing a user types breaks the engine', () => {
  it(
    'random single lines never throw, always end with an exit code or attach, and print something on failure',
    () => {
      fc.assert(
        fc.property(anyLine, (line) => {
          const engine = new Engine({ seed: 3 });
          const r = engine.run(line);
          expect(engine.host.scheduler.faults).toEqual([]);
          if (r.exitCode !== null && r.exitCode !== 0 && !containerExit(line, r.exitCode))
            expect(r.stderr.length).toBeGreaterThan(0);
          expect(r.stderr).not.toMatch(/internal error/i);
        }),
        { ...FC, numRuns: 1500 },
      );
    },
    WORK_TIMEOUT,
  );

  it(
    'random command sequences keep every invariant',
    () => {
      fc.assert(
        fc.property(
          fc.array(dockerLine, { minLength: 1, maxLength: 12 }),
          fc.integer({ min: 1, max: 1000 }),
          (lines, seed) => {
            const engine = new Engine({ seed });
            for (const line of lines) {
              engine.advance(500);
              const r = engine.run(line);
              if (r.exitCode === null) engine.interrupt(r.id);
              if (r.exitCode !== null && r.exitCode !== 0 && !containerExit(line, r.exitCode))
                expect(r.stderr.length, `${line} failed silently`).toBeGreaterThan(0);
              expect(r.stderr).not.toMatch(/internal error/i);
            }
            // Let messages already in flight land (an exit event on its way to dockerd).
            engine.advance(100);
            expect(brokenInvariants(engine)).toEqual([]);
          },
        ),
        { ...FC, numRuns: 400 },
      );
    },
    WORK_TIMEOUT,
  );

  it(
    'random command sequences over several hosts keep every invariant on each host',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom(...DAEMONS), dockerLine), {
            minLength: 1,
            maxLength: 14,
          }),
          fc.integer({ min: 1, max: 1000 }),
          (lines, seed) => {
            const engine = new Engine({ seed });
            const touched = new Set<string>();
            for (const [daemon, line] of lines) {
              engine.advance(500);
              const full = line.replace(/^docker /, `docker ${daemon.flags}`);
              const r = engine.run(full);
              if (r.exitCode === null) engine.interrupt(r.id);
              if (r.exitCode !== null && r.exitCode !== 0 && !containerExit(line, r.exitCode))
                expect(r.stderr.length, `${full} failed silently`).toBeGreaterThan(0);
              expect(r.stderr).not.toMatch(/internal error/i);
              // The command's messages reach its daemon's machine and no other Docker host.
              for (const m of engine.trace.slice(
                r.firstSeq - engine.firstSeq,
                r.lastSeq + 1 - engine.firstSeq,
              )) {
                for (const end of [m.fromHost, m.toHost])
                  if (engine.hostNamed(end))
                    expect(end, `${full}: ${m.operation}`).toMatch(daemon.reaches);
              }
              touched.add(daemon.machine);
            }
            engine.advance(100);
            const daemons = [...engine.world.hosts.keys(), 'dockerd-bootstrap'];
            for (const machine of daemons)
              expect(brokenInvariants(engine, machine), machine).toEqual([]);
            // A daemon nobody spoke to has nothing.
            for (const machine of daemons)
              if (!touched.has(machine)) expect(engine.view(machine).containers).toEqual([]);
          },
        ),
        { ...FC, numRuns: 150 },
      );
    },
    WORK_TIMEOUT,
  );
});

// ── Volumes and mounts (vol): a volume in use is never removed, whatever is typed.
const VOLUME_LINES = fc.constantFrom(
  'docker volume create data',
  'docker volume create',
  'docker volume rm data',
  'docker volume rm -f data',
  'docker volume prune -f',
  'docker volume prune -a -f',
  'docker volume ls',
  'docker run -d --name db -v data:/data redis',
  'docker run --rm -v data:/data alpine sh -c "echo hi > /data/f"',
  'docker run -d --name web -v /data nginx',
  'docker create --name c1 --mount source=data,target=/d alpine',
  'docker run -d --name w2 -v data:/d:ro alpine sleep 5',
  'docker run --rm -v :/x alpine true',
  'docker rm -f db',
  'docker rm -f -v web',
  'docker rm -v c1',
  'docker rm -f w2',
  'docker stop db',
  'docker diff db',
);

describe('property: volumes', () => {
  it(
    'random volume and mount commands never remove a volume in use',
    () => linesKeepInvariants(VOLUME_LINES, { maxLength: 12, numRuns: 150 }),
    WORK_TIMEOUT,
  );
});

// ── Faults (fault): injected at random points, they never lose, duplicate or orphan anything.
const FAULT_STEPS = fc.oneof(
  fc.constantFrom(
    { op: 'fault', set: { kind: 'registry-down' } } as const,
    { op: 'fault', set: { kind: 'registry-429' } } as const,
    { op: 'fault', set: { kind: 'registry-401' } } as const,
    { op: 'fault', set: { kind: 'registry-5xx' } } as const,
    { op: 'fault', set: { kind: 'disk-full' } } as const,
    { op: 'fault', set: { kind: 'port-taken', port: 8080 } } as const,
    { op: 'fault', set: { kind: 'kill-shim', container: 'web' } } as const,
    { op: 'fault', set: { kind: 'kill-shim', container: 'db' } } as const,
    { op: 'fault', clear: 'all' } as const,
  ),
);
/** A fault, a line typed on the host (kill a shim by PID), or a docker command. */
const FAULTY_STEP = fc.oneof(
  { arbitrary: FAULT_STEPS.map((f) => ({ fault: f })), weight: 2 },
  { arbitrary: fc.constantFrom('shim', 'init').map((kill) => ({ kill })), weight: 1 },
  { arbitrary: dockerLine.map((line) => ({ line })), weight: 5 },
);

describe('property: faults', () => {
  it(
    'faults at random points: no container lost or duplicated, no shim orphaned, no port left bound',
    () => {
      fc.assert(
        fc.property(
          fc.array(FAULTY_STEP, { minLength: 1, maxLength: 14 }),
          fc.integer({ min: 1, max: 1000 }),
          (steps, seed) => {
            const engine = new Engine({ seed });
            const containers = () =>
              engine
                .view()
                .containers.map((c) => c.id)
                .sort();
            // Something to break: two running containers, one publishing a port.
            engine.run('docker run -d --name web -p 8080:80 nginx');
            engine.run('docker run -d --name db redis');
            for (const step of steps) {
              engine.advance(500);
              if ('line' in step) {
                const r = engine.run(step.line);
                if (r.exitCode === null) engine.interrupt(r.id);
                expect(r.stderr).not.toMatch(/internal error/i);
                continue;
              }
              const before = containers();
              const autoRemoved = new Set(
                Object.values(contextOf<DockerdState>(engine.host.dockerd).containers)
                  .filter((c) => c.hostConfig.AutoRemove)
                  .map((c) => c.id),
              );
              if ('fault' in step) engine.fault(step.fault);
              else {
                const shims = [...engine.host.shims.values()];
                const target = shims[seed % Math.max(1, shims.length)];
                const pid = step.kill === 'shim' ? target?.shimPid : target?.pid;
                engine.run(`sudo kill -9 ${pid ?? 1}`);
              }
              engine.advance(2000);
              // A fault removes no container (a killed --rm one is removed by dockerd, as asked) and makes none.
              const after = containers();
              expect(after.filter((id) => !before.includes(id))).toEqual([]);
              expect(before.filter((id) => !after.includes(id) && !autoRemoved.has(id))).toEqual(
                [],
              );
            }
            engine.advance(100);
            expect(brokenInvariants(engine)).toEqual([]);
          },
        ),
        { ...FC, numRuns: 150 },
      );
    },
    WORK_TIMEOUT,
  );
});
// ── res: limits, updates and OOM kills keep dockerd's limits and the cgroup files in step.
const LIMIT_LINES = fc.constantFrom(
  'docker run -d --name lim -m 64m alpine sleep 30',
  'docker run -d --name lim --cpus 0.5 --pids-limit 10 alpine sleep 30',
  "docker run --name hog -m 16m alpine sh -c 'tail /dev/zero'",
  "docker run -d --name hog2 -m 16m alpine sh -c 'echo a; tail /dev/zero; sleep 30'",
  'docker update -m 128m --memory-swap 256m lim',
  'docker update -m 32m lim',
  'docker update --pids-limit -1 lim',
  'docker run -m 4m alpine true',
  'docker stats --no-stream lim',
  'docker stop lim',
  'docker start lim',
  'docker rm -f lim hog hog2',
);

describe('property: limits', () => {
  it(
    'random limit, update and OOM commands keep memory.max as dockerd stored it',
    () =>
      linesKeepInvariants(LIMIT_LINES, {
        maxLength: 10,
        numRuns: 60,
        setup: ['docker pull alpine'],
      }),
    WORK_TIMEOUT,
  );
});
