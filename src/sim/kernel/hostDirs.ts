/**
 * The host's own files that containers see through mounts: what is in a
 * volume's `_data`, in the source of a bind mount, in a tmpfs. Kept by
 * absolute path on the host, so every container that mounts the same
 * directory sees the same files, and they stay when a container goes. A
 * volume's files go only when the volume is removed (dockerd's unlink of its
 * directory); a tmpfs's when runc mounts a fresh one (the container's next start)
 * or when the container's root is unmounted (its mount namespace, and the tmpfs
 * memory with it, is gone once its processes are).
 *
 * On the learner's machine, the files the learner writes in the terminal
 * (`echo hi > /tmp/x`) are the same host's files: a bind mount of /tmp shows
 * them, and what a container writes there the terminal's `cat` reads.
 *
 * DockScope's host has only the directories below (a stated simplification),
 * the ones dockerd made, and those that hold a file; it keeps text only.
 */
export const HOST_DIRECTORIES: ReadonlySet<string> = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/home/learner',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/local',
  '/var',
  '/var/lib',
  '/var/log',
  '/var/run',
]);

/** Where a tmpfs a container mounts keeps its files (memory, not a host directory). */
export const tmpfsRoot = (containerId: string, destination: string) =>
  `tmpfs:${containerId}${destination}`;

export class HostDirs {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>();
  /**
   * The same paths by tree: the host's own (`''`) and each tmpfs (`tmpfs:<id>`), so
   * a container's start and removal look at its own tmpfs paths, not at every live
   * container's.
   */
  private readonly filesIn = new Map<string, Set<string>>();
  private readonly dirsIn = new Map<string, Set<string>>();
  /** The learner's own files (the terminal's `>`), on the learner's machine only. */
  private learner: Map<string, string> | undefined;
  /** Symbolic links (overlay2's `l/<short name>` → `../<id>/diff`): path → target as written. */
  private readonly links = new Map<string, string>();
  /** Directories a layer's tar was extracted into (overlay2's `<cache-id>/diff`) → its chain ID. */
  private readonly extracted = new Map<string, string>();

  /** symlink(2): `path` now points at `target` (relative to the link's directory). */
  symlink(path: string, target: string): void {
    this.links.set(path, target);
  }

  /** readlink(2), or undefined when `path` is no link. */
  readlink(path: string): string | undefined {
    return this.links.get(path);
  }

  /** A layer's tar was unpacked into `dir`: what it holds is that layer's files. */
  layerExtracted(dir: string, chainId: string): void {
    this.extracted.set(dir, chainId);
  }

  /** The layer whose files `dir` holds (overlay2 resolves its short links first). */
  layerIn(dir: string): string | undefined {
    const target = this.links.get(dir);
    if (target === undefined) return this.extracted.get(dir);
    const base = dir.slice(0, dir.lastIndexOf('/'));
    const parts = `${base}/${target}`.split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '..') out.pop();
      else if (part !== '.' && part !== '') out.push(part);
    }
    return this.extracted.get(`/${out.join('/')}`);
  }

  /** Directories the learner's machine made (`docker cp` of a directory). */
  private learnerDirs: ReadonlySet<string> | undefined;

  /** The learner's machine: its terminal's files are this host's files. */
  linkLearnerFiles(files: Map<string, string>, dirs?: ReadonlySet<string>): void {
    this.learner = files;
    this.learnerDirs = dirs;
  }

  /** mkdir -p: the directory and its parents. */
  mkdirAll(path: string): void {
    // A tmpfs's root (`tmpfs:<id>/dev`) has no parent above `tmpfs:<id>`: stop at the last slash.
    for (let p = path; p !== '' && p !== '/';) {
      this.mkdir(p);
      const slash = p.lastIndexOf('/');
      if (slash === -1) break;
      p = p.slice(0, slash);
    }
  }

  mkdir(path: string): void {
    this.dirs.add(path);
    bucket(this.dirsIn, treeOf(path)).add(path);
  }

  /** os.RemoveAll: the directory and everything under it. */
  removeAll(dir: string): void {
    const under = (p: string) => p === dir || p.startsWith(`${dir}/`);
    const tree = treeOf(dir);
    const files = this.filesIn.get(tree);
    if (files)
      for (const f of [...files])
        if (under(f)) {
          files.delete(f);
          this.files.delete(f);
        }
    const dirs = this.dirsIn.get(tree);
    if (dirs)
      for (const d of [...dirs])
        if (under(d)) {
          dirs.delete(d);
          this.dirs.delete(d);
        }
    if (tree !== '') {
      if (files?.size === 0) this.filesIn.delete(tree);
      if (dirs?.size === 0) this.dirsIn.delete(tree);
    }
    if (this.learner && tree === '')
      for (const f of [...this.learner.keys()]) if (under(f)) this.learner.delete(f);
    if (tree === '') {
      for (const l of [...this.links.keys()]) if (under(l)) this.links.delete(l);
      for (const d of [...this.extracted.keys()]) if (under(d)) this.extracted.delete(d);
    }
  }

  read(path: string): string | undefined {
    return this.files.get(path) ?? this.learner?.get(path);
  }

  write(path: string, text: string): void {
    if (this.learner && isLearnerPath(path)) this.learner.set(path, text);
    else {
      this.files.set(path, text);
      bucket(this.filesIn, treeOf(path)).add(path);
    }
  }

  remove(path: string): void {
    this.files.delete(path);
    this.filesIn.get(treeOf(path))?.delete(path);
    this.learner?.delete(path);
  }

  isDirectory(path: string): boolean {
    if (HOST_DIRECTORIES.has(path) || this.dirs.has(path) || this.learnerDirs?.has(path))
      return true;
    const prefix = `${path}/`;
    const tree = treeOf(path);
    for (const f of this.filesIn.get(tree) ?? []) if (f.startsWith(prefix)) return true;
    if (this.learner && tree === '')
      for (const f of this.learner.keys()) if (f.startsWith(prefix)) return true;
    return false;
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined || this.isDirectory(path);
  }

  /** directory.Size: the bytes of the files under a directory (text as UTF-8). */
  sizeUnder(dir: string): number {
    const enc = new TextEncoder();
    let size = 0;
    for (const f of this.filesIn.get(treeOf(dir)) ?? [])
      if (f.startsWith(`${dir}/`)) size += enc.encode(this.files.get(f)!).length;
    return size;
  }

  /** The names directly in a directory. */
  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    const add = (p: string) => {
      if (!p.startsWith(prefix) || p === dir) return;
      const name = p.slice(prefix.length).split('/')[0];
      if (name) names.add(name);
    };
    const tree = treeOf(dir);
    for (const f of this.filesIn.get(tree) ?? []) add(f);
    for (const d of this.dirsIn.get(tree) ?? []) add(d);
    if (tree === '') {
      if (this.learner) for (const f of this.learner.keys()) add(f);
      for (const d of this.learnerDirs ?? []) add(d);
      for (const d of HOST_DIRECTORIES) add(d);
      for (const l of this.links.keys()) add(l);
    }
    return [...names].sort();
  }
}

/** Which tree a path is in: a tmpfs's (`tmpfs:<id>`, up to its first slash) or the host's (''). */
function treeOf(path: string): string {
  if (!path.startsWith('tmpfs:')) return '';
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}

function bucket(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

/** The learner's home and /tmp: the terminal's files live there. */
function isLearnerPath(path: string): boolean {
  return path.startsWith('/home/learner/') || path.startsWith('/tmp/');
}
