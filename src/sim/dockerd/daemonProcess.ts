/**
 * dockerd as a process of its host: started by systemd (docker.service's
 * ExecStart), stopped by SIGTERM, told to reload by SIGHUP (ExecReload). What
 * it does then follows moby 28's cmd/dockerd and daemon packages:
 *
 * - start: load /etc/docker/daemon.json (a bad file ends the process with
 *   status 1 before anything else), then restore: every container its records
 *   say runs is looked up in containerd (Tasks.Get); a task that is gone or
 *   stopped is cleaned up as an exit, a live one is kept with live-restore and
 *   shut down without it (daemon.restore). Restart policies come after.
 * - SIGTERM: daemon.Shutdown stops every running container (its stop signal,
 *   then SIGKILL after the stop timeout, all at once), unless live-restore is on
 *   and containers run: then they keep running under their shims.
 * - SIGHUP: reload the file; only the reloadable keys change (debug, labels,
 *   live-restore among them; the cgroup driver is not one).
 *
 * Its log lines go to stderr, which journald keeps (`journalctl -u docker`).
 */
import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import { wait } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import type { DockerdState } from './model';
import { DOCKERD_PID } from './model';
import { GRPC, GRPC_OP } from '../containerd/services';
import { toContainerd } from './containerdNamespace';
import { aboutContainer } from '../trace/operations';
import { handleExit, startContainer, stopContainer } from './lifecycle';
import { restartOnDaemonStart, setDaemonShuttingDown } from './restartManager';
import { DAEMON_JSON, DEFAULT_CONFIG, parseDaemonJson, type DaemonConfig } from './daemonConfig';
import { DEFAULT_ENGINE, ENGINE_RELEASES, type EngineVersion } from './engineReleases';
import { logrusLine } from '../systemd/journal';
import { initGraphDriver } from './graphStore';

/** dockerd's own view of itself: whether it runs, as which PID, with what configuration. */
export class DaemonRuntime {
  up = true;
  pid = DOCKERD_PID;
  config: DaemonConfig = { ...DEFAULT_CONFIG };
  /** The engine that runs now, and the one installed (it runs from the next start). */
  engine: EngineVersion = DEFAULT_ENGINE;
  installed: EngineVersion = DEFAULT_ENGINE;
  /** storage: <data-root>/overlay2 exists (made at dockerd's first start with overlay2). */
  overlay2Ready = false;

  get release() {
    return ENGINE_RELEASES[this.engine];
  }
}

/** dockerd writes one log line (logrus text format) to its stderr: the journal keeps it. */
export function daemonLog(
  host: Host,
  level: 'debug' | 'info' | 'warning' | 'error',
  msg: string,
  fields?: Record<string, string>,
): void {
  if (level === 'debug' && !host.daemonRuntime.config.debug) return;
  // A second dockerd on the machine is not docker.service: its lines are not that unit's.
  if (host.machine !== host) return;
  host.machine.journal.write({
    time: host.scheduler.now,
    unit: 'docker.service',
    ident: 'dockerd',
    pid: host.daemonRuntime.pid,
    text: logrusLine(host.wallClock, level, msg, fields),
  });
}

/** A line dockerd prints without its logger (fmt.Fprintf to stderr before exiting). */
function plainLine(host: Host, pid: number, text: string): void {
  host.machine.journal.write({
    time: host.scheduler.now,
    unit: 'docker.service',
    ident: 'dockerd',
    pid,
    text,
  });
}

const containersOf = (host: Host) => contextOf<DockerdState>(host.dockerd).containers;

/**
 * dockerd's answer to its process being started or signalled (systemd's exec
 * and kill), or undefined for any other message.
 */
export function daemonProcessAnswer(host: Host, inbound: Inbound): Task<Reply> | Reply | undefined {
  switch (inbound.operation.split(' ')[0]) {
    case '/usr/bin/dockerd':
      return startDaemon(host, inbound);
    case 'kill(SIGTERM)':
      return shutdownDaemon(host, inbound);
    case 'kill(SIGHUP)':
      return reloadDaemon(host);
  }
  return undefined;
}

