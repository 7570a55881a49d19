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
  /** The learner's own files (the terminal's `>`), on the learner's machine only. */
  private learner: Map<string, string> | undefined;

  /** The learner's machine: its terminal's files are this host's files. */
  linkLearnerFiles(files: Map<string, string>): void {
    this.learner = files;
  }

  /** mkdir -p: the directory and its parents. */
  mkdirAll(path: string): void {
    // A tmpfs's root (`tmpfs:<id>/dev`) has no parent above `tmpfs:<id>`: stop at the last slash.
    for (let p = path; p !== '' && p !== '/';) {
      this.dirs.add(p);
      const slash = p.lastIndexOf('/');
      if (slash === -1) break;
      p = p.slice(0, slash);
    }
  }

  mkdir(path: string): void {
    this.dirs.add(path);
  }

  /** os.RemoveAll: the directory and everything under it. */
  removeAll(dir: string): void {
    const under = (p: string) => p === dir || p.startsWith(`${dir}/`);
    for (const f of [...this.files.keys()]) if (under(f)) this.files.delete(f);
    for (const d of [...this.dirs]) if (under(d)) this.dirs.delete(d);
    if (this.learner)
      for (const f of [...this.learner.keys()]) if (under(f)) this.learner.delete(f);
  }

  read(path: string): string | undefined {
    return this.files.get(path) ?? this.learner?.get(path);
  }

  write(path: string, text: string): void {
    if (this.learner && isLearnerPath(path)) this.learner.set(path, text);
    else this.files.set(path, text);
  }

  remove(path: string): void {
    this.files.delete(path);
    this.learner?.delete(path);
  }

  isDirectory(path: string): boolean {
    if (HOST_DIRECTORIES.has(path) || this.dirs.has(path)) return true;
    const prefix = `${path}/`;
    for (const f of this.files.keys()) if (f.startsWith(prefix)) return true;
    if (this.learner) for (const f of this.learner.keys()) if (f.startsWith(prefix)) return true;
    return false;
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined || this.isDirectory(path);
  }

  /** directory.Size: the bytes of the files under a directory (text as UTF-8). */
  sizeUnder(dir: string): number {
    const enc = new TextEncoder();
    let size = 0;
    for (const [f, text] of this.files)
      if (f.startsWith(`${dir}/`)) size += enc.encode(text).length;
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
    for (const f of this.files.keys()) add(f);
    for (const d of this.dirs) add(d);
    if (this.learner) for (const f of this.learner.keys()) add(f);
    for (const d of HOST_DIRECTORIES) add(d);
    return [...names].sort();
  }
}

/** The learner's home and /tmp: the terminal's files live there. */
function isLearnerPath(path: string): boolean {
  return path.startsWith('/home/learner/') || path.startsWith('/tmp/');
}
