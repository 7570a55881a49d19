import { HOST_COMMANDS } from '../sim/shell/hostPrograms';
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { splitWords } from '../sim/shell/words';
import { describeGoal } from './goals';
import { commandProblem, commandsBefore, runLessonHeadless, tryStep } from './headless';
import { LESSONS, lessonById } from './lessons';
import type { Goal } from './types';

describe('lessons: every solution reaches every goal headlessly', () => {
  it('has at least eight lessons of two to five steps', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(8);
    for (const l of LESSONS) {
      expect(l.steps.length, l.id).toBeGreaterThanOrEqual(2);
      expect(l.steps.length, l.id).toBeLessThanOrEqual(5);
    }
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s: each goal is false before its step and true after its solution',
    (_id, lesson) => {
      const report = runLessonHeadless(lesson);
      expect(report.setupProblems).toEqual([]);
      for (const s of report.steps) {
        expect({
          step: s.id,
          falseBefore: s.falseBefore,
          reached: s.reached,
          problems: s.problems,
        }).toEqual({
          step: s.id,
          falseBefore: true,
          reached: true,
          problems: [],
        });
      }
      expect(report.ok).toBe(true);
    },
  );
});

/**
 * Wrong ways: from the start of a step, these command lines must not complete
 * it. [lesson, step id, commands].
 */
/** A fixed amount of work (every lesson's commands, each on a fresh engine), not a speed test. */
const WORK_TIMEOUT = 60_000;

