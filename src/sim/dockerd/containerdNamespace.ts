import type { Host } from '../host';

/**
 * The gRPC metadata key that names the containerd namespace of a call
 * (containerd `namespaces.GRPCHeader`). dockerd's containerd client is made
 * with `WithDefaultNamespace(--containerd-namespace)`, and its interceptor
 * puts the namespace on every call it sends; containerd keeps each
 * namespace's images, containers, tasks, leases and snapshots apart.
 */
export const NAMESPACE_HEADER = 'containerd-namespace';

/** The metadata of this daemon's calls to containerd, made once per daemon. */
const metadataOf = new WeakMap<Host, Readonly<Record<string, string>>>();

/**
 * A gRPC request to containerd as `host`'s dockerd sends it: its metadata (the
 * namespace) and its fields. The trace shows both; containerd reads the namespace
 * from the metadata.
 */
export function toContainerd<R extends object>(
  host: Host,
  request: R,
): R & { metadata: Readonly<Record<string, string>> } {
  let metadata = metadataOf.get(host);
  if (!metadata) {
    metadata = Object.freeze({ [NAMESPACE_HEADER]: host.daemon.containerdNamespace });
    metadataOf.set(host, metadata);
  }
  return { metadata, ...request };
}
