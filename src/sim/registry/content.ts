/**
 * Turns the catalog into what a registry serves: per repository, tags → image
 * index digests, and one content-addressed blob store holding every index,
 * manifest, image config and layer.
 *
 * Digests are real: `sha256:` + hex SHA-256 of the exact JSON bytes served
 * (`JSON.stringify`, no whitespace, keys in the order Go writes them), and
 * `size` is their UTF-8 length. Layers have no bytes; their digest is the
 * SHA-256 of a stable string derived from the layer key (diff_id likewise from
 * another string), and their size comes from the catalog. Same input, same
 * digests. Pure: no I/O, no clock; the default content is built once, lazily.
 */
import { CATALOG, PLATFORMS, PLATFORM_KEYS } from './catalog';
import type { Catalog, CatalogImage, PlatformKey } from './catalog';
import { byteLength, digestOfString } from './digest';
import {
  annotations,
  containerConfig,
  deepFreeze,
  history,
  layerInfo,
  ociPlatform,
} from './documentParts';
import type { LayerInfo } from './documentParts';
import { MEDIA_TYPE } from './ociTypes';
import type {
  Digest,
  OciDescriptor,
  OciImageConfig,
  OciIndex,
  OciManifest,
  OciMediaType,
} from './ociTypes';

export type { LayerInfo } from './documentParts';

export interface RegistryBlob {
  readonly digest: Digest;
  readonly mediaType: OciMediaType;
  readonly size: number;
  /** The exact bytes served, for JSON documents (index, manifest, config). */
  readonly json?: string;
  /** For layers. */
  readonly layer?: LayerInfo;
}

export interface RepositoryContent {
  /** e.g. `library/nginx`. */
  readonly name: string;
  readonly description: string;
  /** tag → digest of its image index. */
  readonly tags: ReadonlyMap<string, Digest>;
  /** Every blob this repository references (registries scope blob access by repository). */
  readonly blobs: ReadonlySet<Digest>;
}

/** Which catalog image an index, manifest or config digest belongs to. */
export interface CatalogEntry {
  readonly repository: string;
  readonly image: CatalogImage;
  /** Set for manifests and configs; absent for the index. */
  readonly platform?: PlatformKey;
}

export interface RegistryContent {
  readonly repositories: ReadonlyMap<string, RepositoryContent>;
  readonly blobs: ReadonlyMap<Digest, RegistryBlob>;
  readonly documents: ReadonlyMap<Digest, Readonly<OciIndex | OciManifest | OciImageConfig>>;
  readonly entries: ReadonlyMap<Digest, CatalogEntry>;
}

export interface PlatformManifest {
  /** The index's descriptor for this manifest (digest, size, platform, annotations). */
  readonly descriptor: Readonly<OciDescriptor>;
  readonly manifest: Readonly<OciManifest>;
}

// ---------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------

/** Builds the registry content for a catalog. Pure and deterministic. */
export function buildRegistryContent(catalog: Catalog): RegistryContent {
  const blobs = new Map<Digest, RegistryBlob>();
  const documents = new Map<Digest, OciIndex | OciManifest | OciImageConfig>();
  const entries = new Map<Digest, CatalogEntry>();
  const repositories = new Map<string, RepositoryContent>();

  const putJson = (
    mediaType: OciMediaType,
    doc: OciIndex | OciManifest | OciImageConfig,
  ): OciDescriptor => {
    const json = JSON.stringify(doc);
    const digest = digestOfString(json);
    const size = byteLength(json);
    if (!blobs.has(digest)) {
      blobs.set(digest, { digest, mediaType, size, json });
      documents.set(digest, deepFreeze(doc));
    }
    return { mediaType, digest, size };
  };

  for (const repo of catalog) {
    if (repositories.has(repo.name)) throw new Error(`duplicate repository ${repo.name}`);
    const tags = new Map<string, Digest>();
    const repoBlobs = new Set<Digest>();

    for (const image of repo.images) {
      const manifestDescriptors: OciDescriptor[] = [];
      for (const platform of PLATFORM_KEYS) {
        const where = `${repo.name}:${image.tags[0] ?? '?'} (${platform})`;
        const { architecture, os, variant } = PLATFORMS[platform];
        const layerKeys = image.layers[platform];
        const layers = layerKeys.map(layerInfo);
        for (const l of layers) {
          if (!blobs.has(l.digest)) {
            blobs.set(l.digest, {
              digest: l.digest,
              mediaType: MEDIA_TYPE.layer,
              size: l.size,
              layer: l.info,
            });
          }
          repoBlobs.add(l.digest);
        }

        const config: OciImageConfig = {
          architecture,
          config: containerConfig(image.config),
          created: image.created,
          history: history(image.history, layerKeys, image, platform, where),
          os,
          rootfs: { type: 'layers', diff_ids: layers.map((l) => l.info.diffId) },
        };
        if (variant) config.variant = variant;
        const configDescriptor = putJson(MEDIA_TYPE.config, config);

        const notes = annotations(repo.name, image, platform);
        const manifest: OciManifest = {
          schemaVersion: 2,
          mediaType: MEDIA_TYPE.manifest,
          config: configDescriptor,
          layers: layers.map((l) => ({
            mediaType: MEDIA_TYPE.layer,
            digest: l.digest,
            size: l.size,
          })),
          annotations: notes,
        };
        const manifestDescriptor = putJson(MEDIA_TYPE.manifest, manifest);
        manifestDescriptors.push({
          ...manifestDescriptor,
          annotations: { ...notes },
          platform: ociPlatform(platform),
        });
        entries.set(configDescriptor.digest, { repository: repo.name, image, platform });
        entries.set(manifestDescriptor.digest, { repository: repo.name, image, platform });
        repoBlobs.add(configDescriptor.digest).add(manifestDescriptor.digest);
      }

      const index: OciIndex = {
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.index,
        manifests: manifestDescriptors,
      };
      const indexDescriptor = putJson(MEDIA_TYPE.index, index);
      entries.set(indexDescriptor.digest, { repository: repo.name, image });
      repoBlobs.add(indexDescriptor.digest);
      for (const tag of image.tags) {
        if (tags.has(tag)) throw new Error(`${repo.name}: tag ${tag} used twice`);
        tags.set(tag, indexDescriptor.digest);
      }
    }
    repositories.set(repo.name, {
      name: repo.name,
      description: repo.description,
      tags,
      blobs: repoBlobs,
    });
  }
  return { repositories, blobs, documents, entries };
}

