import type { Host } from '../host';
import { parentDir } from '../shell/paths';
import { imageOfLayers } from './rootfsImage';
import { nonExecutableAt } from './rootfsPaths';
import type { RootfsFamily } from './builtins';

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

/** The backing filesystem's block (ext4's 4 KiB): du counts each directory one, a file's bytes round up to it. */
const BLOCK = 4096;

/** What `du` finds in a writable layer: bytes in whole blocks, and the inodes. */
export interface LayerUsage {
  size: number;
  inodes: number;
}

/**
 * The disk usage of a container's writable layer, as containerd's overlayfs
 * snapshotter reports an active snapshot's (Usage → continuity fs.DiskUsage
 * of the upperdir): every inode walked from the upperdir itself counts its
 * st_blocks × 512. What is in the upperdir is exactly what `docker diff`
 * lists: a directory (new, or copied up because something under it changed)
 * takes one block, a file its bytes rounded up to whole blocks (none when
 * empty), a whiteout (a 0/0 character device) none.
 *
 * Simplified: the backing filesystem is taken to be ext4 with 4 KiB blocks
 * and no inline data; a directory with very many entries would take more.
 *
 * @example
 * layerUsage(host, upper, lowers, []) // fresh container: { size: 4096, inodes: 1 }
 */
export function layerUsage(
  host: Host,
  upperdir: string,
  lowerdirs: readonly string[],
  mountpoints: readonly string[],
): LayerUsage {
  const files = host.rwLayers.of(upperdir).files;
  let size = BLOCK; // the upperdir itself
  const changes = layerChanges(host, upperdir, lowerdirs, mountpoints);
  for (const { Path, Kind } of changes) {
    if (Kind === 2) continue;
    const text = files.get(Path);
    size +=
      typeof text === 'string'
        ? Math.ceil(new TextEncoder().encode(text).length / BLOCK) * BLOCK
        : BLOCK;
  }
  return { size, inodes: changes.length + 1 };
}

/**
 * The size overlay2 reports for a writable layer (moby's DiffSize: directory.Size of its
 * diff/ directory): the bytes of every file in it, directories and whiteouts counting
 * nothing, not whole blocks. A fresh container's layer is 0 bytes.
 */
export function layerBytes(host: Host, upperdir: string, lowerdirs: readonly string[]): LayerUsage {
  const files = host.rwLayers.of(upperdir).files;
  const changes = layerChanges(host, upperdir, lowerdirs, []);
  let size = 0;
  for (const { Path, Kind } of changes) {
    if (Kind === 2) continue;
    const text = files.get(Path);
    if (typeof text === 'string') size += new TextEncoder().encode(text).length;
  }
  return { size, inodes: changes.length + 1 };
}

/**
 * What moby's init layer (`<id>-init`, daemon/initlayer Setup) holds on top
 * of the image, and so its committed snapshot's usage: the directories
 * /dev/pts, /dev/shm, /proc and /sys when the image lacks them, the empty
 * files /.dockerenv, /etc/resolv.conf, /etc/hosts, /etc/hostname and
 * /dev/console (no blocks), the fast symlink /etc/mtab (none), and the
 * directories above them (/dev, /etc), copied up or new: one block each, and
 * one for the layer's own directory.
 */
export function initLayerUsage(family: RootfsFamily): number {
  // A distribution's image ships /proc and /sys (empty) but not /dev/pts or /dev/shm;
  // an image built FROM scratch has none of them.
  const scratch = family === 'scratch';
  const dirs = ['/dev', '/etc', '/dev/pts', '/dev/shm', ...(scratch ? ['/proc', '/sys'] : [])];
  return BLOCK * (1 + dirs.length);
}
