import { normalizePath, parentDir } from '../shell/paths';
import { rootReadonly } from './credentials';
import type { Host } from '../host';
import type { RootfsFamily } from './builtins';
import { directoriesOf, nonExecutableAt } from './rootfsPaths';
import type { MountEntry } from './mountNamespaces';
import { tmpfsRoot } from './hostDirs';

/** The spec's own bind mounts of files dockerd writes (etcFiles.ts): not directories of the host. */
const ETC_BINDS = new Set(['/etc/resolv.conf', '/etc/hostname', '/etc/hosts']);
/** The tmpfs mounts every container gets (ociSpec.ts KERNEL_MOUNTS). */
const KERNEL_TMPFS = new Set(['/dev', '/dev/shm']);

/** A volume, a bind mount of a host directory, or a `--tmpfs`: a mount of the container's own. */
export const isUserMount = (m: MountEntry) =>
  (m.type === 'bind' && !ETC_BINDS.has(m.destination)) ||
  (m.type === 'tmpfs' && !KERNEL_TMPFS.has(m.destination));

interface Layer {
  files: Map<string, string | null>;
  dirs: Set<string>;
  /**
   * A main program already ran on this layer: what its first run wrote (a data
   * directory, a rewritten config) is still here on a restart. DockScope keeps
   * that fact rather than those files.
   */
  started?: boolean;
}

/**
 * What programs in containers have written: the files of each writable
 * snapshot (the overlay's upperdir), by that directory. A file lives as long
 * as the snapshot does: `docker stop`/`start` mount the same upperdir again,
 * `docker rm` has containerd's snapshotter delete its directory (a message to
 * the kernel) and the files with it. `null` marks a deleted file (a whiteout).
 */
export class RwLayers {
  private layers = new Map<string, Layer>();

  /** The writable layer at an upperdir (empty until something is written). */
  of(upperdir: string): Layer {
    let layer = this.layers.get(upperdir);
    if (!layer) this.layers.set(upperdir, (layer = { files: new Map(), dirs: new Set() }));
    return layer;
  }

  /**
   * A snapshot's directory was removed: the writable layer in it (`<dir>/fs`, or
   * overlay2's `<dir>/diff`) goes with it.
   */
  removedUnder(dir: string): void {
    this.layers.delete(`${dir}/fs`);
    this.layers.delete(`${dir}/diff`);
  }
}

/** One file read: its text, or why it cannot be read. */
export type ReadResult =
  | { text: string }
  | { error: 'missing' | 'directory' }
  /** The file exists in the image, but DockScope does not hold its bytes. */
  | { error: 'unknown-content' };

/**
 * The root filesystem as a process in the container sees it: its own writes
 * first, then the files Docker bind-mounts (/etc/hosts, /etc/hostname,
 * /etc/resolv.conf), then the image's files DockScope knows.
 */
export class ContainerFs {
  constructor(
    private readonly host: Host,
    private readonly containerId: string,
    private readonly family: RootfsFamily,
    private readonly imageFiles: Readonly<Record<string, string>>,
    /** The working directory relative paths start from. */
    readonly cwd: () => string = () => '/',
  ) {}

  /** An absolute, clean path. */
  abs(path: string): string {
    return normalizePath(path, this.cwd());
  }

  private get layer(): Layer {
    const upperdir = this.host.namespaces.of(this.containerId)?.root?.upperdir;
    // No overlay root recorded: nothing written is kept.
    return upperdir ? this.host.rwLayers.of(upperdir) : { files: new Map(), dirs: new Set() };
  }

  /**
   * The host directory a path lies in when a mount covers it (the deepest
   * one): a volume's `_data`, a bind mount's source, a tmpfs. What is there
   * is the host's, not the container's writable layer.
   */
  private mounted(p: string): { host: string; readOnly: boolean } | undefined {
    let best: MountEntry | undefined;
    for (const m of this.host.namespaces.of(this.containerId)?.mounts ?? []) {
      if (!isUserMount(m)) continue;
      if (p !== m.destination && !p.startsWith(m.destination === '/' ? '/' : `${m.destination}/`))
        continue;
      if (!best || m.destination.length > best.destination.length) best = m;
    }
    if (!best) return undefined;
    const root =
      best.type === 'tmpfs' ? tmpfsRoot(this.containerId, best.destination) : (best.source ?? '');
    return {
      host: root + p.slice(best.destination.length),
      readOnly: !!best.options?.some((o) => o === 'ro' || o === 'rro'),
    };
  }

  isDirectory(path: string): boolean {
    const p = this.abs(path);
    const m = this.mounted(p);
    if (m) return this.host.dirs.isDirectory(m.host);
    if (this.layer.files.has(p)) return false;
    if (this.layer.dirs.has(p) || directoriesOf(this.family).includes(p)) return true;
    // A directory that holds a written file.
    for (const [f, text] of this.layer.files)
      if (text !== null && f.startsWith(`${p}/`)) return true;
    return false;
  }

