import type { Host } from '../host';
import { parentDir } from '../shell/paths';
import { imageOfLayers } from './rootfsImage';
import { nonExecutableAt } from './rootfsPaths';

/** One change, as the Engine API's `/containers/{id}/changes` lists it: 0 modified, 1 added, 2 deleted. */
export interface LayerChange {
  Path: string;
  Kind: 0 | 1 | 2;
}

/**
 * What a container's writable layer holds compared with the image under it
 * (moby's archive.ChangesDirs over the container's root and its parent, the
 * init layer): a file written there is added (`A`) or, if the image had one
 * there, modified (`C`); a file removed is deleted (`D`); a directory
 * holding a change is modified too, listed before what is in it. A mount
 * point runc had to create in the root (`-v data:/data` where the image has
 * no /data) is added; what is written inside a volume or a bind mount is not
 * in the layer at all. Go walks a map, so real dockerd lists siblings in no
 * fixed order; DockScope sorts them by name.
 */
export function layerChanges(
  host: Host,
  upperdir: string,
  lowerdirs: readonly string[],
  mountpoints: readonly string[],
): LayerChange[] {
  const family = imageOfLayers(host, lowerdirs)?.family ?? 'busybox';
  const inImage = (p: string) =>
    nonExecutableAt(family, p) !== undefined || p === '/etc/os-release';
  const layer = host.rwLayers.of(upperdir);
  const kinds = new Map<string, 0 | 1 | 2>();
  for (const [path, text] of layer.files) {
    if (text === null) {
      if (inImage(path)) kinds.set(path, 2);
    } else kinds.set(path, inImage(path) ? 0 : 1);
  }
  for (const dir of [...layer.dirs, ...mountpoints]) if (!inImage(dir)) kinds.set(dir, 1);
  // Every directory above a change is itself changed (its entries, its mtime).
  for (const path of [...kinds.keys()])
    for (let d = parentDir(path); d !== '/' && d !== ''; d = parentDir(d))
      if (!kinds.has(d)) kinds.set(d, inImage(d) ? 0 : 1);
  // Parents before their children, siblings by name: a sort of the paths' components.
  const key = (p: string) => p.split('/');
  return [...kinds.entries()]
    .sort(([a], [b]) => {
      const x = key(a);
      const y = key(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++)
        if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return x.length - y.length;
    })
    .map(([Path, Kind]) => ({ Path, Kind }));
}
