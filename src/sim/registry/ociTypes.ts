/**
 * The OCI image-spec documents the simulated registry serves, as TypeScript
 * types. Field order in these interfaces is the order the builder writes them,
 * which is the order Go's structs (and so real registries) use.
 * See https://github.com/opencontainers/image-spec (index.md, manifest.md, config.md).
 */

export const MEDIA_TYPE = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export type OciMediaType = (typeof MEDIA_TYPE)[keyof typeof MEDIA_TYPE];

/** `sha256:` followed by 64 lowercase hex digits. */
export type Digest = `sha256:${string}`;

export interface OciPlatform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface OciDescriptor {
  mediaType: OciMediaType;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: OciPlatform;
}

export interface OciIndex {
  schemaVersion: 2;
  mediaType: typeof MEDIA_TYPE.index;
  manifests: OciDescriptor[];
  annotations?: Record<string, string>;
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType: typeof MEDIA_TYPE.manifest;
  config: OciDescriptor;
  layers: OciDescriptor[];
  annotations?: Record<string, string>;
}

/** The `config` object inside an image config (OCI `ImageConfig`, Docker's container defaults). */
export interface OciContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
}

export interface OciHistory {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface OciImageConfig {
  architecture: string;
  config: OciContainerConfig;
  created: string;
  history: OciHistory[];
  os: string;
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  variant?: string;
}
