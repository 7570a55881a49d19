/**
 * dockerd's health monitor (moby v28.2.2 daemon/health.go), on simulated time.
 *
 * A container whose config has a health check (`--health-cmd`, or the image's
 * HEALTHCHECK) gets State.Health `starting` when its task starts. Every
 * interval (30 s unless set; `--health-start-interval`, 5 s unless set, while
 * it is still starting within `--health-start-period`) dockerd runs the probe
 * as an exec in the container: Tasks.Exec and Tasks.Start through containerd,
 * the shim runs `runc exec`. Exit 0 makes it `healthy` and resets the failing
 * streak; anything else adds one to the streak (not while starting within
 * the start period), and `--health-retries` (3 unless set) failures in a row
 * make it `unhealthy`. A probe that runs longer than the timeout (30 s unless
 * set) counts as a failure with exit code -1. Inspect keeps the last 5 results.
 * Being unhealthy changes nothing else: Docker itself neither restarts nor
 * stops an unhealthy container.
 */
import type { Host } from '../host';
import { emitContainerEvent } from './events';
import type { Task } from '../core/scheduler';
import { Signal } from '../core/signal';
import { wait } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import type {
  ContainerRecord,
  DockerdState,
  ExecRecord,
  HealthConfig,
  HealthResult,
  HealthState,
} from './model';
import { daemonEnvironment } from './ociSpec';
import { runExec } from './exec';
import { goDurationString } from '../client/goDuration';

const NS_PER_MS = 1e6;
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_START_INTERVAL_MS = 5_000;
const DEFAULT_RETRIES = 3;
const MAX_LOG_ENTRIES = 5;
const MAX_OUTPUT_LEN = 4096;

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

/** moby getProbe: the probe's command line, or undefined for none (`NONE`, no test, an unknown kind). */
export function probeCommand(c: ContainerRecord): string[] | undefined {
  const test = c.config.Healthcheck?.Test;
  if (!test || test.length === 0) return undefined;
  switch (test[0]) {
    case 'CMD':
      return test.slice(1);
    case 'CMD-SHELL':
      // getShell: the container's Shell, else /bin/sh -c on Linux (Shell is not simulated).
      return ['/bin/sh', '-c', ...test.slice(1)];
    default:
      return undefined;
  }
}

/**
 * The container's health check (moby daemon/commit.go merge of the image config):
 * the request's, else the image's; each setting the request leaves empty (or 0)
 * comes from the image's HEALTHCHECK. Absent when neither has one.
 */
export function healthcheckOf(
  request: HealthConfig | null | undefined,
  image: HealthConfig | undefined,
): { Healthcheck?: HealthConfig } {
  if (!request) return image ? { Healthcheck: { ...image } } : {};
  if (!image) return { Healthcheck: { ...request } };
  const merged: HealthConfig = { ...request };
  if (!merged.Test?.length && image.Test) merged.Test = image.Test;
  for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const)
    if (!merged[k] && image[k]) merged[k] = image[k];
  return { Healthcheck: merged };
}

/** moby timeoutWithDefault, from ns to ms. */
const orDefault = (ns: number | undefined, fallbackMs: number) =>
  ns ? ns / NS_PER_MS : fallbackMs;

/** Each container's current monitor, so a stop or a new start ends the old one. */
const monitors = new WeakMap<Host, Map<string, number>>();
function monitorsOf(host: Host): Map<string, number> {
  let m = monitors.get(host);
  if (!m) monitors.set(host, (m = new Map()));
  return m;
}
let nextMonitor = 1;

/**
 * moby initHealthMonitor, when the task has started (`docker start`, a
 * restart, `docker restart`): status `starting`, streak 0, and the first
 * probe after one interval. The log of earlier results is kept.
 */
export function startHealthMonitor(host: Host, id: string): void {
  const c = state(host).containers[id];
  if (!c || !probeCommand(c)) return;
  const health: HealthState = { status: 'starting', failingStreak: 0, log: c.health?.log ?? [] };
  commit(host.dockerd, { type: 'container.updated', id, patch: { health } });
  const token = nextMonitor++;
  monitorsOf(host).set(id, token);
  schedule(host, id, token);
}

/**
 * moby stopHealthchecks / updateHealthMonitor (the task exited, the container
 * was paused): no more probes, and Health.CloseMonitorChannel sets the status
 * to `unhealthy` "for compatibility reasons".
 */
export function stopHealthMonitor(host: Host, id: string): void {
  if (!monitorsOf(host).delete(id)) return;
  const c = state(host).containers[id];
  if (c?.health)
    commit(host.dockerd, {
      type: 'container.updated',
      id,
      patch: { health: { ...c.health, status: 'unhealthy' } },
    });
}

/** moby updateHealthMonitor after an unpause: a new monitor, the status as it was. */
export function resumeHealthMonitor(host: Host, id: string): void {
  const c = state(host).containers[id];
  if (!c?.health || !probeCommand(c)) return;
  const token = nextMonitor++;
  monitorsOf(host).set(id, token);
  schedule(host, id, token);
}