const WRONG: Array<[string, string, string[]]> = [
  // ── daemon: what survives a restart ──
  ['what-survives-restart', 'containerd', ['docker ps']],
  ['what-survives-restart', 'dockerd', ['sudo systemctl restart containerd']],
  ['what-survives-restart', 'socket', ['sudo systemctl stop docker', 'docker ps']],
  [
    'what-survives-restart',
    'live-restore',
    ['sudo systemctl start docker', 'docker start web', 'sudo systemctl restart docker'],
  ],
  // storage: the store changes at a restart only; a one-layer pull waits for nothing
  ['overlay2-vs-containerd-store', 'containerd-store', ['docker info']],
  // ── push: a push before the tag, a refused login, a push of alpine itself ──
  ['tag-login-push', 'tag', ['docker push learner/hello:v1']],
  ['tag-login-push', 'login', ['echo pw | docker login -u Learner --password-stdin']],
  ['tag-login-push', 'push', ['docker push alpine']],
  [
    'overlay2-vs-containerd-store',
    'switch',
    [
      `echo '{"features": {"containerd-snapshotter": false}}' | sudo tee /etc/docker/daemon.json`,
      'sudo systemctl reload docker',
      'docker images',
    ],
  ],
  ['overlay2-vs-containerd-store', 'pull-overlay2', ['docker pull alpine']],
  ['overlay2-vs-containerd-store', 'run-overlay2', ['docker create --name web nginx']],
  [
    'overlay2-vs-containerd-store',
    'back',
    [
      `echo '{"features": {"containerd-snapshotter": true}}' | sudo tee /etc/docker/daemon.json`,
      'docker images',
    ],
  ],
  // networks: pinging by address is not finding by name; a bare run is not the user network
  ['find-each-other', 'default-bridge', ['docker run -d --name web nginx']],
  ['find-each-other', 'by-name', ['docker run --rm busybox ping -c 1 web']],
  ['find-each-other', 'alias', ['docker run --rm --network appnet busybox ping -c 1 web']],
  ['publish-packets', 'curl', ['curl localhost:8081']],
  ['publish-packets', 'stop', ['curl localhost:8080']],
  ['client-daemon', 'version', ['docker ps']],
  ['client-daemon', 'images', ['docker ps -a']],
  ['client-daemon', 'error', ['docker ps']],
  ['images-containers', 'pull', ['docker pull busybox']],
  ['images-containers', 'run', ['docker create alpine echo hello']],
  ['images-containers', 'run', ['docker run alpine sh -c "exit 1"']],
  ['images-containers', 'again', ['docker ps -a']],
  ['images-containers', 'in-use', ['docker rmi busybox']],
  ['registry-pull', 'first-pull', ['docker pull httpd']],
  ['registry-pull', 'up-to-date', ['docker pull alpine']],
  ['registry-pull', 'already-exists', ['docker pull nginx:1.27']],
  ['registry-pull', 'already-exists', ['docker pull alpine']],
  ['registry-pull', 'denied', ['docker pull alpine']],
  ['lifecycle', 'create', ['docker create --name crate alpine echo hello']],
  ['lifecycle', 'create', ['docker run --name box alpine echo hello']],
  ['lifecycle', 'start', ['docker ps -a']],
  ['lifecycle', 'long-running', ['docker create --name sleeper alpine sleep 3600']],
  ['lifecycle', 'long-running', ['docker run -d --name sleeper alpine echo hi']],
  ['lifecycle', 'stop', ['docker ps']],
  ['lifecycle', 'remove', ['docker rm box']],
  ['lifecycle', 'remove', ['docker stop sleeper']],
  ['run-create-start', 'run', ['docker create --name web nginx']],
  ['run-create-start', 'run', ['docker pull nginx']],
  ['run-create-start', 'run', ['docker run -d --name web httpd']],
  ['run-create-start', 'create', ['docker run -d --name web2 nginx']],
  ['run-create-start', 'start', ['docker start web']],
  ['run-create-start', 'run-fails', ['docker pull nosuch']],
  ['exit-codes', 'own-code', ['docker run alpine sh -c "exit 4"']],
  ['exit-codes', 'not-found', ['docker run alpine ls /nope']],
  ['exit-codes', 'docker-failed', ['docker run alpine nosuchcmd']],
  ['exit-codes', 'killed', ['docker run -d --name sleeper alpine sleep 3600']],
  [
    'exit-codes',
    'killed',
    ['docker run -d --name sleeper alpine sleep 3600', 'docker rm -f sleeper'],
  ],
  ['ports', 'publish', ['docker run -d --name web -p 8081:80 nginx']],
  ['ports', 'publish', ['docker run -d --name web nginx']],
  ['ports', 'publish', ['docker create --name web -p 8080:80 nginx']],
  ['ports', 'taken', ['docker run -d --name web2 -p 8082:80 nginx']],
  ['ports', 'other-port', ['docker start web2']],
  ['ports', 'other-port', ['docker rm web2', 'docker run -d --name web2 -p 8080:80 nginx']],
  ['ports', 'unpublish', ['docker stop web2']],
  ['logs', 'run', ['docker create --name web nginx']],
  ['logs', 'read', ['docker run nginx']],
  ['logs', 'read', ['docker logs nothing']],
  ['logs', 'after-stop', ['docker logs web', 'docker stop web']],
  ['logs', 'remove', ['docker rm web']],
  ['logs', 'remove', ['docker logs nothing']],
  ['containerd-shim-runc', 'start', ['docker create --name sleeper alpine sleep 3600']],
  ['containerd-shim-runc', 'one-per-container', ['docker create --name second alpine sleep 3600']],
  ['containerd-shim-runc', 'exit', ['docker stop second']],
  ['containerd-shim-runc', 'create-no-shim', ['docker run -d --name idle alpine sleep 3600']],
  ['exec-joins', 'run', ['docker create --name web alpine sleep 1000']],
  // ── life: no policy is no restart; no --init is 137; a stop is no pause ──
  ['restart-health', 'on-failure', ["docker run -d --name flaky alpine sh -c 'exit 3'"]],
  ['restart-health', 'init', ['docker run -d --name tini alpine sleep 100', 'docker stop tini']],
  ['restart-health', 'pause', ['docker stop hz', 'docker ps -a']],
  ['exec-joins', 'exec', ['docker exec web nosuchcommand']],
  ['exec-joins', 'exec', ['docker run --rm alpine echo hi']],
  ['exec-joins', 'ps', ['docker run --rm alpine ps']],
  ['exec-joins', 'exit-code', ['docker run alpine sh -c "exit 3"']],
  ['exec-joins', 'exit-code', ['docker exec web sh -c "exit 4"']],
  ['exec-joins', 'missing', ['docker run alpine bash']],
  // ── sec: the capability, not just any run; privileged, not one added capability ──
  [
    'what-privileged-means',
    'refused',
    ['docker run --rm --cap-add NET_ADMIN alpine ip link add dummy0 type dummy'],
  ],
  ['what-privileged-means', 'cap-add', ['docker run --rm alpine ip link add dummy0 type dummy']],
  ['what-privileged-means', 'privileged', ['docker run --rm --cap-add ALL alpine true']],
  ['what-privileged-means', 'pid-host', ['docker run --rm alpine ps']],
  ['what-privileged-means', 'read-only', ['docker run --rm alpine touch /x']],
  // Commands sent to the wrong daemon, or only half of what a step asks.
  ['many-daemons', 'dash-h', ['docker run -d --name web nginx']],
  ['many-daemons', 'dash-h', ['docker -H tcp://node-2:2375 create --name web nginx']],
  ['many-daemons', 'own-objects', ['docker -H tcp://node-2:2375 ps', 'docker ps']],
  ['many-daemons', 'own-objects', ['docker -H tcp://node-2:2375 run -d --name web2 nginx']],
  ['many-daemons', 'context', ['docker context create node-2 --docker host=tcp://node-2:2375']],
  ['many-daemons', 'context', ['docker -H tcp://node-2:2375 ps']],
  ['many-daemons', 'precedence', ['docker context use node-2', 'docker ps']],
  ['many-daemons', 'precedence', ['docker --context node-2 -H unix:///var/run/docker.sock ps']],
  ['remote-wire', 'plain', ['docker info']],
  ['remote-wire', 'plain', ['docker -H tcp://node-2:2375 version']],
  ['remote-wire', 'https-only', ['docker --tlsverify -H tcp://node-3:2376 ps']],
  ['remote-wire', 'https-only', ['docker -H tcp://node-2:2375 ps']],
  ['remote-wire', 'tls', ['docker -H tcp://node-3:2376 ps']],
  ['remote-wire', 'tls', ['docker --tlsverify -H tcp://node-3:2376 version']],
  ['remote-wire', 'ssh', ['docker -H tcp://node-2:2375 ps']],
  ['remote-wire', 'ssh', ['docker -H ssh://root@node-2 version']],
  // ── host ──
  ['host-view', 'forest', ['ps -ef']],
  ['host-view', 'forest', ['ps aux']],
  ['host-view', 'cgroup', ['ls /sys/fs/cgroup']],
  ['host-view', 'root-only', ['ls /var/lib/docker']],
  ['host-view', 'root-only', ['sudo ls /var/lib/docker/containers']],
  ['host-view', 'namespaces', ['lsns']],
  ['host-view', 'network', ['ip addr']],
  ['host-view', 'network', ['iptables -t nat -L -n']],
  [
    'two-daemons',
    'first',
    ['docker -H unix:///var/run/docker-bootstrap.sock run -d --name web nginx'],
  ],
  ['volumes', 'layer-goes', ['docker run --rm alpine cat /etc/os-release']],
  // ── res ──
  ['limits-oom', 'limit', ['docker run -d --name capped alpine sleep 600']],
  ['limits-oom', 'oom', ["docker run --name hog alpine sh -c 'echo hi'"]],
  ['limits-oom', 'update', ['docker update -m 256m capped']],
  ['volumes', 'write', ["docker run --rm alpine sh -c 'echo kept > /data/note'"]],
  ['volumes', 'read', ['docker run --rm alpine cat /data/note']],
  ['volumes', 'in-use', ['docker volume rm nosuch']],
  ['volumes', 'remove', ['docker volume rm data']],
  ['two-daemons', 'second', ['docker ps -a']],
  ['two-daemons', 'second', ['docker -H unix:///var/run/docker-bootstrap.pid ps -a']],
  ['two-daemons', 'same-name', ['docker run -d --name web2 nginx']],
  [
    'two-daemons',
    'same-name',
    ['docker -H unix:///var/run/docker-bootstrap.sock create --name web nginx'],
  ],
  [
    'two-daemons',
    'context',
    [
      'docker context create bootstrap --docker host=unix:///var/run/docker-bootstrap.sock',
      'docker ps',
    ],
  ],
];

