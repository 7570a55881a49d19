/**
 * The events a container's start and exit log, in moby v28.2.2's order
 * (obs). At start: `network connect` for each network it joins
 * (connectToNetwork), `volume mount` for each volume (setupMounts, while the
 * spec is made), then `container start`. At exit (handleContainerExit):
 * Cleanup's `network disconnect` for each network and `volume unmount` for
 * each volume, then `container die` with the exit code and how many whole
 * seconds it ran.
 */
import type { Host } from '../host';
import type { ContainerRecord } from './model';
import { endpointsOf, lookupNetwork } from './networks';
import { emitContainerEvent, emitNetworkEvent, emitVolumeEvent } from './events';

export function emitStartEvents(host: Host, c: ContainerRecord): void {
  for (const name of Object.keys(endpointsOf(c))) {
    const n = lookupNetwork(host, name);
    if (n) emitNetworkEvent(host, n, 'connect', { container: c.id });
  }
  for (const m of c.mounts ?? []) {
    if (m.Type !== 'volume' || !m.Name) continue;
    emitVolumeEvent(host, m.Name, 'mount', {
      driver: m.Driver ?? 'local',
      container: c.id,
      destination: m.Destination,
      'read/write': String(m.RW),
      propagation: m.Propagation,
    });
  }
  emitContainerEvent(host, c, 'start');
}

export function emitExitEvents(host: Host, c: ContainerRecord, exitCode: number): void {
  for (const name of Object.keys(endpointsOf(c))) {
    const n = lookupNetwork(host, name);
    if (n) emitNetworkEvent(host, n, 'disconnect', { container: c.id });
  }
  for (const m of c.mounts ?? []) {
    if (m.Type !== 'volume' || !m.Name) continue;
    emitVolumeEvent(host, m.Name, 'unmount', { driver: m.Driver ?? 'local', container: c.id });
  }
  const ran = Math.floor((host.scheduler.now - (c.startedAt ?? host.scheduler.now)) / 1000);
  emitContainerEvent(host, c, 'die', { exitCode: String(exitCode), execDuration: String(ran) });
}
