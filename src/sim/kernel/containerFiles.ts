import { normalizePath, parentDir } from '../shell/paths';
import type { Host } from '../host';
import { contextOf } from '../core/actors';
import type { ContainerdState } from '../containerd/containerdMachine';
import type { RootfsFamily } from './builtins';
import { directoriesOf, nonExecutableAt } from './rootfsPaths';
import { bindMountedFile } from './etcFiles';

/**
 * What programs in containers have written: per container, the files of its
 * read-write snapshot (the overlay's upperdir). A file lives as long as the
 * snapshot does: `docker stop`/`start` keep it, `docker rm` removes the
 * snapshot and the file with it. `null` marks a deleted file (a whiteout).
 */
export class RwLayers {
  private layers = new Map<string, Map<string, string | null>>();
  private dirs = new Map<string, Set<string>>();

  /** The layer of a container, or undefined once its snapshot is gone. */
  of(host: Host, containerId: string): { files: Map<string, string | null>; dirs: Set<string> } {
    const snapshots = contextOf<ContainerdState>(host.containerd).snapshots;
    if (!snapshots[containerId]) {
      // No snapshot (removed, or a container not yet prepared): nothing kept.
      this.layers.delete(containerId);
      this.dirs.delete(containerId);
      return { files: new Map(), dirs: new Set() };
    }
    let files = this.layers.get(containerId);
    if (!files) this.layers.set(containerId, (files = new Map()));
    let dirs = this.dirs.get(containerId);
    if (!dirs) this.dirs.set(containerId, (dirs = new Set()));
    return { files, dirs };
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

  private get layer() {
    return this.host.rwLayers.of(this.host, this.containerId);
  }

  isDirectory(path: string): boolean {
    const p = this.abs(path);
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
    const own = this.layer.files.get(p);
    if (own === null) return { error: 'missing' };
    if (own !== undefined) return { text: own };
    if (this.isDirectory(p)) return { error: 'directory' };
    const bound = bindMountedFile(this.host, this.containerId, p);
    if (bound !== undefined) return { text: bound };
    const known = this.imageFiles[p];
    if (known !== undefined) return { text: known };
    if (nonExecutableAt(this.family, p) === 'file') return { error: 'unknown-content' };
    return { error: 'missing' };
  }

  exists(path: string): boolean {
    const r = this.read(path);
    return !('error' in r) || r.error !== 'missing';
  }

  /** Open for writing: an error when the directory is missing or the path is a directory. */
  canWrite(path: string): 'ok' | 'no-directory' | 'is-directory' {
    const p = this.abs(path);
    if (p === '/dev/null') return 'ok';
    if (this.isDirectory(p)) return 'is-directory';
    return this.isDirectory(parentDir(p)) ? 'ok' : 'no-directory';
  }

  write(path: string, text: string, append: boolean): void {
    const p = this.abs(path);
    if (p === '/dev/null') return;
    const before = append ? this.read(p) : undefined;
    const old = before && 'text' in before ? before.text : '';
    this.layer.files.set(p, old + text);
  }

  /** Whether the container made this directory itself (`mkdir`): all its content is known. */
  madeHere(path: string): boolean {
    return this.layer.dirs.has(this.abs(path));
  }

  /** Whether this file is one the container wrote. */
  writtenHere(path: string): boolean {
    return typeof this.layer.files.get(this.abs(path)) === 'string';
  }

  mkdir(path: string): void {
    this.layer.dirs.add(this.abs(path));
  }

  remove(path: string): void {
    this.layer.files.set(this.abs(path), null);
  }

  /** The names in a directory: the image's, plus what was written there. */
  list(path: string): string[] {
    const p = this.abs(path);
    const prefix = p === '/' ? '/' : `${p}/`;
    const names = new Set<string>();
    const add = (full: string) => {
      if (!full.startsWith(prefix) || full === p) return;
      const name = full.slice(prefix.length).split('/')[0];
      if (name) names.add(name);
    };
    for (const d of directoriesOf(this.family)) add(d);
    for (const f of Object.keys(this.imageFiles)) add(f);
    for (const f of ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf']) add(f);
    for (const d of this.layer.dirs) add(d);
    for (const [f, text] of this.layer.files) {
      if (text === null) names.delete(f.slice(prefix.length));
      else add(f);
    }
    return [...names].sort();
  }
}
