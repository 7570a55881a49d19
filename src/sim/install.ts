import type { Host } from './host';
import type { World } from './world';
import { AUTH_MACHINE, HUB_MACHINE, type HubContent } from './registry/hub';
import { installDockerd } from './dockerd/server';
import { installContainerd } from './containerd/containerdProcess';
import { installSystemd } from './systemd/systemdServer';
import { runcHandler } from './runc/runcServer';
import { installSsh } from './ssh/sshPrograms';
import { kernelHandler, kernelReceiver } from './kernel/kernelServer';
import { kernelExec } from './kernel/exec';
import { shimProgram } from './shim/shimServer';
import { authHandler, registryHandler } from './registry/registryServer';
import { getBlob, hasRepository, resolveTag } from './registry/content';
import { layerContentOf } from './image/layerContent';

/** The simulated Docker Hub, backed by the catalog. */
export const dockerHub: HubContent = {
  hasRepository: (repo) => hasRepository(repo),
  resolveTag: (repo, tag) => resolveTag(repo, tag),
  getBlob: (digest) => getBlob(digest),
};

/** Every machine's components onto the wire: each Docker host's, and Docker Hub's two. */
export function installWorld(world: World): void {
  for (const host of world.hosts.values()) installComponents(host);
  // A second dockerd on a machine: its own API and event subscription, the machine's
  // containerd, runc and kernel.
  for (const daemon of world.daemons) {
    if (daemon.machine === daemon) continue;
    installDockerd(daemon);
    daemon.layerContentOf = daemon.machine.layerContentOf;
    daemon.unpackedSizeOf = daemon.machine.unpackedSizeOf;
  }
  world.net.on(HUB_MACHINE).register('registry', registryHandler(world, dockerHub));
  world.net.on(AUTH_MACHINE).register('auth', authHandler(world, dockerHub));
}

/**
 * Wire every component onto the host's network: each answers the requests
 * addressed to it and hears the one-way messages (events, pipes) sent to it.
 */
function installComponents(host: Host): void {
  installDockerd(host);
  installContainerd(host);
  installSystemd(host);
  host.net.register('runc', runcHandler(host));
  host.net.register('kernel', kernelHandler(host));
  host.net.receive('kernel', kernelReceiver(host));
  // The programs a component execs by name (containerd starts one shim per container).
  host.net.onExec(kernelExec(host, new Map([['containerd-shim-runc-v2', shimProgram(host)]])));
  installSsh(host);
  host.layerContentOf = (chainId) => layerContentOf(chainId);
  host.unpackedSizeOf = (digest) => getBlob(digest)?.layer?.unpackedSize;
}
