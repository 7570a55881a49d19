import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../engine';
import { brokenInvariants } from './invariants';

/**
 * daemon: restarts at random points. Whatever docker commands run between them,
 * every invariant holds, nothing fails silently, and a containerd restart never
 * stops a running container (the shims keep them).
 */
const DOCKER = [
  'docker run -d --name web nginx',
  'docker run -d --name db alpine sleep 1000',
  'docker run --rm alpine echo hi',
  'docker stop web',
  'docker start web',
  'docker rm -f db',
  'docker ps -a',
  'docker exec web true',
];
const HOST = [
  'sudo systemctl restart containerd',
  'sudo systemctl restart docker',
  'sudo systemctl stop docker',
  'sudo systemctl stop docker.socket',
  'sudo systemctl start docker',
  'sudo systemctl stop containerd',
  'sudo systemctl start containerd',
  'sudo systemctl reload docker',
];
const SETTINGS = [true, false];

const step = fc.oneof(
  fc.constantFrom(...DOCKER).map((line) => ({ line })),
  fc.constantFrom(...HOST).map((line) => ({ line })),
  fc.constantFrom(...SETTINGS).map((live) => ({ live })),
  // storage: the image store switched (each store keeps its own images and containers)
  fc.constantFrom(true, false).map((snapshotter) => ({ snapshotter })),
);

const running = (e: Engine) =>
  e
    .view()
    .containers.filter((c) => c.state === 'running')
    .map((c) => c.id)
    .sort();

describe('property: the daemons restart at random points', () => {
  it('keeps every invariant, and a containerd restart keeps the running containers', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), (steps) => {
        const engine = new Engine({ seed: 5 });
        for (const s of steps) {
          engine.advance(500);
          if ('live' in s) {
            engine.setting({ key: 'live-restore', value: s.live });
            continue;
          }
          if ('snapshotter' in s) {
            engine.setting({ key: 'containerd-snapshotter', value: s.snapshotter });
            continue;
          }
          const before = running(engine);
          const r = engine.run(s.line);
          if (r.exitCode === null) engine.interrupt(r.id);
          expect(r.stderr).not.toMatch(/internal error/i);
          expect(engine.host.scheduler.faults).toEqual([]);
          if (s.line === 'sudo systemctl restart containerd' && r.exitCode === 0)
            expect(running(engine)).toEqual(before);
        }
        engine.advance(100);
        expect(brokenInvariants(engine)).toEqual([]);
      }),
      { seed: Number(process.env.FC_SEED ?? 20261203), numRuns: 60 },
    );
  }, 120_000);
});
