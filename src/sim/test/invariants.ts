import type { Engine } from '../engine';
import { contextOf } from '../core/actors';
import type { DockerdState } from '../dockerd/model';
import type { ContainerdState } from '../containerd/containerdMachine';
import type { RuncState } from '../runc/runcMachine';
import { containerView, imageView } from '../history/hostHistory';
import { lifecycleState } from '../dockerd/containerLifecycle';
import type { KernelState } from '../kernel/kernelMachine';
import { endpointsOf } from '../dockerd/networks';
import { chainIds } from '../image/digest';

/**
 * What must always hold on a simulated host, whatever was typed, once the
 * messages in flight have landed. Returns the broken rules (empty when all hold).
 */
export function brokenInvariants(engine: Engine, machine = 'local'): string[] {
  const broken: string[] = [];
  const host = engine.hostNamed(machine);
  if (!host) return [`no Docker host named ${machine}`];
  const d = contextOf<DockerdState>(host.dockerd);
  const cd = contextOf<ContainerdState>(host.containerd);
  const runc = contextOf<RuncState>(host.runc);
  const ids = Object.keys(d.containers);
  // runc and the shims are the machine's: another daemon's containers on it are not this one's.
  const mine = (id: string) => host.daemonOf(id) === host;
  const names = Object.values(d.containers).map((c) => c.name);
  if (new Set(names).size !== names.length) broken.push('two containers share a name');
  if (new Set(ids.map((i) => i.slice(0, 12))).size !== ids.length)
    broken.push('two containers share a short ID');
  for (const c of Object.values(d.containers)) {
    if (!/^[0-9a-f]{64}$/.test(c.id)) broken.push(`container ID ${c.id} is not 64 hex`);
    if (d.names[`/${c.name}`] !== c.id) broken.push(`name index out of step for ${c.name}`);
    if (!d.images[c.imageId] && !Object.values(d.images).length)
      broken.push(`container ${c.name} has no image`);
    const lifecycle = d.lifecycles[c.id];
    if (!lifecycle || lifecycleState(lifecycle) !== c.state)
      broken.push(
        `${c.name}: shows ${c.state}, its lifecycle machine is in ${lifecycle && lifecycleState(lifecycle)}`,
      );
    // A paused container's task and shim are there, frozen (life).
    const running = c.state === 'running' || c.state === 'paused';
    if (running !== !!cd.tasks[c.id])
      broken.push(
        `${c.name}: running=${running} but containerd task ${cd.tasks[c.id] ? 'exists' : 'missing'}`,
      );
    if (running !== host.shims.has(c.id))
      broken.push(
        `${c.name}: running=${running} but shim ${host.shims.has(c.id) ? 'alive' : 'gone'}`,
      );
    if (running && runc.containers[c.id]?.status !== (c.state === 'paused' ? 'paused' : 'running'))
      broken.push(`${c.name}: runc state ${runc.containers[c.id]?.status}`);
    // ── res: a running container's cgroup is there, and holds the memory limit dockerd stored ──
    if (running && mine(c.id)) {
      const files = contextOf<KernelState>(host.kernel).cgroups[
        `/sys/fs/cgroup/system.slice/docker-${c.id}.scope`
      ];
      const want = c.hostConfig.Resources?.Memory ? String(c.hostConfig.Resources.Memory) : 'max';
      if (!files) broken.push(`${c.name}: running without a cgroup`);
      else if (files['memory.max'] !== want)
        broken.push(`${c.name}: memory.max is ${files['memory.max']}, dockerd has ${want}`);
    }
    // storage: the containerd store's snapshots, or overlay2's layers dockerd made itself.
    if (d.driver === 'overlay2') {
      const m = d.graphMounts[c.id];
      const home = `${host.daemon.dataRoot}/overlay2`;
      if (
        !m ||
        !host.dirs.isDirectory(`${home}/${m.mountId}/diff`) ||
        !host.dirs.isDirectory(`${home}/${m.mountId}-init/diff`)
      )
        broken.push(`${c.name}: writable layer missing`);
    } else if (!cd.snapshots[c.id] || !cd.snapshots[`${c.id}-init`])
      broken.push(`${c.name}: writable layer missing`);
    // ── life: without a restart policy dockerd never restarts a container ──
    const policy = c.hostConfig.RestartPolicy.Name;
    if ((policy === 'no' || policy === '') && (c.restartCount > 0 || c.state === 'restarting'))
      broken.push(`${c.name}: restart policy "no" but restarted ${c.restartCount} times`);
  }
  for (const id of Object.keys(d.lifecycles))
    if (!d.containers[id]) broken.push(`lifecycle machine for unknown ${id}`);
  // storage: a container of the other image store is still dockerd's, on disk (not loaded).
  const known = (id: string) =>
    !!d.containers[id] || Object.values(d.shelved).some((st) => !!st?.containers[id]);
  for (const id of Object.keys(cd.tasks))
    if (!known(id)) broken.push(`containerd task ${id} without a container`);
  for (const id of Object.keys(runc.containers))
    if (!known(id) && mine(id)) broken.push(`runc state for unknown ${id}`);
  for (const [tag, id] of Object.entries(d.tags))
    if (!d.images[id]) broken.push(`tag ${tag} points at a missing image`);
  for (const img of Object.values(d.images)) {
    // storage: overlay2 keeps the layers in dockerd's layer store, not in containerd's.
    if (d.driver === 'overlay2') {
      for (const chain of chainIds(img.layers.map((l) => l.diffId)))
        if (!d.graphLayers[chain])
          broken.push(`layer ${chain} of ${img.repoTags.join(',')} is not in the layer store`);
      continue;
    }
    for (const l of img.layers)
      if (!cd.content[l.digest])
        broken.push(`layer ${l.digest} of ${img.repoTags.join(',')} is not in the content store`);
  }
  // exec (issue 13): an exec is of an existing container; one that runs, of a running one;
  // a process `docker exec` started lives only while its container runs.
  for (const e of Object.values(d.execs)) {
    const c = d.containers[e.containerId];
    if (!c) broken.push(`exec ${e.id.slice(0, 12)} of a removed container`);
    else if (e.running && c.state !== 'running')
      broken.push(`exec ${e.id.slice(0, 12)} runs in ${c.name}, which is ${c.state}`);
  }
  const kernel = host.kernel.getSnapshot().context;
  for (const p of Object.values(kernel.processes)) {
    if (p.execId === undefined || !p.containerId || !mine(p.containerId)) continue;
    if (d.containers[p.containerId]?.state !== 'running')
      broken.push(`exec'd PID ${p.pid} outlives its container`);
  }
  const ports = Object.keys(d.ports);
  for (const p of ports)
    if (d.containers[d.ports[p]!]?.state !== 'running')
      broken.push(`port ${p} held by a container that is not running`);
  // Volumes (vol): a volume in use is never removed. Every volume a container refers to,
  // running or not, is in dockerd's volume store and its directory is on the host.
  for (const c of Object.values(d.containers))
    for (const m of c.mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      if (!d.volumes[m.Name]) broken.push(`${c.name}: its volume ${m.Name} was removed`);
      if (!host.dirs.isDirectory(m.Source))
        broken.push(`${c.name}: its volume's directory ${m.Source} is gone`);
    }
  for (const v of Object.values(d.volumes))
    if (!host.dirs.isDirectory(`${host.daemon.dataRoot}/volumes/${v.name}/_data`))
      broken.push(`volume ${v.name} has no directory`);
  // The history (what rewind rebuilds from) must agree with the components themselves.
  const { time: _time, ...recorded } = engine.view(machine);
  const actual = {
    images: Object.values(d.images).map(imageView),
    containers: Object.values(d.containers).map((c) => containerView(c, host.shims.has(c.id))),
    shims: [...host.shims.keys()].filter(mine),
    content: Object.keys(cd.content).length,
    snapshots: Object.keys(cd.snapshots).length,
    // ── daemon: the daemons systemd has not running, in the order they went down ──
    ...(recorded.stopped ? { stopped: recorded.stopped } : {}),
  };
  // daemon: what the history says is stopped is what systemd says (dockerd and containerd).
  if (host.machine === host) {
    const down = [
      ...(host.systemd.units['docker.service'].state !== 'active' ? [host.daemonId] : []),
      ...(host.systemd.units['containerd.service'].state !== 'active' ? ['containerd'] : []),
    ];
    if (JSON.stringify([...(recorded.stopped ?? [])].sort()) !== JSON.stringify(down.sort()))
      broken.push(`the history shows ${String(recorded.stopped)} stopped, systemd ${String(down)}`);
  }
  if (JSON.stringify(recorded) !== JSON.stringify(actual))
    broken.push('the host history disagrees with the components (rewind would show a wrong host)');
  if (host.scheduler.faults.length > 0)
    broken.push(`engine faults: ${host.scheduler.faults.map(String).join('; ')}`);
  broken.push(...brokenNetworkInvariants(host));
  broken.push(...brokenFaultInvariants(host));
  return broken;
}

