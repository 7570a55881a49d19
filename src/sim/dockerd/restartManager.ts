/**
 * dockerd's restart manager (moby v28.2.2 `restartmanager/restartmanager.go`
 * and `daemon/monitor.go` handleContainerExit), on simulated time.
 *
 * When a container's task exits, the policy decides:
 * - `no`: never; `always`: every time; `unless-stopped`: unless the user
 *   stopped it; `on-failure[:N]`: only a non-zero exit, at most N times.
 * - A `docker stop` or `docker kill` cancels the manager first (moby
 *   `ExitOnNext`): the exit that follows is final, whatever the policy.
 * - Before each restart it waits: 100 ms the first time, then double the
 *   last wait, at most one minute; a run of 10 s or more starts the backoff
 *   over at 100 ms.
 * - Meanwhile the container is `restarting` (moby keeps it "running" for every
 *   other check); `RestartCount` counts the restarts since the last
 *   `docker start`.
 */
import type { Host } from '../host';
import { commit, contextOf } from '../core/actors';
import type { Task } from '../core/scheduler';
import type { ContainerRecord, DockerdState } from './model';
import { DaemonError } from './errors';

const DEFAULT_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 60_000;
const BACKOFF_MULTIPLIER = 2;
/** A run at least this long resets the backoff. */
const RESET_AFTER_MS = 10_000;

export interface RestartPolicy {
  Name: string;
  MaximumRetryCount: number;
}

/** What the manager keeps between exits (moby RestartManager's fields). */
export interface RestartManagerState {
  /** The last wait, in ms (0 before the first restart). */
  timeoutMs: number;
  /** `docker stop`/`kill` canceled it: no more restarts until the next `docker start`. */
  canceled: boolean;
}

/** moby RestartPolicy.IsNone: "no", or no policy at all. */
export const isNonePolicy = (p: RestartPolicy) => p.Name === 'no' || p.Name === '';

/**
 * moby RestartManager.ShouldRestart: whether to restart after an exit, and how
 * long to wait first. The backoff moves on every call (restart or not), as in
 * moby; a canceled manager never restarts.
 */
export function shouldRestart(
  policy: RestartPolicy,
  rm: RestartManagerState,
  restartCount: number,
  exitCode: number,
  manuallyStopped: boolean,
  executionMs: number,
): { restart: boolean; timeoutMs: number } {
  if (isNonePolicy(policy) || rm.canceled) return { restart: false, timeoutMs: rm.timeoutMs };
  let timeout = executionMs >= RESET_AFTER_MS ? 0 : rm.timeoutMs;
  if (timeout === 0) timeout = DEFAULT_TIMEOUT_MS;
  else if (timeout < MAX_TIMEOUT_MS) timeout *= BACKOFF_MULTIPLIER;
  timeout = Math.min(timeout, MAX_TIMEOUT_MS);
  let restart = false;
  switch (policy.Name) {
    case 'always':
      restart = true;
      break;
    case 'unless-stopped':
      restart = !manuallyStopped;
      break;
    case 'on-failure': {
      // MaximumRetryCount 0: no limit.
      const max = policy.MaximumRetryCount;
      if (max === 0 || restartCount < max) restart = exitCode !== 0;
      break;
    }
  }
  return { restart, timeoutMs: timeout };
}

/**
 * What dockerd does with a stopped container when it starts (moby daemon.go
 * `restore`: `AutoRestart && c.ShouldRestart() && c.HasBeenStartedBefore`):
 * a fresh manager's answer for its last exit. `always` restarts;
 * `unless-stopped` unless the user stopped it; `on-failure` after a non-zero
 * exit while retries are left; `no` never. A container never started stays as it is.
 * Helper **daemon** calls this for each container when dockerd starts.
 */
export function restartOnDaemonStart(c: ContainerRecord, autoRestart = true): boolean {
  if (!autoRestart || c.startedAt === undefined) return false;
  const ran = (c.finishedAt ?? c.startedAt) - c.startedAt;
  return shouldRestart(
    c.hostConfig.RestartPolicy,
    { timeoutMs: 0, canceled: false },
    c.restartCount,
    c.exitCode,
    c.manuallyStopped === true,
    ran,
  ).restart;
}

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

/** The manager's state as the record keeps it. */
export const managerOf = (c: ContainerRecord): RestartManagerState => ({
  timeoutMs: c.restartTimeoutMs ?? 0,
  canceled: c.restartCanceled === true,
});

