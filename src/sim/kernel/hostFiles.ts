/**
 * The host's files that components hand each other through the kernel: the
 * OCI bundle's config.json containerd writes for runc, the hostname, hosts
 * and resolv.conf dockerd writes for each container. Every change comes in a
 * write or unlink message to the kernel; programs read them here, as read(2)
 * of a local file would. Kept by directory, so removing one container's
 * directory costs the same however many containers the host has.
 *
 * A file holds text, or for config.json the parsed spec: DockScope keeps the
 * object rather than its JSON bytes (the same content, read without parsing).
 */
export class HostFiles {
  private readonly dirs = new Map<string, Map<string, unknown>>();

  write(path: string, content: unknown): void {
    const [dir, name] = split(path);
    let files = this.dirs.get(dir);
    if (!files) this.dirs.set(dir, (files = new Map()));
    files.set(name, content);
  }

  /** Append text to a file (a new file if there is none). */
  append(path: string, text: string): void {
    const before = this.read(path);
    this.write(path, (typeof before === 'string' ? before : '') + text);
  }

  read(path: string): unknown {
    const [dir, name] = split(path);
    return this.dirs.get(dir)?.get(name);
  }

  /** The names of the files directly in `dir` (the host view's `ls`). */
  list(dir: string): string[] {
    return [...(this.dirs.get(dir)?.keys() ?? [])].sort();
  }

  /** The directories directly under `dir` that hold files (a container's directory under `containers`). */
  subdirs(dir: string): string[] {
    const prefix = `${dir}/`;
    const names = new Set<string>();
    for (const d of this.dirs.keys())
      if (d.startsWith(prefix)) names.add(d.slice(prefix.length).split('/')[0]!);
    return [...names].sort();
  }

  /** `os.RemoveAll(dir)` of a directory that holds files only. */
  removeDir(dir: string): void {
    this.dirs.delete(dir);
  }
}

function split(path: string): [string, string] {
  const i = path.lastIndexOf('/');
  return [path.slice(0, i), path.slice(i + 1)];
}