/** dockerd's containers: those of the image store in use, and those it keeps aside. */
function withShelved(d: DockerdState) {
  return [
    ...Object.values(d.containers),
    ...Object.values(d.shelved).flatMap((st) => (st ? Object.values(st.containers) : [])),
  ];
}

// ── fault: what no injected fault may leave behind (core/faults.ts) ──
/**
 * No shim is orphaned without its running container (in the shim table or as a
 * process on the host), and no host port stays bound (a docker-proxy, a DNAT
 * rule) once its container is gone or stopped.
 */
function brokenFaultInvariants(host: NonNullable<ReturnType<Engine['hostNamed']>>): string[] {
  const broken: string[] = [];
  // The machine's shims and processes serve every daemon on it: check against all of them.
  // storage: a container of the image store not in use is dockerd's too (on disk, not loaded):
  // with live-restore it keeps running when the store is switched, as on a real host.
  const containers = host.machine.daemons.flatMap((h) =>
    withShelved(contextOf<DockerdState>(h.dockerd)),
  );
  const byId = new Map(containers.map((c) => [c.id, c]));
  const k = contextOf<KernelState>(host.kernel);
  for (const id of host.shims.keys()) {
    const c = byId.get(id);
    if (!c || (c.state !== 'running' && c.state !== 'paused'))
      broken.push(
        `shim of ${c ? `${c.name} (${c.state})` : `removed ${id.slice(0, 12)}`} is orphaned`,
      );
  }
  const shimPids = new Set([...host.shims.values()].map((s) => s.shimPid));
  for (const p of Object.values(k.processes)) {
    if (p.argv[0]?.endsWith('containerd-shim-runc-v2') && !shimPids.has(p.pid))
      broken.push(`shim process ${p.pid} left on the host without its shim`);
    if (p.containerId && p.execId === undefined) {
      const c = byId.get(p.containerId);
      if (!c || (c.state !== 'running' && c.state !== 'paused'))
        broken.push(`PID ${p.pid} of ${c ? c.name : 'a removed container'} outlives it`);
    }
  }
  const published = new Set(
    containers
      .filter((c) => c.state === 'running' || c.state === 'paused')
      .flatMap((c) => c.published.map((b) => `${b.hostIp}:${b.hostPort}/${b.proto}`)),
  );
  for (const key of Object.keys(k.nat))
    if (!published.has(key)) broken.push(`DNAT rule for ${key} left after its container`);
  for (const p of Object.values(k.processes)) {
    if (!p.argv[0]?.endsWith('docker-proxy')) continue;
    const arg = (flag: string) => p.argv[p.argv.indexOf(flag) + 1];
    const key = `${arg('-host-ip')}:${arg('-host-port')}/${arg('-proto')}`;
    if (!published.has(key)) broken.push(`docker-proxy for ${key} left after its container`);
  }
  return broken;
}

