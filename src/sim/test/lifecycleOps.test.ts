/**
 * The lifecycle beyond run and stop: restart policies with dockerd's backoff on
 * simulated time, pause/unpause through the cgroup freezer, `--init`, health
 * checks, `docker wait`.
 */
import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../engine';
import { contextOf } from '../core/actors';
import type { ContainerRecord, DockerdState } from '../dockerd/model';
import type { KernelState } from '../kernel/kernelMachine';
import type { RuncState } from '../runc/runcMachine';
import type { OciSpec } from '../dockerd/ociSpec';
import {
  restartOnDaemonStart,
  setDaemonShuttingDown,
  shouldRestart,
  updateRestartPolicy,
} from '../dockerd/restartManager';
import { DaemonError } from '../dockerd/errors';
import { callDaemon, messagesOf } from './helpers';

const dockerd = (e: Engine) => contextOf<DockerdState>(e.host.dockerd);
const byName = (e: Engine, name: string): ContainerRecord => {
  const d = dockerd(e);
  return d.containers[d.names[`/${name}`]!]!;
};

function engineWith(...images: string[]): Engine {
  const e = new Engine({ seed: 5 });
  for (const i of images) e.run(`docker pull ${i}`);
  return e;
}

/** The simulated times dockerd asked containerd to start a task of this container. */
/** Let simulated time pass in small steps until the container is in `state` (at most 2 s). */
function advanceUntil(e: Engine, name: string, state: string): void {
  for (let t = 0; t < 2000 && byName(e, name).state !== state; t += 5) e.advance(5);
  expect(byName(e, name).state).toBe(state);
}

const taskStarts = (e: Engine, id: string) =>
  e.trace
    .filter(
      (m: Message) =>
        m.op === 'containerd.tasks.start' &&
        m.kind === 'request' &&
        (m.request as { container_id?: string }).container_id === id,
    )
    .map((m) => m.time);

