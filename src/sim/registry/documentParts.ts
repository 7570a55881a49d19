/**
 * The pieces the content builder assembles: layer identities, the container
 * config, history entries with their per-platform placeholders filled in, and
 * docker-library's annotations. Pure functions of the catalog data.
 */
import { LAYERS, PLATFORMS } from './catalog';
import type { CatalogImage, HistoryStep, ImageConfigSpec, LayerKey, PlatformKey } from './catalog';
import { digestHex, digestOfString } from './digest';
import type { Digest, OciContainerConfig, OciHistory, OciPlatform } from './ociTypes';

export interface LayerInfo {
  readonly key: LayerKey;
  /** Digest of the uncompressed tar (`rootfs.diff_ids`). */
  readonly diffId: Digest;
  /** Size of the unpacked content, as `docker history` shows it. */
  readonly unpackedSize: number;
}

export const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

export const layerInfo = (key: LayerKey): { digest: Digest; info: LayerInfo; size: number } => {
  const spec: { size: number; unpacked: number; digest?: Digest; diffId?: Digest } = LAYERS[key];
  return {
    digest: spec.digest ?? digestOfString(`dockscope/layer/${key}/tar+gzip`),
    size: spec.size,
    info: {
      key,
      diffId: spec.diffId ?? digestOfString(`dockscope/layer/${key}/tar`),
      unpackedSize: spec.unpacked,
    },
  };
};

/** `ADD file:<hash> in /`: the classic builder's content hash of the added file. */
export const fileHash = (key: LayerKey): string =>
  digestHex(digestOfString(`dockscope/layer/${key}/file`));

export const containerConfig = (c: ImageConfigSpec): OciContainerConfig => {
  const out: OciContainerConfig = {};
  if (c.User !== undefined) out.User = c.User;
  if (c.ExposedPorts) out.ExposedPorts = { ...c.ExposedPorts };
  out.Env = [...c.Env];
  if (c.Entrypoint) out.Entrypoint = [...c.Entrypoint];
  if (c.Cmd) out.Cmd = [...c.Cmd];
  if (c.Volumes) out.Volumes = { ...c.Volumes };
  if (c.WorkingDir !== undefined) out.WorkingDir = c.WorkingDir;
  if (c.Labels) out.Labels = { ...c.Labels };
  if (c.StopSignal !== undefined) out.StopSignal = c.StopSignal;
  if (c.ArgsEscaped !== undefined) out.ArgsEscaped = c.ArgsEscaped;
  return out;
};

export const history = (
  steps: readonly HistoryStep[],
  layers: readonly LayerKey[],
  image: CatalogImage,
  platform: PlatformKey,
  where: string,
): OciHistory[] => {
  const info = PLATFORMS[platform];
  let layerIndex = 0;
  const entries = steps.map((step) => {
    const layer = step.emptyLayer ? undefined : layers[layerIndex++];
    const createdBy = step.createdBy
      .replaceAll('{dpkgArch}', info.dpkgArch)
      .replaceAll('{uname}', info.uname)
      .replaceAll('{fileHash}', layer ? fileHash(layer) : '');
    const entry: OciHistory = { created: step.created ?? image.created, created_by: createdBy };
    if (step.comment !== undefined) entry.comment = step.comment;
    if (step.emptyLayer) entry.empty_layer = true;
    return entry;
  });
  if (layerIndex !== layers.length) {
    throw new Error(
      `${where}: history has ${layerIndex} layer steps but there are ${layers.length} layers`,
    );
  }
  return entries;
};

export const annotations = (
  repository: string,
  image: CatalogImage,
  platform: PlatformKey,
): Record<string, string> => {
  const out: Record<string, string> = {
    'com.docker.official-images.bashbrew.arch': PLATFORMS[platform].bashbrewArch,
  };
  if (image.baseName) out['org.opencontainers.image.base.name'] = image.baseName;
  out['org.opencontainers.image.created'] = image.created;
  out['org.opencontainers.image.url'] =
    `https://hub.docker.com/_/${repository.replace(/^library\//, '')}`;
  if (image.version) out['org.opencontainers.image.version'] = image.version;
  return out;
};

export const ociPlatform = (platform: PlatformKey): OciPlatform => {
  const { architecture, os, variant } = PLATFORMS[platform];
  return variant ? { architecture, os, variant } : { architecture, os };
};