/** monitor's getInterval: the start interval while starting within the start period. */
function intervalOf(host: Host, c: ContainerRecord): number {
  const hc = c.config.Healthcheck ?? {};
  const probeInterval = orDefault(hc.Interval, DEFAULT_INTERVAL_MS);
  const startPeriod = orDefault(hc.StartPeriod, 0);
  if (host.scheduler.now - (c.startedAt ?? 0) >= startPeriod) return probeInterval;
  if (c.health?.status === 'starting')
    return orDefault(hc.StartInterval, DEFAULT_START_INTERVAL_MS);
  return probeInterval;
}

const current = (host: Host, id: string, token: number) => monitorsOf(host).get(id) === token;

function schedule(host: Host, id: string, token: number): void {
  const c = state(host).containers[id]!;
  host.scheduler.at(host.scheduler.now + intervalOf(host, c), () => {
    if (!current(host, id, token)) return;
    host.scheduler.spawn(probe(host, id, token));
  });
}

/** One run of the probe (moby cmdProbe.run), then the result (handleProbeResult), then the next. */
function* probe(host: Host, id: string, token: number): Task<void> {
  const c = state(host).containers[id];
  if (!c || c.state !== 'running') return;
  const argv = probeCommand(c)!;
  const start = host.scheduler.now;
  const exec: ExecRecord = {
    id: host.rng.hex(64),
    containerId: id,
    entrypoint: argv[0]!,
    args: argv.slice(1),
    tty: false,
    openStdin: false,
    openStdout: true,
    openStderr: true,
    privileged: false,
    user: c.config.User,
    workingDir: c.config.WorkingDir,
    env: daemonEnvironment(c, false, []),
    detachKeys: '',
    running: false,
    exitCode: null,
    pid: 0,
  };
  commit(host.dockerd, { type: 'exec.created', exec });
  let output = '';
  let truncated = false;
  const detach = host.io.attach(exec.id, (_stream, text) => {
    const keep = Math.max(0, Math.min(MAX_OUTPUT_LEN - output.length, text.length));
    output += text.slice(0, keep);
    if (keep < text.length) truncated = true;
  });
  const exited = host.io.nextExit(exec.id);
  const failed = yield* runExec(host, host.net.as(host.daemonId), exec, false);
  let result: HealthResult;
  if (failed) {
    result = { start, end: host.scheduler.now, exitCode: -1, output: failed.message };
  } else {
    const timeoutMs = orDefault(c.config.Healthcheck?.Timeout, DEFAULT_TIMEOUT_MS);
    const either = new Signal<number | undefined>();
    exited.onSettle(() => either.resolve(exited.take().exitCode));
    host.scheduler.at(host.scheduler.now + timeoutMs, () => either.resolve(undefined));
    const code = yield* wait(either);
    const out = truncated ? `${output}...` : output;
    result =
      code === undefined
        ? {
            start,
            end: host.scheduler.now,
            exitCode: -1,
            // DockScope leaves the timed-out probe process running; dockerd would kill it.
            output: `Health check exceeded timeout (${goDurationString(timeoutMs * NS_PER_MS)})${out ? `: ${out}` : ''}`,
          }
        : { start, end: host.scheduler.now, exitCode: code, output: out };
  }
  detach();
  if (!current(host, id, token)) return;
  const now = state(host).containers[id];
  if (!now || now.state !== 'running') return;
  const health = nextHealth(now, result);
  commit(host.dockerd, { type: 'container.updated', id, patch: { health } });
  // moby logs `health_status: <status>` when the status changed (monitor.go handleProbeResult).
  if (now.health?.status !== health.status)
    emitContainerEvent(host, now, `health_status: ${health.status}`);
  schedule(host, id, token);
}

/** moby handleProbeResult: the log (last 5), the streak, the status. */
export function nextHealth(c: ContainerRecord, result: HealthResult): HealthState {
  const h = c.health ?? { status: 'starting', failingStreak: 0, log: [] };
  const retries = c.config.Healthcheck?.Retries || DEFAULT_RETRIES;
  const log = [...h.log, result].slice(-MAX_LOG_ENTRIES);
  if (result.exitCode === 0) return { status: 'healthy', failingStreak: 0, log };
  // Within the start period a failure of a container still starting does not count.
  const startPeriod = orDefault(c.config.Healthcheck?.StartPeriod, 0);
  if (h.status === 'starting' && result.start - (c.startedAt ?? 0) < startPeriod)
    return { ...h, log };
  const failingStreak = h.failingStreak + 1;
  return {
    status: failingStreak >= retries ? 'unhealthy' : h.status,
    failingStreak,
    log,
  };
}

/** Health.String() as `docker ps` appends it: `health: starting`, `healthy`, `unhealthy`. */
export const healthText = (h: HealthState) =>
  h.status === 'starting' ? 'health: starting' : h.status;