describe('restart policies (moby restartmanager, on simulated time)', () => {
  it('backs off 100 ms, doubling, at most a minute; a run of 10 s starts over', () => {
    const policy = { Name: 'always', MaximumRetryCount: 0 };
    let rm = { timeoutMs: 0, canceled: false };
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const d = shouldRestart(policy, rm, i, 1, false, 50);
      waits.push(d.timeoutMs);
      rm = { ...rm, timeoutMs: d.timeoutMs };
    }
    expect(waits).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000,
    ]);
    expect(shouldRestart(policy, rm, 12, 1, false, 10_000).timeoutMs).toBe(100);
  });

  it('decides as moby: no never, always always, unless-stopped unless stopped, on-failure only a failure up to N', () => {
    const fresh = { timeoutMs: 0, canceled: false };
    const p = (Name: string, MaximumRetryCount = 0) => ({ Name, MaximumRetryCount });
    expect(shouldRestart(p('no'), fresh, 0, 1, false, 0).restart).toBe(false);
    expect(shouldRestart(p('always'), fresh, 0, 0, true, 0).restart).toBe(true);
    expect(shouldRestart(p('unless-stopped'), fresh, 0, 0, false, 0).restart).toBe(true);
    expect(shouldRestart(p('unless-stopped'), fresh, 0, 0, true, 0).restart).toBe(false);
    expect(shouldRestart(p('on-failure'), fresh, 0, 0, false, 0).restart).toBe(false);
    expect(shouldRestart(p('on-failure'), fresh, 99, 2, false, 0).restart).toBe(true);
    expect(shouldRestart(p('on-failure', 3), fresh, 2, 2, false, 0).restart).toBe(true);
    expect(shouldRestart(p('on-failure', 3), fresh, 3, 2, false, 0).restart).toBe(false);
    // A stop canceled the manager: never, whatever the policy.
    expect(shouldRestart(p('always'), { ...fresh, canceled: true }, 0, 1, false, 0).restart).toBe(
      false,
    );
  });

  it('on-failure:3 restarts a failing container three times, 100, 200 then 400 ms after each exit', () => {
    const e = engineWith('alpine');
    e.run("docker run -d --name flaky --restart on-failure:3 alpine sh -c 'exit 3'");
    advanceUntil(e, 'flaky', 'restarting');
    const during = e.run('docker ps -a --format "{{.Status}}"');
    expect(during.stdout).toMatch(/^Restarting \(3\) Less than a second ago\n$/);
    e.advance(10_000);
    const c = byName(e, 'flaky');
    expect(c.state).toBe('exited');
    expect(c.restartCount).toBe(3);
    expect(e.run('docker inspect -f "{{.RestartCount}} {{.State.ExitCode}}" flaky').stdout).toBe(
      '3 3\n',
    );
    const starts = taskStarts(e, c.id);
    expect(starts).toHaveLength(4);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    // Each gap: the short run and its clean-up (a few ms), then the backoff.
    for (const [i, backoff] of [100, 200, 400].entries()) {
      expect(gaps[i]).toBeGreaterThan(backoff);
      expect(gaps[i]).toBeLessThan(backoff + 100);
    }
  });

  it('restart=no never restarts, and exits once', () => {
    const e = engineWith('alpine');
    e.run("docker run -d --name once alpine sh -c 'exit 1'");
    e.advance(70_000);
    const c = byName(e, 'once');
    expect([c.state, c.restartCount]).toEqual(['exited', 0]);
    expect(taskStarts(e, c.id)).toHaveLength(1);
  });

  it('always restarts a container that exits 0, until docker stop; then it stays stopped', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name al --restart always alpine sleep 1');
    e.advance(5000);
    expect(byName(e, 'al').restartCount).toBeGreaterThanOrEqual(3);
    e.run('docker stop al');
    const count = byName(e, 'al').restartCount;
    e.advance(120_000);
    expect(byName(e, 'al').state).toBe('exited');
    expect(byName(e, 'al').restartCount).toBe(count);
    expect(byName(e, 'al').manuallyStopped).toBe(true);
    // docker start resets the manager: RestartCount back to 0, the policy applies again.
    e.run('docker start al');
    expect(byName(e, 'al').restartCount).toBe(0);
    e.advance(1500);
    expect(byName(e, 'al').restartCount).toBe(1);
  });

  it('docker stop of a restarting container ends the wait at once', () => {
    const e = engineWith('alpine');
    e.run("docker run -d --name rr --restart always alpine sh -c 'exit 2'");
    advanceUntil(e, 'rr', 'restarting');
    expect(e.run('docker rm rr').stderr).toBe(
      'Error response from daemon: cannot remove container "/rr": container is restarting: stop the container before removing or force remove\n',
    );
    const stop = e.run('docker stop rr');
    expect([stop.stdout, stop.exitCode]).toEqual(['rr\n', 0]);
    expect(e.run('docker ps -a --format "{{.Status}}"').stdout).toMatch(/^Exited \(2\)/);
  });

  it('docker rm -f while dockerd is handling an exit: the kill cancels the restart it was about to schedule', () => {
    // Found by hand: the exit's handling read the record from before the kill and restarted.
    const e = new Engine({ seed: 1 });
    e.run('docker pull alpine');
    e.run("docker run -d --name fg --restart always alpine sh -c 'echo hi; exit 1'");
    e.advance(1000);
    e.run('docker restart fg');
    const rm = e.run('docker rm -f fg');
    expect([rm.stdout, rm.stderr, rm.exitCode]).toEqual(['fg\n', '', 0]);
    expect(e.host.scheduler.faults).toEqual([]);
    expect(e.run('docker ps -aq').stdout).toBe('');
  });

  it('--rm with a restart policy: the CLI refuses it, and so does dockerd', () => {
    const e = engineWith('alpine');
    const r = e.run('docker run --rm --restart always alpine true');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toBe(
      "docker: conflicting options: cannot specify both --restart and --rm\n\nRun 'docker run --help' for more information\n",
    );
    const got = callDaemon(e, 'local', 'POST', '/v1.50/containers/create', undefined, {
      Image: 'alpine',
      HostConfig: { AutoRemove: true, RestartPolicy: { Name: 'always' } },
    });
    expect(got.status).toBe(400);
    expect(got.body).toEqual({
      message: "can't create 'AutoRemove' container with restart policy",
    });
  });

  it('a new policy (docker update --restart) applies from the next exit; a --rm container refuses one', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name up --restart always alpine sleep 1');
    updateRestartPolicy(e.host, byName(e, 'up').id, { Name: 'no', MaximumRetryCount: 0 });
    e.advance(3000);
    expect([byName(e, 'up').state, byName(e, 'up').restartCount]).toEqual(['exited', 0]);
    e.run('docker run -d --rm --name gone alpine sleep 100');
    const rm = byName(e, 'gone');
    expect(() =>
      updateRestartPolicy(e.host, rm.id, { Name: 'always', MaximumRetryCount: 0 }),
    ).toThrow(
      new DaemonError(
        'Conflict',
        `Cannot update container ${rm.id}: Restart policy cannot be updated because AutoRemove is enabled for the container`,
      ),
    );
  });

  it('decides for daemon start as moby restore does (restartOnDaemonStart)', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name a1 --restart always alpine sleep 100');
    e.run('docker run -d --name u1 --restart unless-stopped alpine sleep 100');
    e.run("docker run -d --name u2 --restart unless-stopped alpine sh -c 'sleep 1; exit 0'");
    e.run("docker run -d --name f1 --restart on-failure alpine sh -c 'exit 0'");
    e.run("docker run -d --name n1 alpine sh -c 'exit 1'");
    e.run('docker create --name c1 --restart always alpine true');
    e.run('docker stop -t 0 a1 u1');
    e.advance(500);
    const decide = (n: string) => restartOnDaemonStart(byName(e, n));
    expect(decide('a1')).toBe(true); // always: even after docker stop
    expect(decide('u1')).toBe(false); // unless-stopped, stopped by the user
    expect(decide('f1')).toBe(false); // on-failure after exit 0
    expect(decide('n1')).toBe(false); // no
    expect(decide('c1')).toBe(false); // never started
    expect(restartOnDaemonStart(byName(e, 'a1'), false)).toBe(false); // --restart=false on dockerd
  });

  it('containers dockerd stops while shutting down are not stopped by the user: unless-stopped comes back', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name us --restart unless-stopped --init alpine sleep 100');
    setDaemonShuttingDown(e.host, true);
    e.run('docker stop us');
    setDaemonShuttingDown(e.host, false);
    e.advance(5000);
    expect(byName(e, 'us').state).toBe('exited'); // no restart while dockerd goes down
    expect(byName(e, 'us').manuallyStopped).toBe(false);
    expect(restartOnDaemonStart(byName(e, 'us'))).toBe(true);
  });
});