/**
 * `docker start` / `docker restart` (moby containerStart with resetRestartManager):
 * a new manager, RestartCount back to 0, and the user's stop forgotten.
 */
export const RESET_RESTART_MANAGER: Partial<ContainerRecord> = {
  restartCount: 0,
  restartTimeoutMs: 0,
  restartCanceled: false,
  manuallyStopped: false,
};

/** Hosts whose dockerd is shutting down (moby IsShuttingDown). */
const shuttingDown = new WeakSet<Host>();

/**
 * dockerd is shutting down (true) or done with it (false). Helper **daemon** sets
 * this around its shutdown's stops: a container dockerd stops then is not marked
 * stopped by the user (moby killWithSignal checks IsShuttingDown), so
 * `unless-stopped` brings it back when dockerd starts, and no policy restarts
 * it meanwhile (moby handleContainerExit passes daemonShutdown to ShouldRestart).
 */
export function setDaemonShuttingDown(host: Host, on: boolean): void {
  if (on) shuttingDown.add(host);
  else shuttingDown.delete(host);
}

export const isShuttingDown = (host: Host) => shuttingDown.has(host);

/**
 * moby killWithSignal: a signal the user sends (`docker stop`, `docker kill`)
 * marks the container manually stopped; the stop signal or SIGKILL (any signal,
 * when the image names no stop signal) also cancels the manager, so the exit
 * that follows is final.
 */
export function userSignaled(host: Host, c: ContainerRecord, signal: string): void {
  const stopSignal = c.config.StopSignal;
  const cancels = !stopSignal || signal === 'SIGKILL' || signal === stopSignal;
  commit(host.dockerd, {
    type: 'container.updated',
    id: c.id,
    patch: {
      ...(shuttingDown.has(host) ? {} : { manuallyStopped: true }),
      ...(cancels ? { restartCanceled: true } : {}),
    },
  });
}

/** What `scheduleRestart` needs to start the container again. */
export interface Restarter {
  /** Start the container's task again (startContainer without resetting the manager). */
  start(host: Host, id: string): Task<void>;
  /** The exit is final: move the container to exited with this patch. */
  stopped(host: Host, id: string, patch: Partial<ContainerRecord>): void;
}

/**
 * After the policy said restart: wait the backoff on simulated time, then start
 * the task again, unless a stop canceled the manager meanwhile (then the
 * container is exited with its last exit code). A start that fails leaves it
 * exited with the error (moby's restart goroutine).
 */
export function scheduleRestart(host: Host, id: string, timeoutMs: number, r: Restarter): void {
  // The exit this wait follows: a later exit (after a stop and a start) schedules its own.
  const exitedAt = state(host).containers[id]?.finishedAt;
  host.scheduler.at(host.scheduler.now + timeoutMs, () => {
    host.scheduler.spawn(
      (function* (): Task<void> {
        const c = state(host).containers[id];
        if (!c || c.state !== 'restarting' || c.finishedAt !== exitedAt) return;
        if (c.restartCanceled) {
          r.stopped(host, id, {});
          return;
        }
        try {
          yield* r.start(host, id);
        } catch (e) {
          if (!(e instanceof DaemonError)) throw e;
          if (state(host).containers[id]?.state === 'restarting')
            r.stopped(host, id, { error: e.message });
        }
      })(),
    );
  });
}

/**
 * `docker update --restart …` (moby container_unix.go UpdateContainer, then
 * UpdateMonitor): a new policy for the container and its restart manager, which
 * applies from the next exit on. Refused, as a conflict, for a `--rm`
 * container unless the new policy is "no". Helper **res**'s
 * `POST /containers/{id}/update` route calls this when the request's
 * HostConfig.RestartPolicy.Name is not empty (after validateRestartPolicy).
 */
export function updateRestartPolicy(host: Host, id: string, policy: RestartPolicy): void {
  const c = state(host).containers[id];
  if (!c) throw new DaemonError('NotFound', `No such container: ${id}`);
  if (c.hostConfig.AutoRemove && !isNonePolicy(policy))
    throw new DaemonError(
      'Conflict',
      `Cannot update container ${c.id}: Restart policy cannot be updated because AutoRemove is enabled for the container`,
    );
  commit(host.dockerd, {
    type: 'container.updated',
    id,
    patch: { hostConfig: { ...c.hostConfig, RestartPolicy: { ...policy } } },
  });
}