/**
 * Networks (issue 13): an address is used once per network, a host port once per
 * host, no endpoint or veth is left behind for a container that is gone or
 * stopped, and every bridge network dockerd keeps has its bridge in the kernel.
 */
function brokenNetworkInvariants(host: NonNullable<ReturnType<Engine['hostNamed']>>): string[] {
  const broken: string[] = [];
  const d = contextOf<DockerdState>(host.dockerd);
  const k = contextOf<KernelState>(host.kernel);
  const held = new Map<string, string>();
  for (const c of Object.values(d.containers)) {
    for (const [network, ep] of Object.entries(endpointsOf(c))) {
      if (ep.endpointId && c.state !== 'running' && c.state !== 'paused')
        broken.push(`${c.name}: ${c.state} but still has an endpoint on ${network}`);
      if (!ep.ip) continue;
      const key = `${network} ${ep.ip}`;
      const other = held.get(key);
      if (other) broken.push(`${ep.ip} is used twice on ${network}: ${other} and ${c.name}`);
      held.set(key, c.name);
    }
  }
  const ports = new Map<string, string>();
  for (const c of Object.values(d.containers))
    for (const p of new Set(c.published.map((b) => `${b.hostPort}/${b.proto}`))) {
      const other = ports.get(p);
      if (other) broken.push(`host port ${p} published twice: ${other} and ${c.name}`);
      ports.set(p, c.name);
    }
  const all = new Map(withShelved(d).map((c) => [c.id, c]));
  for (const [name, dev] of Object.entries(k.netdevs)) {
    if (dev.kind !== 'veth' || !dev.containerId) continue;
    const c = all.get(dev.containerId);
    if (host.daemonOf(dev.containerId) !== host) continue;
    if (!c || (c.state !== 'running' && c.state !== 'paused'))
      broken.push(`veth ${name} left behind for ${c ? c.name : 'a removed container'}`);
  }
  for (const n of Object.values(d.networks))
    if (n.driver === 'bridge' && !k.netdevs[n.bridge])
      broken.push(`network ${n.name} has no bridge ${n.bridge} in the kernel`);
  return broken;
}