// ---------------------------------------------------------------------------
// Lookups (on the default catalog unless given other content)
// ---------------------------------------------------------------------------

const built = new WeakMap<Catalog, RegistryContent>();

/** The content for a catalog (default: the simulated Hub), built on first use and memoised. */
export function registryContent(catalog: Catalog = CATALOG): RegistryContent {
  let content = built.get(catalog);
  if (!content) {
    content = buildRegistryContent(catalog);
    built.set(catalog, content);
  }
  return content;
}

/** Repository names, e.g. `library/nginx`, sorted. */
export function listRepositories(content: RegistryContent = registryContent()): string[] {
  return [...content.repositories.keys()].sort();
}

export function hasRepository(repo: string, content: RegistryContent = registryContent()): boolean {
  return content.repositories.has(repo);
}

/** The index digest a tag points at, or undefined (MANIFEST_UNKNOWN / NAME_UNKNOWN). */
export function resolveTag(
  repo: string,
  tag: string,
  content: RegistryContent = registryContent(),
): Digest | undefined {
  return content.repositories.get(repo)?.tags.get(tag);
}

export function getBlob(
  digest: string,
  content: RegistryContent = registryContent(),
): RegistryBlob | undefined {
  return content.blobs.get(digest as Digest);
}

export function getIndex(
  digest: string,
  content: RegistryContent = registryContent(),
): Readonly<OciIndex> | undefined {
  const doc = content.documents.get(digest as Digest);
  return doc && 'manifests' in doc ? doc : undefined;
}

export function getManifest(
  digest: string,
  content: RegistryContent = registryContent(),
): Readonly<OciManifest> | undefined {
  const doc = content.documents.get(digest as Digest);
  return doc && 'layers' in doc ? doc : undefined;
}

export function getImageConfig(
  digest: string,
  content: RegistryContent = registryContent(),
): Readonly<OciImageConfig> | undefined {
  const doc = content.documents.get(digest as Digest);
  return doc && 'rootfs' in doc ? doc : undefined;
}

/** The catalog image (and platform) behind an index, manifest or config digest: its runtime behaviour, tags, … */
export function catalogEntry(
  digest: string,
  content: RegistryContent = registryContent(),
): CatalogEntry | undefined {
  return content.entries.get(digest as Digest);
}

/** Architecture variants a platform matcher treats as implied (containerd: arm64 means arm64/v8). */
const normaliseVariant = (architecture: string, variant: string | undefined): string | undefined =>
  architecture === 'arm64' && variant === undefined ? 'v8' : variant;

/**
 * The manifest of an index for one platform, as `docker pull` picks it: os and
 * architecture must match; a requested variant must match too (arm64 without a
 * variant means v8).
 */
export function platformManifest(
  indexDigest: string,
  platform: { os: string; architecture: string; variant?: string },
  content: RegistryContent = registryContent(),
): PlatformManifest | undefined {
  const index = getIndex(indexDigest, content);
  if (!index) return undefined;
  const wanted = normaliseVariant(platform.architecture, platform.variant);
  for (const descriptor of index.manifests) {
    const p = descriptor.platform;
    if (!p || p.os !== platform.os || p.architecture !== platform.architecture) continue;
    if (wanted !== undefined && normaliseVariant(p.architecture, p.variant) !== wanted) continue;
    const manifest = getManifest(descriptor.digest, content);
    if (manifest) return { descriptor, manifest };
  }
  return undefined;
}
