/**
 * The host settings the page's settings panel changes, each as an
 * administrator would: live-restore and the cgroup driver are keys of
 * /etc/docker/daemon.json (written, then `systemctl restart docker`); the
 * engine version is the installed package (its upgrade or downgrade restarts
 * docker.service, as the package's scripts do). Every change is an input of
 * the engine's log, so reload, share links and rewind reproduce it.
 */
import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import { DAEMON_JSON } from '../dockerd/daemonConfig';
import { isEngineVersion } from '../dockerd/engineReleases';

export type HostSetting =
  | { key: 'live-restore'; value: boolean }
  | { key: 'cgroup-driver'; value: 'systemd' | 'cgroupfs' }
  | { key: 'engine-version'; value: string }
  /**
   * The image store: `"features": {"containerd-snapshotter": true}` (the containerd
   * image store, DockScope's default) or `false` (the overlay2 graph driver, Engine
   * 28's own default). The two stores do not see each other's images or containers.
   */
  | { key: 'containerd-snapshotter'; value: boolean };

/** Whether `s` is a setting the page may send (anything read from a link is checked). */
export function isHostSetting(s: unknown): s is HostSetting {
  if (typeof s !== 'object' || s === null) return false;
  const { key, value } = s as { key?: unknown; value?: unknown };
  if (key === 'live-restore') return typeof value === 'boolean';
  if (key === 'cgroup-driver') return value === 'systemd' || value === 'cgroupfs';
  if (key === 'engine-version') return typeof value === 'string' && isEngineVersion(value);
  if (key === 'containerd-snapshotter') return typeof value === 'boolean';
  return false;
}

/** daemon.json with one key changed (a file that does not parse is replaced). */
function withKey(text: string | undefined, s: HostSetting): string {
  let obj: Record<string, unknown> = {};
  try {
    const v: unknown = text?.trim() ? JSON.parse(text) : {};
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      obj = v as Record<string, unknown>;
  } catch {
    obj = {};
  }
  if (s.key === 'live-restore') obj['live-restore'] = s.value;
  if (s.key === 'cgroup-driver') {
    const opts = (Array.isArray(obj['exec-opts']) ? obj['exec-opts'] : []).filter(
      (o) => !String(o).startsWith('native.cgroupdriver='),
    );
    obj['exec-opts'] = [...opts, `native.cgroupdriver=${s.value}`];
  }
  if (s.key === 'containerd-snapshotter') {
    const features =
      typeof obj.features === 'object' && obj.features !== null && !Array.isArray(obj.features)
        ? (obj.features as Record<string, unknown>)
        : {};
    obj.features = { ...features, 'containerd-snapshotter': s.value };
  }
  return `${JSON.stringify(obj, null, 2)}\n`;
}

/**
 * Apply one setting on `host` (the learner's machine): write the file or
 * install the engine, then restart docker.service through systemd.
 */
export function* applySetting(host: Host, files: Map<string, string>, s: HostSetting): Task<void> {
  if (s.key === 'engine-version') host.daemonRuntime.installed = s.value as never;
  else files.set(DAEMON_JSON, withKey(files.get(DAEMON_JSON), s));
  yield* host.net.call('systemctl', {
    to: 'systemd',
    protocol: 'dbus',
    operation: 'org.freedesktop.systemd1.Manager.RestartUnit docker.service',
    op: 'systemd.units.restart',
    request: { verb: 'restart', unit: 'docker.service', mode: 'replace' },
    summary:
      s.key === 'engine-version'
        ? `Docker Engine ${s.value} is installed: its package restarts docker.service`
        : s.key === 'containerd-snapshotter'
          ? `${DAEMON_JSON} now sets "features": {"containerd-snapshotter": ${s.value}}; docker.service restarts to apply it (the store is chosen at start, a reload does not change it). ${s.value ? 'dockerd uses the containerd image store again: the images and containers made with overlay2 stay on disk, unseen' : 'dockerd uses the overlay2 graph driver (Engine 28’s own default): the images and containers of the containerd store stay there, unseen, until it is chosen again'}`
          : s.key === 'live-restore'
            ? `${DAEMON_JSON} now sets "live-restore": ${s.value}; docker.service restarts to apply it (a reload would too: dockerd reloads live-restore on SIGHUP)${s.value === true ? '. The dockerd that stops still runs without live-restore, so it stops the running containers as it exits' : ''}`
            : `${DAEMON_JSON} now sets native.cgroupdriver=${s.value}; docker.service restarts to apply it`,
  });
}
