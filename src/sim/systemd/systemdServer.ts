/**
 * systemd (PID 1) on a Docker host, for Docker's three units: it answers
 * systemctl's D-Bus calls (StartUnit, StopUnit, RestartUnit, ReloadUnit and the
 * unit's properties) and runs each job as the units say (moby
 * contrib/init/systemd, containerd.service):
 *
 * - docker.service: Requires=docker.socket, Wants= and After=containerd.service,
 *   Type=notify, ExecReload sends SIGHUP, KillMode=process;
 * - docker.socket: ListenStream=/run/docker.sock. While it listens and dockerd
 *   does not run, a connection to the socket starts docker.service (socket
 *   activation): the connection waits in the socket's queue until dockerd
 *   takes the socket over and answers it;
 * - containerd.service: KillMode=process (the shims outlive containerd).
 *
 * DockScope simplifications: a failed start is not retried (the units'
 * Restart=always and StartLimitBurst=3 are not simulated), and a job takes no
 * simulated time beyond its messages.
 */
import type { Host } from '../host';
import type { Handler, Inbound, Reply } from '../core/network';
import type { Task } from '../core/scheduler';
import { wait } from '../core/scheduler';
import { Signal } from '../core/signal';
import { EXEC_START, UNIT_FILES, isDockerUnit, type UnitName } from './units';
import { installDockerd } from '../dockerd/server';
import { containerdWentAway, resubscribe } from '../dockerd/daemonProcess';
import { installContainerd } from '../containerd/containerdProcess';

export const DBUS_MANAGER = 'org.freedesktop.systemd1.Manager';

export type UnitVerb = 'start' | 'stop' | 'restart' | 'reload' | 'status';

export interface UnitJobRequest {
  verb: UnitVerb;
  unit: string;
}

/** What systemctl needs to print after a job. */
export interface UnitJobAnswer {
  /** The job failed: systemctl's error text names why. */
  failed?: 'exit-code' | 'not-loaded' | 'not-applicable' | 'inactive';
  /** Units that can start this one again (systemctl's warning after a stop). */
  triggeredBy?: string[];
}

/** Put systemd on the machine's wire. */
export function installSystemd(host: Host): void {
  host.net.register('systemd', systemdHandler(host));
}

/** systemd's own lines in the journal (`systemd[1]: Started docker.service - …`). */
function note(host: Host, unit: UnitName, text: string): void {
  host.journal.write({ time: host.scheduler.now, unit, ident: 'systemd', pid: 1, text });
}

const title = (unit: UnitName) => `${unit} - ${UNIT_FILES[unit].description}`;

function systemdHandler(host: Host): Handler {
  return function* (inbound: Inbound): Task<Reply> {
    const req = (inbound.request ?? {}) as Partial<UnitJobRequest>;
    const unit = String(req.unit ?? '');
    if (!isDockerUnit(unit))
      return {
        status: 'OK',
        body: { failed: 'not-loaded' } satisfies UnitJobAnswer,
        summary: `${unit}: not a unit DockScope simulates`,
      };
    switch (req.verb) {
      case 'status':
        return { status: 'OK', body: {}, summary: `${unit}: ${host.systemd.units[unit].state}` };
      case 'start':
        return answer(yield* startUnit(host, unit, inbound), `${unit} started`);
      case 'stop': {
        yield* stopUnit(host, unit, inbound);
        const triggeredBy =
          unit === 'docker.service' && host.systemd.units['docker.socket'].state === 'active'
            ? ['docker.socket']
            : undefined;
        return answer({ triggeredBy }, `${unit} stopped`);
      }
      case 'restart':
        yield* stopUnit(host, unit, inbound);
        return answer(yield* startUnit(host, unit, inbound), `${unit} restarted`);
      case 'reload':
        return answer(yield* reloadUnit(host, unit, inbound), `${unit} reloaded`);
    }
    return { status: 'OK', body: {}, summary: 'nothing to do' };
  };
}

function answer(body: UnitJobAnswer, summary: string): Reply {
  return { status: 'OK', body, summary: body.failed ? `the job failed (${body.failed})` : summary };
}

function* startUnit(
  host: Host,
  unit: UnitName,
  caller: Pick<Inbound, 'commandId'>,
): Task<UnitJobAnswer> {
  const units = host.systemd.units;
  if (units[unit].state === 'active') return {};
  if (unit === 'docker.socket') {
    listen(host);
    return {};
  }
  if (unit === 'containerd.service') return yield* startContainerd(host, caller);
  // docker.service: its wanted and required units first.
  if (units['containerd.service'].state !== 'active') yield* startContainerd(host, caller);
  if (units['docker.socket'].state !== 'active') listen(host);
  return yield* startDockerd(host, caller);
}

