import type { Host } from '../host';

/**
 * The gRPC metadata key that names the containerd namespace of a call
 * (containerd `namespaces.GRPCHeader`). dockerd's containerd client is made
 * with `WithDefaultNamespace(--containerd-namespace)`, and its interceptor
 * puts the namespace on every call it sends; containerd keeps each
 * namespace's images, containers, tasks, leases and snapshots apart.
 */
export const NAMESPACE_HEADER = 'containerd-namespace';

/**
 * A gRPC request to containerd as `host`'s dockerd sends it: its metadata (the
 * namespace, one frozen object per daemon that every message shares) and its
 * fields. The trace shows both; containerd reads the namespace from the metadata.
 */
export function toContainerd<R extends object>(
  host: Host,
  request: R,
): R & { metadata: Readonly<Record<string, string>> } {
  return { metadata: host.grpcMetadata, ...request };
}
