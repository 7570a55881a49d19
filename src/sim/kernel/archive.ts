/**
 * `docker cp` on the host (obs): what dockerd's archive code reads from and
 * writes into a container's root (moby v28.2.2 daemon/archive_unix.go), through
 * the same view of the files a process in the container has: its writable
 * layer, its mounts, the image. A running container's root is its own mount;
 * a stopped one's is mounted by dockerd for the copy and unmounted after.
 *
 * DockScope copies regular files (one a copy); a directory is refused with a
 * DockScope message. The tar stream is drawn as its entries and its size (a
 * header block, the content padded to 512 bytes, two zero blocks at the end),
 * not as bytes.
 */
import type { Host } from '../host';
import { normalizePath, parentDir } from '../shell/paths';
import { rootFilesOf } from './builtins';
import { imageOfLayers } from './rootfsImage';

/** One file of a tar stream. */
export interface TarEntry {
  name: string;
  content: string;
  mode: number;
}

/** What the stream weighs: Go's archive/tar, one header block and the content in 512-byte blocks, then two zero blocks. */
export function tarSize(entries: readonly TarEntry[]): number {
  let n = 1024;
  for (const e of entries)
    n += 512 + Math.ceil(new TextEncoder().encode(e.content).length / 512) * 512;
  return n;
}

/** moby container.PathStat, as the X-Docker-Container-Path-Stat header carries it. */
export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** Go's os.ModeDir bit, set in a directory's mode. */
export const MODE_DIR = 2 ** 31;

export type ArchiveResult =
  | { ok: true; stat: PathStat; entries?: TarEntry[] }
  | { ok: false; error: 'missing' | 'not-simulated' | 'not-dir' | 'read-only'; detail?: string };

function filesOfContainer(host: Host, containerId: string) {
  const root = host.namespaces.of(containerId)?.root;
  const family = imageOfLayers(host, root?.lowerdirs ?? [])?.family ?? 'debian';
  return rootFilesOf(host, containerId, family);
}

/** Stat (HEAD) or read (GET) one path of the container's root. */
export function archiveRead(
  host: Host,
  containerId: string,
  path: string,
  withContent: boolean,
): ArchiveResult {
  const fs = filesOfContainer(host, containerId);
  const p = normalizePath(path, '/');
  const name = p === '/' ? '/' : p.slice(p.lastIndexOf('/') + 1);
  const mtime = host.isoTime(host.scheduler.now);
  if (fs.isDirectory(p)) {
    const stat = { name, size: 4096, mode: MODE_DIR + 0o755, mtime, linkTarget: '' };
    if (!withContent) return { ok: true, stat };
    return {
      ok: false,
      error: 'not-simulated',
      detail: `DockScope: docker cp copies single files; ${p} is a directory`,
    };
  }
  const r = fs.read(p);
  if ('error' in r) {
    if (r.error === 'unknown-content')
      return {
        ok: false,
        error: 'not-simulated',
        detail: `DockScope: ${p} is in the image, but DockScope does not hold its content`,
      };
    return { ok: false, error: 'missing' };
  }
  const size = new TextEncoder().encode(r.text).length;
  const stat = { name, size, mode: 0o644, mtime, linkTarget: '' };
  return withContent
    ? { ok: true, stat, entries: [{ name, content: r.text, mode: 0o644 }] }
    : { ok: true, stat };
}

/** Extract a stream's files into a directory of the container (PUT): they land in its writable layer or its mounts. */
export function archiveExtract(
  host: Host,
  containerId: string,
  dir: string,
  entries: readonly TarEntry[],
): ArchiveResult {
  const fs = filesOfContainer(host, containerId);
  const d = normalizePath(dir, '/');
  if (!fs.exists(d)) return { ok: false, error: 'missing' };
  if (!fs.isDirectory(d)) return { ok: false, error: 'not-dir' };
  for (const e of entries) {
    const target = normalizePath(e.name, d);
    if (!fs.isDirectory(parentDir(target))) return { ok: false, error: 'missing' };
    if (fs.canWrite(target) === 'read-only')
      return { ok: false, error: 'read-only', detail: target };
    fs.write(target, e.content, false);
  }
  return {
    ok: true,
    stat: {
      name: d,
      size: 4096,
      mode: MODE_DIR + 0o755,
      mtime: host.isoTime(host.scheduler.now),
      linkTarget: '',
    },
  };
}