function listen(host: Host): void {
  note(host, 'docker.socket', `Starting ${title('docker.socket')}...`);
  host.systemd.set('docker.socket', 'active', host.scheduler.now);
  note(host, 'docker.socket', `Listening on ${title('docker.socket')}.`);
  if (host.systemd.units['docker.service'].state !== 'active') armActivation(host);
}

/** When docker.service's recent starts failed (its start limit). */
const failures = new WeakMap<Host, number[]>();

/** One start of docker.service at a time: a second request waits for the first. */
const starting = new WeakMap<Host, Signal<UnitJobAnswer>>();

function* startDockerd(host: Host, caller: Pick<Inbound, 'commandId'>): Task<UnitJobAnswer> {
  const pending = starting.get(host);
  if (pending) return yield* wait(pending);
  const done = new Signal<UnitJobAnswer>();
  starting.set(host, done);
  const pid = host.systemd.pid();
  note(host, 'docker.service', `Starting ${title('docker.service')}...`);
  // dockerd takes the socket over: its own handler answers at the socket from now on.
  installDockerd(host);
  const argv = EXEC_START['docker.service'];
  const r = yield* host.net.as('systemd', caller.commandId).call({
    to: host.daemonId,
    protocol: 'exec',
    operation: argv.join(' '),
    op: 'dockerd.process.start',
    request: { argv, pid },
    summary: `systemd runs docker.service's ExecStart (PID ${pid}) and hands it the listening socket /run/docker.sock`,
  });
  let result: UnitJobAnswer = {};
  if (r.status === 'OK') {
    host.systemd.set('docker.service', 'active', host.scheduler.now, pid);
    host.history.daemonChanged(host.daemonId, true);
    note(host, 'docker.service', `Started ${title('docker.service')}.`);
  } else {
    host.net.unregister(host.daemonId);
    host.systemd.set('docker.service', 'failed', host.scheduler.now);
    const u = host.systemd.units['docker.service'];
    u.result = 'exit-code';
    u.lastExit = { pid, status: 1 };
    note(
      host,
      'docker.service',
      'docker.service: Main process exited, code=exited, status=1/FAILURE',
    );
    note(host, 'docker.service', "docker.service: Failed with result 'exit-code'.");
    note(host, 'docker.service', `Failed to start ${title('docker.service')}.`);
    result = { failed: 'exit-code' };
    // StartLimitBurst=3 in StartLimitIntervalSec=60: a third failed start within a minute
    // makes systemd give up, and the socket that kept starting it fails too.
    const now = host.scheduler.now;
    const recent = (failures.get(host) ?? []).filter((t) => now - t < 60_000);
    recent.push(now);
    failures.set(host, recent);
    if (recent.length >= 3) {
      note(host, 'docker.service', 'docker.service: Start request repeated too quickly.');
      if (host.systemd.units['docker.socket'].state === 'active') {
        host.systemd.set('docker.socket', 'failed', now);
        note(host, 'docker.socket', "docker.socket: Failed with result 'service-start-limit-hit'.");
      }
      failures.delete(host);
    } else if (host.systemd.units['docker.socket'].state === 'active') armActivation(host);
  }
  starting.delete(host);
  done.resolve(result);
  return result;
}

/**
 * The socket listens and dockerd does not run: a connection to it starts
 * docker.service, and the request waiting on it is answered by the dockerd
 * that starts.
 */
function armActivation(host: Host): void {
  const activation: Handler = function* (inbound) {
    // (systemd logs "Incoming traffic" at debug level only: not in the journal by default.)
    const started = yield* startDockerd(host, inbound);
    const handler = host.net.handlerAt(`${host.name}/${host.daemonId}`) ?? undefined;
    if (started.failed || !handler || handler === activation)
      return { status: 'Unavailable', summary: 'dockerd did not start: the connection is closed' };
    const out = handler(inbound);
    return isTask(out) ? yield* out : out;
  };
  host.net.register(host.daemonId, activation);
}

function isTask(x: unknown): x is Task<Reply> {
  return typeof x === 'object' && x !== null && typeof (x as Task<Reply>).next === 'function';
}