describe('docker pause / unpause: the cgroup freezer', () => {
  it('goes dockerd → containerd Tasks.Pause → shim → runc pause → cgroup.freeze 1, and back with 0', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name pz alpine sleep 1000');
    const id = byName(e, 'pz').id;
    const scope = `/sys/fs/cgroup/system.slice/docker-${id}.scope`;
    const pause = e.run('docker pause pz');
    expect([pause.stdout, pause.exitCode]).toEqual(['pz\n', 0]);
    const chain = messagesOf(e, pause)
      .filter((m) => m.kind === 'request')
      .map((m) => `${m.from} → ${m.to}: ${m.operation}`)
      .filter((l) => !l.includes('_ping'));
    expect(chain[0]).toMatch(/^client → dockerd: POST \/v1\.\d+\/containers\/pz\/pause$/);
    expect(chain.slice(1)).toEqual([
      'dockerd → containerd: containerd.services.tasks.v1.Tasks/Pause',
      `containerd → shim-${id.slice(0, 12)}: containerd.task.v2.Task/Pause`,
      `shim-${id.slice(0, 12)} → runc: runc pause`,
      `runc → kernel: write ${scope}/cgroup.freeze "1"`,
    ]);
    expect(contextOf<KernelState>(e.host.kernel).frozen[scope]).toBe(true);
    expect(contextOf<RuncState>(e.host.runc).containers[id]?.status).toBe('paused');
    expect(e.run('docker ps --format "{{.Status}}"').stdout).toMatch(/\(Paused\)\n$/);
    expect(
      e.run('docker inspect -f "{{.State.Status}} {{.State.Running}} {{.State.Paused}}" pz').stdout,
    ).toBe('paused true true\n');
    const unpause = e.run('docker unpause pz');
    expect(unpause.exitCode).toBe(0);
    expect(
      messagesOf(e, unpause).some((m) => m.operation === `write ${scope}/cgroup.freeze "0"`),
    ).toBe(true);
    expect(contextOf<KernelState>(e.host.kernel).frozen[scope]).toBeUndefined();
  });

  it('a frozen process runs no code until the thaw: its sleep ends only after unpause', () => {
    const e = engineWith('alpine');
    e.run("docker run -d --name fz alpine sh -c 'sleep 2; echo woke; exit 4'");
    e.run('docker pause fz');
    e.advance(10_000);
    expect(e.run('docker logs fz').stdout).toBe('');
    expect(byName(e, 'fz').state).toBe('paused');
    e.run('docker unpause fz');
    e.advance(500);
    expect(e.run('docker logs fz').stdout).toBe('woke\n');
    expect([byName(e, 'fz').state, byName(e, 'fz').exitCode]).toEqual(['exited', 4]);
  });

  it('answers with moby’s errors', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name pz alpine sleep 1000');
    e.run('docker create --name cz alpine true');
    const id = byName(e, 'pz').id;
    expect(e.run('docker unpause pz').stderr).toBe(
      `Error response from daemon: Container ${id} is not paused\n`,
    );
    e.run('docker pause pz');
    const again = e.run('docker pause pz');
    expect([again.stderr, again.exitCode]).toEqual([
      `Error response from daemon: Container ${id} is already paused\n`,
      1,
    ]);
    expect(e.run('docker exec pz ls').stderr).toMatch(
      /is paused, unpause the container before exec\n$/,
    );
    expect(e.run('docker start pz').stderr).toMatch(
      /cannot start a paused container, try unpause instead/,
    );
    expect(e.run('docker pause cz').stderr).toBe(
      `Error response from daemon: container ${byName(e, 'cz').id} is not running\n`,
    );
    expect(e.run('docker rm pz').stderr).toBe(
      'Error response from daemon: cannot remove container "/pz": container is paused and must be unpaused first\n',
    );
    expect(e.run('docker pause nosuch').stderr).toBe(
      'Error response from daemon: No such container: nosuch\n',
    );
  });

  it('docker stop of a paused container signals it, thaws it, and it exits', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name pz --init alpine sleep 1000');
    e.run('docker pause pz');
    const stop = e.run('docker stop pz');
    expect(stop.exitCode).toBe(0);
    const ops = messagesOf(e, stop).map((m) => m.op);
    expect(ops.indexOf('containerd.tasks.resume')).toBeGreaterThan(
      ops.indexOf('containerd.tasks.kill'),
    );
    expect(byName(e, 'pz').state).toBe('exited');
    expect(byName(e, 'pz').exitCode).toBe(143);
  });
});

