/**
 * What systemd (PID 1) keeps about the units Docker installs, on one machine:
 * docker.service, docker.socket and containerd.service as Docker's own packages
 * ship them (moby contrib/init/systemd, containerd's containerd.service), and the
 * journal their processes write to. Plain records: systemd has modes per unit
 * (active, inactive, failed), held here as fields; its jobs run as tasks.
 *
 * DockScope simplification: the host's own processes are not in the kernel's
 * process table; a unit's main PID is kept here. The first dockerd keeps the PID
 * the rest of the engine names (DOCKERD_PID); a started-again one gets a new PID
 * from this machine's counter, below the kernel model's first container PID.
 */
import { DOCKERD_PID } from '../dockerd/model';

export const UNIT_NAMES = ['docker.service', 'docker.socket', 'containerd.service'] as const;
export type UnitName = (typeof UNIT_NAMES)[number];

/** containerd's PID at boot: it starts before dockerd (docker.service is After=containerd.service). */
import { CONTAINERD_PID } from '../kernel/hostView';
export { CONTAINERD_PID };

export interface UnitRecord {
  /** `active` (running, or listening for a socket), `inactive`, or `failed` (its last start failed). */
  state: 'active' | 'inactive' | 'failed';
  /** Simulated ms of the last change of state (Active: … since). */
  since: number;
  /** The service's main process while active (0 for a socket, or when not running). */
  mainPid: number;
  /** How the last run ended when it failed: `exit-code` (status 1/FAILURE). */
  result?: 'exit-code';
  /** The failed main process's PID and status, for `systemctl status`. */
  lastExit?: { pid: number; status: number };
}

/** systemd's records for Docker's units on one machine. */
export class SystemdUnits {
  readonly units: Record<UnitName, UnitRecord> = {
    'containerd.service': { state: 'active', since: 0, mainPid: CONTAINERD_PID },
    'docker.socket': { state: 'active', since: 0, mainPid: 0 },
    'docker.service': { state: 'active', since: 0, mainPid: DOCKERD_PID },
  };
  /** PIDs for processes started after boot (below the kernel model's 1200). */
  private nextPid = 1101;

  pid(): number {
    return this.nextPid++;
  }

  set(unit: UnitName, state: UnitRecord['state'], now: number, mainPid = 0): void {
    const r = this.units[unit];
    r.state = state;
    r.since = now;
    r.mainPid = mainPid;
    if (state !== 'failed') {
      delete r.result;
      delete r.lastExit;
    }
  }
}

/** `docker` → `docker.service`, as systemctl completes a name without a suffix. */
export function unitNameOf(arg: string): string {
  return /\.(service|socket|target|timer|mount|path|slice|scope|device|swap|automount)$/.test(arg)
    ? arg
    : `${arg}.service`;
}

export const isDockerUnit = (name: string): name is UnitName =>
  (UNIT_NAMES as readonly string[]).includes(name);

/** The unit files as Docker's packages install them on Ubuntu 24.04 (merged /usr). */
export const UNIT_FILES: Record<UnitName, { path: string; description: string; docs: string }> = {
  'docker.service': {
    path: '/usr/lib/systemd/system/docker.service',
    description: 'Docker Application Container Engine',
    docs: 'https://docs.docker.com',
  },
  'docker.socket': {
    path: '/usr/lib/systemd/system/docker.socket',
    description: 'Docker Socket for the API',
    docs: '',
  },
  'containerd.service': {
    path: '/usr/lib/systemd/system/containerd.service',
    description: 'containerd container runtime',
    docs: 'https://containerd.io',
  },
};

/** ExecStart of each service, as the packages' unit files have it. */
export const EXEC_START: Record<'docker.service' | 'containerd.service', string[]> = {
  'docker.service': [
    '/usr/bin/dockerd',
    '-H',
    'fd://',
    '--containerd=/run/containerd/containerd.sock',
  ],
  'containerd.service': ['/usr/bin/containerd'],
};