  read(path: string): ReadResult {
    const p = this.abs(path);
    if (p === '/dev/null') return { text: '' };
    const m = this.mounted(p);
    if (m) {
      const text = this.host.dirs.read(m.host);
      if (text !== undefined) return { text };
      return this.host.dirs.isDirectory(m.host) ? { error: 'directory' } : { error: 'missing' };
    }
    const own = this.layer.files.get(p);
    if (own === null) return { error: 'missing' };
    if (own !== undefined) return { text: own };
    if (this.isDirectory(p)) return { error: 'directory' };
    const bound = this.boundFile(p);
    if (bound !== undefined) return { text: bound };
    const known = this.imageFiles[p];
    if (known !== undefined) return { text: known };
    if (nonExecutableAt(this.family, p) === 'file') return { error: 'unknown-content' };
    return { error: 'missing' };
  }

  /**
   * A file bind-mounted over the image's (dockerd's hostname, hosts and
   * resolv.conf): the mount runc made names its source on the host, and the
   * kernel holds what dockerd wrote there.
   */
  private boundFile(p: string): string | undefined {
    const ns = this.host.namespaces.of(this.containerId);
    const m = ns?.mounts.find((x) => x.type === 'bind' && x.destination === p);
    const text = m?.source === undefined ? undefined : this.host.files.read(m.source);
    return typeof text === 'string' ? text : undefined;
  }

  exists(path: string): boolean {
    const r = this.read(path);
    return !('error' in r) || r.error !== 'missing';
  }

  /** Open for writing: an error when the directory is missing or the path is a directory. */
  canWrite(path: string): 'ok' | 'no-directory' | 'is-directory' | 'read-only' | 'no-space' {
    const p = this.abs(path);
    if (p === '/dev/null') return 'ok';
    // ── sec: `--read-only`: the root (and Docker's own bind mounts) is read-only; /dev and /proc are not ──
    const m = this.mounted(p);
    if (m ? m.readOnly : rootReadonly(this.host, this.containerId) && !/^\/(dev|proc)\//.test(p))
      return 'read-only';
    if (this.isDirectory(p)) return 'is-directory';
    if (!this.isDirectory(parentDir(p))) return 'no-directory';
    return this.diskFull(p) ? 'no-space' : 'ok';
  }

  // ── fault: the learner's machine's disk is full (core/faults.ts) ──
  /**
   * Whether a file written at `p` finds the disk full: the writable layer and
   * volumes and bind mounts are all on the host's disk, a tmpfs mount is not.
   * Simplified: the open(2) itself fails with ENOSPC, as it does when the write
   * needs a copy-up or a new directory block; on a real full disk some files are
   * created and only the write(2) after fails.
   */
  private diskFull(p: string): boolean {
    if (this.host.name !== 'local' || !this.host.net.faults.has('disk-full')) return false;
    return !this.mounted(p)?.host.startsWith(tmpfsRoot(this.containerId, ''));
  }

  write(path: string, text: string, append: boolean): void {
    const p = this.abs(path);
    if (p === '/dev/null') return;
    const before = append ? this.read(p) : undefined;
    const old = before && 'text' in before ? before.text : '';
    const m = this.mounted(p);
    if (m) this.host.dirs.write(m.host, old + text);
    else this.layer.files.set(p, old + text);
  }

  /** Whether the container made this directory itself (`mkdir`): all its content is known. */
  madeHere(path: string): boolean {
    const p = this.abs(path);
    // A mounted directory's content is all known: it is the host's.
    if (this.mounted(p)) return this.isDirectory(p);
    return this.layer.dirs.has(p);
  }

  /** Whether this file is one the container wrote. */
  writtenHere(path: string): boolean {
    const p = this.abs(path);
    const m = this.mounted(p);
    if (m) return this.host.dirs.read(m.host) !== undefined;
    return typeof this.layer.files.get(p) === 'string';
  }

  mkdir(path: string): void {
    const p = this.abs(path);
    const m = this.mounted(p);
    if (m) this.host.dirs.mkdir(m.host);
    else this.layer.dirs.add(p);
  }

  remove(path: string): void {
    const p = this.abs(path);
    const m = this.mounted(p);
    if (m) this.host.dirs.remove(m.host);
    else this.layer.files.set(p, null);
  }

  /** The names in a directory: the image's, plus what was written there. */
  list(path: string): string[] {
    const p = this.abs(path);
    const prefix = p === '/' ? '/' : `${p}/`;
    const names = new Set<string>();
    const m = this.mounted(p);
    if (m) {
      for (const n of this.host.dirs.list(m.host)) names.add(n);
      for (const x of this.host.namespaces.of(this.containerId)?.mounts ?? [])
        if (isUserMount(x) && x.destination.startsWith(prefix))
          names.add(x.destination.slice(prefix.length).split('/')[0]!);
      return [...names].sort();
    }
    const add = (full: string) => {
      if (!full.startsWith(prefix) || full === p) return;
      const name = full.slice(prefix.length).split('/')[0];
      if (name) names.add(name);
    };
    for (const d of directoriesOf(this.family)) add(d);
    for (const f of Object.keys(this.imageFiles)) add(f);
    for (const x of this.host.namespaces.of(this.containerId)?.mounts ?? [])
      if (x.type === 'bind' || isUserMount(x)) add(x.destination);
    for (const d of this.layer.dirs) add(d);
    for (const [f, text] of this.layer.files) {
      if (text === null) names.delete(f.slice(prefix.length));
      else add(f);
    }
    return [...names].sort();
  }
}
