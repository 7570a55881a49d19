/**
 * The cgroup v2 freezer as the simulated kernel keeps it: `cgroup.freeze` 1 in a
 * container's cgroup (runc pause) stops its processes until 0 (runc resume).
 * A frozen process runs no code: a sleep whose time is up returns only after the
 * thaw, and a signal other than SIGKILL waits for it too (kernelServer).
 */
import type { Host } from '../host';
import { contextOf } from '../core/actors';
import { Signal } from '../core/signal';
import { type Task, wait } from '../core/scheduler';
import type { KernelState } from './kernelMachine';

/** The container's cgroup directory (runc's systemd driver: slice, prefix and name). */
export function cgroupDirOf(host: Host, containerId: string): string {
  const [slice, prefix, name] = host.cgroupOf(containerId).split(':');
  return `/sys/fs/cgroup/${slice}/${prefix}-${name}.scope`;
}

/** The container's cgroup directory when it is frozen, else undefined. */
export function frozenScopeOf(host: Host, containerId: string): string | undefined {
  const path = cgroupDirOf(host, containerId);
  return contextOf<KernelState>(host.kernel).frozen[path] ? path : undefined;
}

const thaws = new WeakMap<Host, Map<string, Signal<void>>>();

/** Wait while the container's cgroup is frozen. */
export function* untilThawed(host: Host, containerId: string): Task<void> {
  for (;;) {
    const path = frozenScopeOf(host, containerId);
    if (!path) return;
    let byPath = thaws.get(host);
    if (!byPath) thaws.set(host, (byPath = new Map()));
    let s = byPath.get(path);
    if (!s) byPath.set(path, (s = new Signal<void>()));
    yield* wait(s);
  }
}

/** `cgroup.freeze` went back to 0: whatever waited runs on. */
export function thawed(host: Host, path: string): void {
  const s = thaws.get(host)?.get(path);
  thaws.get(host)?.delete(path);
  s?.resolve();
}