function* stopUnit(host: Host, unit: UnitName, caller: Pick<Inbound, 'commandId'>): Task<void> {
  const units = host.systemd.units;
  if (unit === 'docker.socket') {
    // docker.service requires the socket: it stops first.
    if (units['docker.service'].state === 'active') yield* stopDockerd(host, caller);
    if (units['docker.socket'].state === 'active') {
      host.systemd.set('docker.socket', 'inactive', host.scheduler.now);
      if (units['docker.service'].state !== 'active') host.net.unregister(host.daemonId);
      note(host, 'docker.socket', 'docker.socket: Deactivated successfully.');
      note(host, 'docker.socket', `Closed ${title('docker.socket')}.`);
    }
    return;
  }
  if (unit === 'docker.service') {
    if (units['docker.service'].state === 'active') yield* stopDockerd(host, caller);
    else if (units['docker.service'].state === 'failed')
      host.systemd.set('docker.service', 'inactive', host.scheduler.now);
    return;
  }
  if (units['containerd.service'].state === 'active') yield* stopContainerd(host, caller);
}

function* stopDockerd(host: Host, caller: Pick<Inbound, 'commandId'>): Task<void> {
  const pid = host.systemd.units['docker.service'].mainPid;
  note(host, 'docker.service', `Stopping ${title('docker.service')}...`);
  yield* host.net.as('systemd', caller.commandId).call({
    to: host.daemonId,
    protocol: 'syscall',
    operation: 'kill(SIGTERM)',
    op: 'dockerd.process.sigterm',
    request: { pid, signal: 'SIGTERM' },
    summary: `systemd sends SIGTERM to dockerd (PID ${pid}) alone (KillMode=process) and waits for it to exit`,
  });
  host.net.unregister(host.daemonId);
  host.history.daemonChanged(host.daemonId, false);
  host.systemd.set('docker.service', 'inactive', host.scheduler.now);
  host.systemd.units['docker.service'].lastExit = { pid, status: 0 };
  note(host, 'docker.service', 'docker.service: Deactivated successfully.');
  note(host, 'docker.service', `Stopped ${title('docker.service')}.`);
  if (host.systemd.units['docker.socket'].state === 'active') armActivation(host);
}

function* startContainerd(host: Host, caller: Pick<Inbound, 'commandId'>): Task<UnitJobAnswer> {
  const pid = host.systemd.pid();
  note(host, 'containerd.service', `Starting ${title('containerd.service')}...`);
  installContainerd(host);
  const argv = EXEC_START['containerd.service'];
  yield* host.net.as('systemd', caller.commandId).call({
    to: 'containerd',
    protocol: 'exec',
    operation: argv.join(' '),
    op: 'containerd.process.start',
    request: { argv, pid },
    summary: `systemd runs containerd.service's ExecStart (PID ${pid})`,
  });
  host.systemd.set('containerd.service', 'active', host.scheduler.now, pid);
  host.history.daemonChanged('containerd', true);
  note(host, 'containerd.service', `Started ${title('containerd.service')}.`);
  // Each dockerd of the machine notices containerd serves again and subscribes anew.
  for (const d of host.daemons) yield* resubscribe(d);
  return {};
}

function* stopContainerd(host: Host, caller: Pick<Inbound, 'commandId'>): Task<void> {
  const pid = host.systemd.units['containerd.service'].mainPid;
  note(host, 'containerd.service', `Stopping ${title('containerd.service')}...`);
  yield* host.net.as('systemd', caller.commandId).call({
    to: 'containerd',
    protocol: 'syscall',
    operation: 'kill(SIGTERM)',
    op: 'containerd.process.sigterm',
    request: { pid, signal: 'SIGTERM' },
    summary: `systemd sends SIGTERM to containerd (PID ${pid}) alone (KillMode=process): the shims are left running`,
  });
  host.net.unregister('containerd');
  host.history.daemonChanged('containerd', false);
  host.systemd.set('containerd.service', 'inactive', host.scheduler.now);
  host.systemd.units['containerd.service'].lastExit = { pid, status: 0 };
  note(host, 'containerd.service', 'containerd.service: Deactivated successfully.');
  note(host, 'containerd.service', `Stopped ${title('containerd.service')}.`);
  for (const d of host.daemons) containerdWentAway(d);
}

function* reloadUnit(
  host: Host,
  unit: UnitName,
  caller: Pick<Inbound, 'commandId'>,
): Task<UnitJobAnswer> {
  if (unit !== 'docker.service') return { failed: 'not-applicable' };
  const u = host.systemd.units['docker.service'];
  if (u.state !== 'active') return { failed: 'inactive' };
  note(host, 'docker.service', `Reloading ${title('docker.service')}...`);
  yield* host.net.as('systemd', caller.commandId).call({
    to: host.daemonId,
    protocol: 'syscall',
    operation: 'kill(SIGHUP)',
    op: 'dockerd.process.sighup',
    request: { pid: u.mainPid, signal: 'SIGHUP' },
    summary: `systemd runs docker.service's ExecReload, /bin/kill -s HUP ${u.mainPid}`,
  });
  note(host, 'docker.service', `Reloaded ${title('docker.service')}.`);
  return {};
}