function* startDaemon(host: Host, inbound: Inbound): Task<Reply> {
  const rt = host.daemonRuntime;
  const pid = (inbound.request as { pid?: number } | undefined)?.pid ?? rt.pid;
  rt.pid = pid;
  const parsed = parseDaemonJson(host.dirs.read(DAEMON_JSON));
  if (!parsed.ok && parsed.stage !== 'start') {
    const text = `unable to configure the Docker daemon with file ${DAEMON_JSON}: ${parsed.error}`;
    plainLine(host, pid, text);
    return { status: 1, body: { stderr: text }, summary: `dockerd exits with status 1: ${text}` };
  }
  rt.engine = rt.installed;
  if (parsed.ok) rt.config = parsed.config;
  daemonLog(host, 'info', 'Starting up');
  if (!parsed.ok) {
    const text = `failed to start daemon: ${parsed.error}`;
    plainLine(host, pid, text);
    return { status: 1, body: { stderr: text }, summary: `dockerd exits with status 1: ${text}` };
  }
  // ── storage: the containerd image store or the overlay2 graph driver (graphStore.ts) ──
  const driver = rt.config.containerdSnapshotter ? 'overlayfs' : 'overlay2';
  if (driver === 'overlayfs')
    daemonLog(host, 'info', 'Starting daemon with containerd snapshotter integration enabled');
  else if (rt.overlay2Ready)
    daemonLog(host, 'info', `[graphdriver] using prior storage driver: ${driver}`);
  if (contextOf<DockerdState>(host.dockerd).driver !== driver)
    commit(host.dockerd, { type: 'storage.switched', driver });
  if (driver === 'overlay2' && !rt.overlay2Ready) {
    yield* initGraphDriver(host, inbound);
    rt.overlay2Ready = true;
  }
  daemonLog(host, 'info', 'Loading containers: start.');
  const restored = yield* restoreContainers(host, inbound);
  // ── daemon → life: restart policies at daemon start (moby restore(): a container that is
  // not running and whose policy says so — always, unless-stopped unless the user stopped
  // it, on-failure after a failure — is started once the restore is done) ──
  void restored;
  for (const c of Object.values(containersOf(host)))
    if (c.state !== 'running' && restartOnDaemonStart(c)) {
      try {
        yield* startContainer(host, inbound, c.id);
      } catch {
        // moby logs "Failed to start container" and goes on with the others.
      }
    }
  daemonLog(host, 'info', 'Loading containers: done.');
  daemonLog(host, 'info', 'Docker daemon', {
    commit: rt.release.gitCommit,
    'containerd-snapshotter': String(driver === 'overlayfs'),
    'storage-driver': driver,
    version: rt.release.version,
  });
  daemonLog(host, 'info', 'Daemon has completed initialization');
  daemonLog(host, 'info', 'API listen on /run/docker.sock');
  rt.up = true;
  return {
    status: 'OK',
    body: { pid },
    summary: `dockerd (PID ${pid}) restored its containers and tells systemd it is ready (sd_notify READY=1)`,
  };
}

/**
 * daemon.restore: each container dockerd's records say is running, checked
 * against containerd. Returns the containers found stopped.
 */
function* restoreContainers(host: Host, inbound: Inbound): Task<{ stopped: string[] }> {
  const stopped: string[] = [];
  const live = host.daemonRuntime.config.liveRestore;
  for (const c of Object.values(containersOf(host))) {
    if (c.state !== 'running' && c.state !== 'paused') continue;
    const r = yield* inbound.call<{ process?: { status: string; exit_status?: number } }>({
      to: 'containerd',
      protocol: 'grpc',
      operation: GRPC.tasksGet,
      op: GRPC_OP[GRPC.tasksGet],
      subjects: aboutContainer(c.id),
      request: toContainerd(host, { container_id: c.id }),
      summary: `dockerd restores ${c.name}: it asks containerd for the container's task`,
    });
    const alive = r.status === 'OK' && r.body?.process?.status !== 'STOPPED';
    if (alive && live) continue;
    if (alive) {
      // A task alive without live-restore (dockerd was killed, or the setting changed):
      // shut it down as the restore does (daemon.shutdownContainer).
      yield* stopContainer(host, inbound, c.id, {});
      stopped.push(c.id);
      continue;
    }
    // The task ended while dockerd was away: clean up as for an exit (255 when unknown).
    yield* handleExit(host, c.id, r.body?.process?.exit_status ?? 255);
    stopped.push(c.id);
  }
  return { stopped };
}

