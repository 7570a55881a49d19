import type { Host } from './host';
import { installDockerd } from './dockerd/server';
import { containerdHandler, containerdReceiver } from './containerd/containerdServer';
import { runcHandler } from './runc/runcServer';
import { kernelHandler } from './kernel/kernelServer';
import { authHandler, registryHandler } from './registry/registryServer';
import { catalogEntry, getBlob, hasRepository, resolveTag } from './registry/content';
import type { HubContent } from './registry/hub';

/** The simulated Docker Hub, backed by the catalog. */
export const dockerHub: HubContent = {
  hasRepository: (repo) => hasRepository(repo),
  resolveTag: (repo, tag) => resolveTag(repo, tag),
  getBlob: (digest) => getBlob(digest),
};

/**
 * Wire every component onto the host's network: each answers the requests
 * addressed to it and hears the one-way messages (events, pipes) sent to it.
 */
export function installComponents(host: Host): void {
  installDockerd(host);
  host.net.register('containerd', containerdHandler(host));
  host.net.receive('containerd', containerdReceiver(host));
  host.net.register('runc', runcHandler(host));
  host.net.register('kernel', kernelHandler(host));
  host.net.register('registry', registryHandler(host, dockerHub));
  host.net.register('auth', authHandler(host, dockerHub));
  host.runtimeOf = (imageId) => catalogEntry(imageId)?.image.runtime;
  host.unpackedSizeOf = (digest) => getBlob(digest)?.layer?.unpackedSize;
}
