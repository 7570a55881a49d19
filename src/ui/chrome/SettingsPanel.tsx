import { memo, useCallback, useId, useRef, useState } from 'react';
import { bridge } from '../bridge';
import type { HostSetting } from '../../sim/systemd/settings';
import { ENGINE_RELEASES } from '../../sim/dockerd/engineReleases';

/** What the panel says; every sentence true of Docker Engine 28 and systemd. */
const TEXT = {
  button: 'Host settings',
  hint: 'Change the simulated host’s Docker settings (each change restarts docker.service)',
  title: 'Host settings',
  intro:
    'Each change is what an administrator does: it writes /etc/docker/daemon.json (or installs another Docker Engine package) and restarts docker.service, and the restart shows in the trace.',
  liveRestore: 'live-restore',
  liveRestoreNote:
    'On: containers keep running while dockerd is stopped or restarted, and dockerd reconnects to them when it starts. Off (the default): dockerd stops every running container when it shuts down.',
  cgroupDriver: 'Cgroup driver (exec-opts native.cgroupdriver)',
  cgroupNote:
    'systemd (the default on a cgroup v2 host run by systemd): each container is a systemd scope, system.slice/docker-<id>.scope. cgroupfs: dockerd gives runc a plain path, /docker/<id>.',
  store: 'Image store (daemon.json "features": {"containerd-snapshotter": …})',
  storeNote:
    'containerd image store (DockScope’s default, and Docker Engine 29’s for fresh installs): containerd keeps the images (content store) and unpacks layers with its overlayfs snapshotter. overlay2 graph driver (Docker Engine 28’s own default): dockerd downloads at most 3 layers at a time and keeps layers itself in /var/lib/docker/overlay2 and /var/lib/docker/image/overlay2. The two stores are separate: images pulled and containers created with one are not seen with the other.',
  engine: 'Docker Engine version',
  engineNote:
    'An older engine speaks an older API: the CLI 28.2 reads the version from the ping’s Api-Version header and sends its requests as /v1.45/…. DockScope simplifies: only the version the daemon reports and the API version change.',
  close: 'Close',
  busy: 'Restarting docker.service…',
};

/** The settings panel, opened from the header: every change is an input of the engine's log. */
export const SettingsPanel = memo(function SettingsPanel() {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [values, setValues] = useState(() => current());
  const [busy, setBusy] = useState(false);

  const open = useCallback(() => {
    setValues(current());
    dialog.current?.showModal();
  }, []);

  const change = useCallback((setting: HostSetting) => {
    // Shown at once; the engine's restart of docker.service follows.
    setValues((v) => ({
      ...v,
      ...(setting.key === 'live-restore' ? { liveRestore: setting.value } : {}),
      ...(setting.key === 'cgroup-driver' ? { cgroupDriver: setting.value } : {}),
      ...(setting.key === 'engine-version' ? { engine: setting.value } : {}),
      ...(setting.key === 'containerd-snapshotter' ? { snapshotter: setting.value } : {}),
    }));
    setBusy(true);
    void bridge
      .setting(setting)
      .then(() => setValues(current()))
      .finally(() => setBusy(false));
  }, []);

  return (
    <div className="export-controls">
      {/* An icon, as the theme switch: the header has no room for another word at 1280 px. */}
      <button
        type="button"
        className="icon-button"
        data-testid="settings-open"
        aria-label={TEXT.button}
        title={`${TEXT.button}: ${TEXT.hint}`}
        onClick={open}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            d="M4 7h10M18 7h2M4 17h4M12 17h8"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            fill="none"
          />
          <circle cx="16" cy="7" r="2.2" fill="none" stroke="currentColor" strokeWidth="2" />
          <circle cx="10" cy="17" r="2.2" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      </button>
      <dialog
        ref={dialog}
        className="export-dialog"
        aria-labelledby={titleId}
        data-testid="settings-dialog"
      >
        <h2 id={titleId} className="export-dialog__title">
          {TEXT.title}
        </h2>
        <p className="export-dialog__note">{TEXT.intro}</p>
        <label className="export-dialog__label">
          <input
            type="checkbox"
            data-testid="setting-live-restore"
            checked={values.liveRestore}
            disabled={busy}
            onChange={(e) => change({ key: 'live-restore', value: e.currentTarget.checked })}
          />{' '}
          {TEXT.liveRestore}
        </label>
        <p className="export-dialog__note">{TEXT.liveRestoreNote}</p>
        <label className="export-dialog__label">
          {TEXT.cgroupDriver}{' '}
          <select
            data-testid="setting-cgroup-driver"
            value={values.cgroupDriver}
            disabled={busy}
            onChange={(e) =>
              change({
                key: 'cgroup-driver',
                value: e.currentTarget.value === 'cgroupfs' ? 'cgroupfs' : 'systemd',
              })
            }
          >
            <option value="systemd">systemd</option>
            <option value="cgroupfs">cgroupfs</option>
          </select>
        </label>
        <p className="export-dialog__note">{TEXT.cgroupNote}</p>
        <label className="export-dialog__label">
          {TEXT.store}{' '}
          <select
            data-testid="setting-image-store"
            value={values.snapshotter ? 'containerd' : 'overlay2'}
            disabled={busy}
            onChange={(e) =>
              change({
                key: 'containerd-snapshotter',
                value: e.currentTarget.value === 'containerd',
              })
            }
          >
            <option value="containerd">containerd image store (true)</option>
            <option value="overlay2">overlay2 graph driver (false)</option>
          </select>
        </label>
        <p className="export-dialog__note">{TEXT.storeNote}</p>
        <label className="export-dialog__label">
          {TEXT.engine}{' '}
          <select
            data-testid="setting-engine-version"
            value={values.engine}
            disabled={busy}
            onChange={(e) => change({ key: 'engine-version', value: e.currentTarget.value })}
          >
            {Object.values(ENGINE_RELEASES).map((r) => (
              <option key={r.version} value={r.version}>
                {r.version} (API {r.apiVersion})
              </option>
            ))}
          </select>
        </label>
        <p className="export-dialog__note">{TEXT.engineNote}</p>
        <div className="export-dialog__actions">
          {busy && <span role="status">{TEXT.busy}</span>}
          <button type="button" className="text-button" onClick={() => dialog.current?.close()}>
            {TEXT.close}
          </button>
        </div>
      </dialog>
    </div>
  );
});

function current(): {
  liveRestore: boolean;
  cgroupDriver: 'systemd' | 'cgroupfs';
  engine: string;
  snapshotter: boolean;
} {
  const s = bridge.settings;
  return {
    snapshotter: s['containerd-snapshotter'] !== false,
    liveRestore: s['live-restore'] === true,
    cgroupDriver: s['cgroup-driver'] === 'cgroupfs' ? 'cgroupfs' : 'systemd',
    engine: typeof s['engine-version'] === 'string' ? s['engine-version'] : '28.2.2',
  };
}