function* shutdownDaemon(host: Host, inbound: Inbound): Task<Reply> {
  const rt = host.daemonRuntime;
  daemonLog(host, 'info', "Processing signal 'terminated'");
  const running = Object.values(containersOf(host)).filter((c) => c.state === 'running');
  const keep = rt.config.liveRestore && running.length > 0;
  if (!keep) {
    // daemon.Shutdown's debug lines: the configured minimum (shutdown-timeout, 15 by
    // default) and the timeout it uses (at least each container's stop timeout, 10, + 5).
    daemonLog(host, 'debug', 'daemon configured with a 15 seconds minimum shutdown timeout');
    daemonLog(host, 'debug', 'start clean shutdown of all containers with a 15 seconds timeout...');
    for (const c of running)
      daemonLog(host, 'debug', 'shutting down container', { container: c.id });
    // daemon.Shutdown: every running container at once, each with its own stop timeout.
    // The daemon's own stops are not the user's: unless-stopped comes back at the next start.
    setDaemonShuttingDown(host, true);
    const stops = running.map((c) => host.scheduler.spawn(stopContainer(host, inbound, c.id, {})));
    for (const s of stops) {
      try {
        yield* wait(s);
      } catch {
        // moby logs "failed to shut down container" and goes on with the others.
      }
    }
    setDaemonShuttingDown(host, false);
  }
  if (!keep)
    for (const c of running) daemonLog(host, 'debug', 'shut down container', { container: c.id });
  daemonLog(host, 'info', 'Daemon shutdown complete');
  rt.up = false;
  return {
    status: 'OK',
    summary: keep
      ? `live-restore is on: dockerd exits and leaves ${running.length} container${running.length === 1 ? '' : 's'} running under their shims`
      : running.length > 0
        ? `dockerd stopped its ${running.length} running container${running.length === 1 ? '' : 's'} and exits`
        : 'dockerd exits',
  };
}

function reloadDaemon(host: Host): Reply {
  const rt = host.daemonRuntime;
  daemonLog(host, 'info', 'Got signal to reload configuration', { 'config-file': DAEMON_JSON });
  const parsed = parseDaemonJson(host.dirs.read(DAEMON_JSON));
  if (!parsed.ok) {
    daemonLog(host, 'error', 'Error reloading configuration', {
      error: `unable to configure the Docker daemon with file ${DAEMON_JSON}: ${parsed.error}`,
    });
    return { status: 'OK', summary: 'dockerd could not reload: its configuration stays as it was' };
  }
  // Only the reloadable keys (daemon/reload.go); the cgroup driver waits for a restart.
  rt.config = {
    ...rt.config,
    liveRestore: parsed.config.liveRestore,
    debug: parsed.config.debug,
    labels: parsed.config.labels,
  };
  daemonLog(host, 'info', 'Reloaded configuration');
  return {
    status: 'OK',
    summary: `dockerd reloaded ${DAEMON_JSON}: live-restore ${rt.config.liveRestore}, debug ${rt.config.debug}`,
  };
}

/** dockerd's event stream from containerd broke (containerd went away): what it logs. */
export function containerdWentAway(host: Host): void {
  if (!host.daemonRuntime.up) return;
  const fields = { module: 'libcontainerd', namespace: host.daemon.containerdNamespace };
  daemonLog(host, 'error', 'Failed to get event', {
    ...fields,
    error: 'rpc error: code = Unavailable desc = error reading from server: EOF',
  });
  daemonLog(host, 'info', 'Waiting for containerd to be ready to restart event processing', fields);
}

/** containerd serves again: dockerd subscribes to its task events once more (processEventStream). */
export function* resubscribe(host: Host): Task<void> {
  if (!host.daemonRuntime.up) return;
  yield* host.net.as(host.daemonId).call({
    to: 'containerd',
    protocol: 'grpc',
    operation: GRPC.eventsSubscribe,
    op: 'containerd.events.subscribe',
    request: toContainerd(host, {
      filters: [`namespace==${host.daemon.containerdNamespace},topic~=|^/tasks/|`],
    }),
    summary:
      "containerd is back: dockerd's containerd client reconnects and subscribes again to the task events of its namespace",
  });
}