/** Other right ways: a step completes whatever commands got there. */
const ALSO_RIGHT: Array<[string, string, string[]]> = [
  ['client-daemon', 'ping', ['docker ps -a']],
  ['images-containers', 'pull', ['docker run alpine echo hello']],
  ['lifecycle', 'stop', ['docker kill sleeper']],
  ['lifecycle', 'remove', ['docker rm box', 'docker rm -f sleeper']],
  [
    'run-create-start',
    'run',
    ['docker pull nginx', 'docker create --name web nginx', 'docker start web'],
  ],
  ['ports', 'publish', ['docker run -d -p 8080:80/tcp --name web nginx']],
  ['logs', 'read', ['docker logs --tail 50 web']],
  ['volumes', 'read', ['docker run --rm --mount source=data,target=/d alpine cat /d/note']],
  [
    'two-daemons',
    'context',
    [
      'docker context create bootstrap --docker host=unix:///var/run/docker-bootstrap.sock',
      'DOCKER_HOST=unix:///var/run/docker-bootstrap.sock docker ps',
    ],
  ],
];

const stepIndex = (lessonId: string, stepId: string): number => {
  const lesson = lessonById(lessonId);
  if (!lesson) throw new Error(`no lesson ${lessonId}`);
  const i = lesson.steps.findIndex((s) => s.id === stepId);
  if (i === -1) throw new Error(`no step ${lessonId}/${stepId}`);
  return i;
};