describe('--init: tini as PID 1', () => {
  it('puts /sbin/docker-init -- in front of the command and bind-mounts the daemon’s docker-init', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name iz --init alpine sleep 100');
    const create = e.trace.find(
      (m) => m.op === 'containerd.containers.create' && m.kind === 'request',
    )!;
    const spec = (create.request as { spec: OciSpec }).spec;
    expect(spec.process.args).toEqual(['/sbin/docker-init', '--', 'sleep', '100']);
    expect(spec.mounts.at(-1)).toEqual({
      destination: '/sbin/docker-init',
      type: 'bind',
      source: '/usr/bin/docker-init',
      options: ['bind', 'ro'],
    });
    expect(e.run('docker inspect -f "{{.HostConfig.Init}}" iz').stdout).toBe('true\n');
  });

  it('an interactive shell under tini ignores SIGTERM as it does as PID 1: docker stop waits, then 137', () => {
    const e = engineWith('alpine');
    e.run('docker run -dit --name ish --init alpine sh');
    const t0 = e.host.scheduler.now;
    e.run('docker stop ish');
    expect(e.host.scheduler.now - t0).toBeGreaterThanOrEqual(10_000);
    expect(byName(e, 'ish').exitCode).toBe(137);
  });

  it('Ctrl-C in docker run -it --init … sh reaches the shell, which catches it and runs on', () => {
    const e = new Engine({ seed: 5, tty: true });
    e.run('docker pull alpine');
    const r = e.run('docker run -it --init --name ci alpine sh');
    expect(r.exitCode).toBeNull();
    e.stdin(r.id, '\x03');
    e.advance(1000);
    expect(byName(e, 'ci').state).toBe('running');
  });

  it('shows tini as PID 1 and the command as its child', () => {
    const e = engineWith('alpine');
    expect(e.run('docker run --init alpine ps').stdout).toBe(
      'PID   USER     TIME  COMMAND\n' +
        '    1 root      0:00 /sbin/docker-init -- ps\n' +
        '    7 root      0:00 ps\n',
    );
  });

  it('docker stop: tini forwards SIGTERM, sleep dies of it, exit 143 at once; without --init, 10 s and 137', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name iz --init alpine sleep 100');
    e.run('docker run -d --name nz alpine sleep 100');
    const t0 = e.host.scheduler.now;
    e.run('docker stop iz');
    expect(e.host.scheduler.now - t0).toBeLessThan(1000);
    const t1 = e.host.scheduler.now;
    e.run('docker stop nz');
    expect(e.host.scheduler.now - t1).toBeGreaterThanOrEqual(10_000);
    expect(e.run('docker wait iz nz').stdout).toBe('143\n137\n');
  });
});

