/**
 * What the registry serves, as the registry server needs it. The catalog
 * builder provides it; the server only looks things up.
 */
export interface HubBlob {
  mediaType: string;
  size: number;
  /** The exact bytes served, for manifests, indexes and configs. */
  json?: string;
}

export interface HubContent {
  hasRepository(repository: string): boolean;
  /** Tag → digest of what it points at (an index for multi-platform images). */
  resolveTag(repository: string, tag: string): string | undefined;
  getBlob(digest: string): HubBlob | undefined;
}

export const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export const REGISTRY_HOST = 'registry-1.docker.io';
export const AUTH_REALM = 'https://auth.docker.io/token';
export const AUTH_SERVICE = 'registry.docker.io';

/** The machines Docker Hub's registry and token service run on, in DockScope's world. */
export const HUB_MACHINE = 'registry-1.docker.io';
export const AUTH_MACHINE = 'auth.docker.io';
