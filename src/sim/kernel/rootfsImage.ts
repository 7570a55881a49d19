import type { Host } from '../host';
import type { LayerContent } from '../image/layerContent';
import type { ImageRuntime } from '../registry/catalog/types';
import type { RootfsFamily } from './builtins';

/** Images whose userland is BusyBox (alpine and the images built FROM it). */
export const ALPINE_BASED: ReadonlySet<string> = new Set([
  'library/alpine',
  'library/busybox',
  'library/registry',
  'library/traefik',
]);

/** What a container's root holds: the image layers' content, its userland, its main program. */
export interface ImageInfo {
  image: LayerContent;
  family: RootfsFamily;
  runtime: ImageRuntime | undefined;
}

const SNAPSHOTS = '/snapshots/';

/**
 * The image a container's root is made of, as the kernel knows it: the
 * overlay dockerd mounted names its layer directories (`lowerdir=`, nearest
 * first: the init layer, then the image's top layer), and what those hold is
 * the layers' content. Undefined before runc pivoted into a root.
 */
export function imageOf(host: Host, containerId: string): ImageInfo | undefined {
  return imageOfLayers(host, host.namespaces.of(containerId)?.root?.lowerdirs ?? []);
}

/** The image an overlay's `lowerdir=` directories (nearest first) are made of. */
export function imageOfLayers(host: Host, lowerdirs: readonly string[]): ImageInfo | undefined {
  for (const dir of lowerdirs) {
    // `…/snapshots/<name>/fs`: an image layer's directory is named after its chain ID.
    // overlay2's `…/overlay2/l/<short name>` is a link to the `diff` directory a layer was
    // extracted into: the kernel follows it.
    const at = dir.lastIndexOf(SNAPSHOTS);
    const name = at < 0 ? '' : dir.slice(at + SNAPSHOTS.length, dir.lastIndexOf('/'));
    const image = host.layerContentOf(at < 0 ? (host.dirs.layerIn(dir) ?? '') : `sha256:${name}`);
    if (image) return { image, family: familyOf(image.repository), runtime: image.runtime };
  }
  return undefined;
}

/** The family of files an image of this repository has (what its shell and paths are like). */
export function familyOf(repository: string): RootfsFamily {
  return repository === 'library/hello-world'
    ? 'scratch'
    : ALPINE_BASED.has(repository)
      ? 'busybox'
      : 'debian';
}