describe('health checks (moby daemon/health.go)', () => {
  it('starting → unhealthy after the retries → healthy once the probe passes; the probe is an exec through containerd', () => {
    const e = engineWith('alpine');
    e.run(
      "docker run -d --name hz --health-cmd 'test -f /tmp/ok' --health-interval 2s --health-retries 2 alpine sleep 1000",
    );
    const ps = () => e.run('docker ps --format "{{.Status}}"').stdout;
    expect(ps()).toMatch(/^Up .* \(health: starting\)\n$/);
    e.advance(2100);
    expect(byName(e, 'hz').health).toMatchObject({ status: 'starting', failingStreak: 1 });
    e.advance(2000);
    expect(ps()).toMatch(/^Up \d+ seconds \(unhealthy\)\n$/);
    e.run('docker exec hz touch /tmp/ok');
    e.advance(2500);
    expect(ps()).toMatch(/^Up \d+ seconds \(healthy\)\n$/);
    const h = JSON.parse(e.run('docker inspect -f "{{json .State.Health}}" hz').stdout) as {
      Status: string;
      FailingStreak: number;
      Log: Array<{ ExitCode: number; Output: string }>;
    };
    expect(h.Status).toBe('healthy');
    expect(h.FailingStreak).toBe(0);
    expect(h.Log.map((l) => l.ExitCode)).toEqual([1, 1, 0]);
    // dockerd runs the probe as an exec: Tasks.Exec with /bin/sh -c and the command.
    const exec = e.trace.find((m) => m.op === 'containerd.tasks.exec' && m.kind === 'request')!;
    expect((exec.request as { spec: { args: string[] } }).spec.args).toEqual([
      '/bin/sh',
      '-c',
      'test -f /tmp/ok',
    ]);
    expect(e.run('docker inspect -f "{{json .Config.Healthcheck}}" hz').stdout).toBe(
      '{"Test":["CMD-SHELL","test -f /tmp/ok"],"Interval":2000000000,"Retries":2}\n',
    );
  });

  it('keeps the last 5 results, and a start period holds failures back', () => {
    const e = engineWith('alpine');
    e.run(
      'docker run -d --name sp --health-cmd false --health-interval 1s --health-start-period 10s --health-start-interval 1s --health-retries 1 alpine sleep 1000',
    );
    e.advance(7500);
    const c = byName(e, 'sp');
    expect(c.health?.status).toBe('starting');
    expect(c.health?.failingStreak).toBe(0);
    expect(c.health?.log).toHaveLength(5);
    e.advance(5000);
    expect(byName(e, 'sp').health?.status).toBe('unhealthy');
  });

  it('a probe that runs too long fails with exit code -1 and the timeout in Go’s words', () => {
    const e = engineWith('alpine');
    e.run(
      'docker run -d --name slow --health-cmd "sleep 5" --health-interval 1s --health-timeout 500ms alpine sleep 1000',
    );
    e.advance(2000);
    expect(byName(e, 'slow').health?.log[0]).toMatchObject({
      exitCode: -1,
      output: 'Health check exceeded timeout (500ms)',
    });
  });

  it('docker ps --filter health=… matches the status, none for no health check', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name sick --health-cmd false --health-interval 1s alpine sleep 100');
    e.run('docker run -d --name plain alpine sleep 100');
    e.advance(4000);
    const names = (f: string) => e.run(`docker ps --filter ${f} --format "{{.Names}}"`).stdout;
    expect(names('health=unhealthy')).toBe('sick\n');
    expect(names('health=none')).toBe('plain\n');
    expect(names('health=healthy')).toBe('');
    expect(e.run('docker ps --filter health=ill').stderr).toBe(
      "Error response from daemon: invalid filter 'health=ill': invalid value for health (ill): must be one of none, starting, healthy, unhealthy\n",
    );
  });

  it('dockerd refuses a health check interval under 1 ms (moby validateHealthCheck)', () => {
    const e = engineWith('alpine');
    const r = e.run('docker run --health-cmd true --health-interval 500us alpine true');
    expect([r.exitCode, r.stderr]).toEqual([
      125,
      "docker: Error response from daemon: Interval in Healthcheck cannot be less than 1ms\n\nRun 'docker run --help' for more information\n",
    ]);
  });

  it('--no-healthcheck sends Test NONE and the container has no health state', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name nh --no-healthcheck alpine sleep 100');
    expect(e.run('docker inspect -f "{{json .State.Health}}" nh').stdout).toBe('null\n');
    expect(e.run('docker ps --format "{{.Status}}"').stdout).toMatch(/^Up [^()]*\n$/);
  });

  it('a stopped container’s health reads unhealthy (moby CloseMonitorChannel)', () => {
    const e = engineWith('alpine');
    e.run('docker run -d --name hs --init --health-cmd true --health-interval 1s alpine sleep 100');
    e.advance(1500);
    expect(byName(e, 'hs').health?.status).toBe('healthy');
    e.run('docker stop hs');
    expect(byName(e, 'hs').health?.status).toBe('unhealthy');
  });
});

