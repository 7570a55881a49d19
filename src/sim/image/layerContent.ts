import { registryContent, type RegistryContent } from '../registry/content';
import type { ImageRuntime } from '../registry/catalog/types';
import { chainIds } from './digest';

/**
 * What a stack of layers holds once unpacked, as DockScope's catalog describes
 * it (it keeps no file bytes): which image's userland it is, when its files
 * were made, for which CPU, and how the programs in it behave. The kernel
 * finds it from the directories a container's overlay is made of: the files a
 * process sees are the layers', not anything a daemon remembers.
 *
 * The image config's default command, stop signal and working directory come
 * along because the catalog describes an image's main program by them (its
 * runtime runs when the container runs that command line).
 */
export interface LayerContent {
  /** The repository whose image built these layers (`library/alpine`). */
  readonly repository: string;
  /** When the image was built: the date of the files in its layers. */
  readonly created: string;
  readonly platform: { readonly architecture: string };
  readonly config: {
    readonly Entrypoint?: readonly string[] | null;
    readonly Cmd?: readonly string[] | null;
    readonly StopSignal?: string;
  };
  /** The image's catalog entry's behaviour (its main program, its outputs). */
  readonly runtime: ImageRuntime | undefined;
}

const byContent = new WeakMap<RegistryContent, Map<string, LayerContent>>();

/**
 * The content of the layer stack whose top layer's snapshot is `chainId`
 * (snapshots are keyed by chain ID), or undefined for one the catalog does
 * not know (an init or writable layer).
 */
export function layerContentOf(
  chainId: string,
  content: RegistryContent = registryContent(),
): LayerContent | undefined {
  let index = byContent.get(content);
  if (!index) byContent.set(content, (index = indexByTopChain(content)));
  return index.get(chainId);
}

function indexByTopChain(content: RegistryContent): Map<string, LayerContent> {
  const index = new Map<string, LayerContent>();
  for (const [digest, doc] of content.documents) {
    if (!('rootfs' in doc)) continue;
    const entry = content.entries.get(digest);
    const top = chainIds(doc.rootfs.diff_ids).at(-1);
    if (!entry || !top || index.has(top)) continue;
    index.set(top, {
      repository: entry.repository,
      created: doc.created,
      platform: { architecture: doc.architecture },
      config: doc.config,
      runtime: entry.image.runtime,
    });
  }
  return index;
}