describe('lessons: goals check state, not keystrokes', () => {
  it('covers every lesson with wrong sequences', () => {
    const covered = new Set(WRONG.map(([l]) => l));
    for (const l of LESSONS) expect(covered.has(l.id), l.id).toBe(true);
  });

  it.each(WRONG)('%s / %s: %j does not complete the step', (lessonId, stepId, commands) => {
    expect(tryStep(lessonById(lessonId)!, stepIndex(lessonId, stepId), commands)).toBe(false);
  });

  it.each(ALSO_RIGHT)('%s / %s: %j completes the step too', (lessonId, stepId, commands) => {
    expect(tryStep(lessonById(lessonId)!, stepIndex(lessonId, stepId), commands)).toBe(true);
  });
});

function* goalsIn(goal: Goal): Generator<Goal> {
  yield goal;
  if ('all' in goal) for (const g of goal.all) yield* goalsIn(g);
  if ('any' in goal) for (const g of goal.any) yield* goalsIn(g);
  if ('not' in goal) yield* goalsIn(goal.not);
}

describe('lessons: data validation', () => {
  it('ids are unique: lessons, and steps within a lesson', () => {
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of LESSONS) {
      const steps = l.steps.map((s) => s.id);
      expect(new Set(steps).size, l.id).toBe(steps.length);
      expect(lessonById(l.id)).toBe(l);
    }
    expect(lessonById('no-such-lesson')).toBeUndefined();
  });

  it('every text is filled in and every step has hints and a solution', () => {
    for (const l of LESSONS) {
      for (const text of [l.title, l.summary, l.intro]) expect(text.trim(), l.id).not.toBe('');
      for (const s of l.steps) {
        const where = `${l.id}/${s.id}`;
        expect(s.task.trim(), where).not.toBe('');
        expect(s.explain.trim(), where).not.toBe('');
        expect(s.hints.length, where).toBeGreaterThan(0);
        expect(s.solution.length, where).toBeGreaterThan(0);
        expect(s.commands.length, where).toBeGreaterThan(0);
      }
    }
  });

  it('goals are plain JSON data with valid regexes and readable descriptions', () => {
    for (const l of LESSONS) {
      for (const s of l.steps) {
        const where = `${l.id}/${s.id}`;
        expect(JSON.parse(JSON.stringify(s.goal)), where).toEqual(s.goal);
        for (const g of goalsIn(s.goal)) {
          const sources = [
            'message' in g ? g.message.operation : undefined,
            'output' in g ? g.output : undefined,
            'exitCode' in g ? g.command : undefined,
          ].filter((x): x is string => x !== undefined);
          for (const src of sources) expect(() => new RegExp(src), where).not.toThrow();
        }
        const words = describeGoal(s.goal);
        expect(words, where).not.toMatch(/[\\^$[\]]/);
        expect(words.length, where).toBeGreaterThan(5);
      }
    }
  });

  it(
    'every clickable command, solution and setup line is a simulated docker command',
    () => {
      for (const l of LESSONS) {
        for (const line of l.setup) expect(splitWords(line), l.id).toMatchObject({ ok: true });
        l.steps.forEach((s, i) => {
          // Run each clickable command where the learner would click it: at the step's start.
          for (const line of new Set([...s.commands, ...s.solution])) {
            const where = `${l.id}/${s.id}: ${line}`;
            const words = splitWords(line);
            // docker, curl, or a program of the host itself (hostPrograms.ts); echo into
            // daemon.json through sudo tee, and systemctl/journalctl (daemon).
            expect(
              /^echo .*\| sudo tee \/etc\/docker\/daemon\.json$/.test(line) ||
                // a password piped into docker login (--password-stdin)
                /^echo [^|]*\| docker login /.test(line) ||
                (words.ok &&
                  ['docker', 'curl', 'systemctl', 'journalctl', ...HOST_COMMANDS.keys()].includes(
                    words.words[0]!,
                  )),
              where,
            ).toBe(true);
            const engine = new Engine({ seed: 1 });
            for (const before of commandsBefore(l, i)) {
              engine.run(before);
              engine.advance(1000);
            }
            expect(commandProblem(engine.run(line)), where).toBeNull();
          }
        });
      }
    },
    WORK_TIMEOUT,
  );
});