describe('docker wait', () => {
  it('blocks until the container exits and prints its exit code', () => {
    const e = engineWith('alpine');
    e.run("docker run -d --name w1 alpine sh -c 'sleep 3; exit 7'");
    const t0 = e.host.scheduler.now;
    const r = e.run('docker wait w1');
    expect([r.stdout, r.exitCode]).toEqual(['7\n', 0]);
    expect(e.host.scheduler.now - t0).toBeGreaterThanOrEqual(2900);
    const req = messagesOf(e, r).find((m) => m.op === 'engine.containers.wait')!;
    expect((req.request as { query?: Record<string, string> }).query ?? {}).toEqual({});
  });

  it('prints what it can and joins the errors at the end, exit 1', () => {
    const e = engineWith('alpine');
    e.run("docker run --name w2 alpine sh -c 'exit 4'");
    const r = e.run('docker wait nosuch w2');
    expect(r.stdout).toBe('4\n');
    expect(r.stderr).toBe('Error response from daemon: No such container: nosuch\n');
    expect(r.exitCode).toBe(1);
  });

  it('waits through a restart policy’s restarts: a restarting container is still running', () => {
    const e = engineWith('alpine');
    e.run("docker run -d --name w3 --restart on-failure:2 alpine sh -c 'exit 5'");
    advanceUntil(e, 'w3', 'restarting');
    const got = callDaemon(e, 'local', 'POST', '/v1.50/containers/w3/wait', {
      condition: 'not-running',
    });
    expect(got.ended).toBe(false);
    e.advance(1000);
    expect(got.ended).toBe(true);
    expect(got.chunks).toEqual([{ StatusCode: 5 }]);
  });
});
