/**
 * `docker cp` on the host (obs): what dockerd's archive code reads from and
 * writes into a container's root (moby v28.2.2 daemon/archive_unix.go), through
 * the same view of the files a process in the container has: its writable
 * layer, its mounts, the image. A running container's root is its own mount;
 * a stopped one's is mounted by dockerd for the copy and unmounted after.
 *
 * Regular files and directories are copied; a directory is read only when
 * DockScope knows all that is in it (the container made it, or it is a
 * volume's, a bind mount's or a tmpfs's), else a DockScope line says so.
 * Ownership, modes and symlinks are not simulated (files 0644, directories
 * 0755). The tar stream is drawn as its entries and its size (a header
 * block, the content padded to 512 bytes, two zero blocks at the end); its
 * bytes are made only where they are shown (`docker cp … -`, tarBytes).
 */
import type { Host } from '../host';
import { normalizePath, parentDir } from '../shell/paths';
import { rootFilesOf } from './builtins';
import { imageOfLayers } from './rootfsImage';

/** One entry of a tar stream: a file, or a directory (its name ends in `/`, no content). */
export interface TarEntry {
  name: string;
  content: string;
  mode: number;
  dir?: boolean;
}

/** What the stream weighs: Go's archive/tar, one header block and the content in 512-byte blocks, then two zero blocks. */
export function tarSize(entries: readonly TarEntry[]): number {
  let n = 1024;
  for (const e of entries)
    n += 512 + Math.ceil(new TextEncoder().encode(e.content).length / 512) * 512;
  return n;
}

/**
 * The stream's bytes, one character per byte (what `docker cp CONTAINER:PATH -`
 * writes to stdout): Go archive/tar's USTAR headers (name, mode, uid/gid 0,
 * size and mtime in octal, checksum, type `0` or `5`, magic `ustar\x0000`),
 * each file's UTF-8 content padded to 512 bytes, and two zero blocks.
 * Simplified: names longer than 100 bytes are not split into a prefix (Go
 * would write a PAX header); owner names are empty.
 */
export function tarBytes(entries: readonly TarEntry[], mtimeSeconds: number): string {
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0') + '\0';
  const field = (text: string, width: number) => text.slice(0, width).padEnd(width, '\0');
  let out = '';
  for (const e of entries) {
    const body = latin1(e.content);
    const header = [
      field(latin1(e.name), 100),
      octal(e.mode, 8),
      octal(0, 8),
      octal(0, 8),
      octal(e.dir ? 0 : body.length, 12),
      octal(mtimeSeconds, 12),
      '        ', // the checksum, counted as spaces
      e.dir ? '5' : '0',
      field('', 100),
      'ustar\u000000',
      field('', 32),
      field('', 32),
      octal(0, 8),
      octal(0, 8),
      field('', 155),
    ].join('');
    const block = header.padEnd(512, '\0');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += block.charCodeAt(i);
    const check = sum.toString(8).padStart(6, '0') + '\0 ';
    out += block.slice(0, 148) + check + block.slice(156);
    out += body.padEnd(Math.ceil(body.length / 512) * 512, '\0');
  }
  return out + '\0'.repeat(1024);
}

/**
 * Read a tar stream's bytes (one character per byte) back into entries: what
 * `docker cp - CONTAINER:DIR` sends from stdin; or the error Go's
 * archive/tar reader gives (a cut block is io.ErrUnexpectedEOF, a block
 * whose checksum does not add up is ErrHeader). An empty stream is an empty
 * archive.
 */
export function parseTar(bytes: string): { entries: TarEntry[] } | { error: string } {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 512 > bytes.length) return { error: 'unexpected EOF' };
    const block = bytes.slice(at, at + 512);
    if (/^\0*$/.test(block)) return { entries };
    const str = (from: number, width: number) =>
      block.slice(from, from + width).replace(/\0.*$/s, '');
    const num = (from: number, width: number) => parseInt(str(from, width).trim() || '0', 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block.charCodeAt(i);
    if (sum !== num(148, 8)) return { error: 'archive/tar: invalid tar header' };
    const size = num(124, 12);
    const type = block[156];
    const name = utf8(str(0, 100));
    if (at + 512 + size > bytes.length) return { error: 'unexpected EOF' };
    const content = bytes.slice(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === '5') entries.push({ name, content: '', mode: num(100, 8), dir: true });
    else entries.push({ name, content: utf8(content), mode: num(100, 8) });
  }
  return { entries };
}

/** UTF-8 text as one character per byte. */
function latin1(text: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

/** One character per byte back to text. */
function utf8(bytes: string): string {
  return new TextDecoder().decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0) & 0xff));
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
  | {
      ok: false;
      error: 'missing' | 'not-simulated' | 'not-dir' | 'read-only' | 'overwrite';
      detail?: string;
    };

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
    if (!fs.madeHere(p))
      return {
        ok: false,
        error: 'not-simulated',
        detail: `DockScope: ${p} is the image's directory, and DockScope does not hold all that is in it; it copies directories the container made and those of volumes, bind mounts and tmpfs`,
      };
    // SplitPathDirEntry: `DIR/.` is the directory's content, named from `.`.
    const base = /(^|\/)\.\/?$/.test(path) ? '.' : name;
    const entries: TarEntry[] = [];
    const walk = (dir: string, as: string): ArchiveResult | undefined => {
      entries.push({ name: `${as}/`, content: '', mode: 0o755, dir: true });
      for (const n of fs.list(dir)) {
        const full = dir === '/' ? `/${n}` : `${dir}/${n}`;
        if (fs.isDirectory(full)) {
          const failed = walk(full, `${as}/${n}`);
          if (failed) return failed;
          continue;
        }
        const r = fs.read(full);
        if ('error' in r)
          return {
            ok: false,
            error: 'not-simulated',
            detail: `DockScope: ${full} is in the image, but DockScope does not hold its content`,
          };
        entries.push({ name: `${as}/${n}`, content: r.text, mode: 0o644 });
      }
      return undefined;
    };
    const failed = walk(p, base);
    return failed ?? { ok: true, stat, entries };
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
    if (target !== d && !target.startsWith(d === '/' ? '/' : `${d}/`))
      return { ok: false, error: 'not-simulated', detail: `"${e.name}" is outside of "${d}"` };
    if (fs.canWrite(target) === 'read-only')
      return { ok: false, error: 'read-only', detail: target };
    // createImpliedDirectories: the parents an entry needs are made.
    const missing: string[] = [];
    for (let q = parentDir(target); !fs.isDirectory(q) && q !== '/'; q = parentDir(q))
      missing.unshift(q);
    for (const q of missing) fs.mkdir(q);
    const isDir = fs.isDirectory(target);
    const exists = isDir || fs.exists(target);
    // NoOverwriteDirNonDir (docker cp sends it): neither kind replaces the other.
    if (exists && isDir && !e.dir)
      return {
        ok: false,
        error: 'overwrite',
        detail: `cannot overwrite directory "${target}" with non-directory "${d}"`,
      };
    if (exists && !isDir && e.dir)
      return {
        ok: false,
        error: 'overwrite',
        detail: `cannot overwrite non-directory "${target}" with directory "${d}"`,
      };
    if (e.dir) {
      if (!isDir) fs.mkdir(target);
    } else fs.write(target, e.content, false);
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
