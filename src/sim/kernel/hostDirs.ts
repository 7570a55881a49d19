/**
 * Directories on the host that containers see through mounts: a volume's
 * `_data`, the source of a bind mount, a tmpfs. Each is a tree of files kept
 * by its root path, with paths inside it relative to the root (`/f`,
 * `/sub/g`): whatever container mounts the root sees the same files, and
 * they stay when the container goes. A volume's tree goes only when the
 * volume is removed (dockerd's unlink of its directory); a tmpfs's when the
 * container's mount namespace does.
 */
export interface DirTree {
  /** Files by path inside the tree; text only (DockScope keeps no binary content). */
  files: Map<string, string>;
  /** Directories made inside the tree (`mkdir`), by path inside it. */
  dirs: Set<string>;
}

export class HostDirs {
  private readonly trees = new Map<string, DirTree>();

  /** mkdir -p of a root: an empty tree, or the one already there. */
  create(root: string): DirTree {
    let t = this.trees.get(root);
    if (!t) this.trees.set(root, (t = { files: new Map(), dirs: new Set() }));
    return t;
  }

  of(root: string): DirTree | undefined {
    return this.trees.get(root);
  }

  has(root: string): boolean {
    return this.trees.has(root);
  }

  /** os.RemoveAll(dir): every tree at or under it goes. */
  removeUnder(dir: string): void {
    for (const root of [...this.trees.keys()])
      if (root === dir || root.startsWith(`${dir}/`)) this.trees.delete(root);
  }

  /** Whether a path is a directory the host has: a tree's root, or a directory inside one. */
  isDirectory(path: string): boolean {
    if (this.trees.has(path)) return true;
    for (const [root, t] of this.trees) {
      if (!path.startsWith(`${root}/`)) continue;
      const rel = path.slice(root.length);
      if (t.dirs.has(rel)) return true;
      for (const f of t.files.keys()) if (f.startsWith(`${rel}/`)) return true;
    }
    return false;
  }
}
