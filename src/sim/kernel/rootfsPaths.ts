import type { RootfsFamily } from './builtins';

/**
 * Paths that exist in a container's root filesystem but cannot be executed:
 * what `docker run IMAGE /etc/passwd` or `docker run IMAGE /etc` trips over.
 * Data, by image family. Every container has the files Docker bind-mounts
 * (`/etc/hosts`, `/etc/hostname`, `/etc/resolv.conf`) and the mount points of
 * its OCI spec (`/proc`, `/dev`, `/sys`), even one built `FROM scratch`.
 */
const EVERY_CONTAINER = {
  directories: ['/', '/dev', '/etc', '/proc', '/sys'],
  files: ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf'],
};

const LINUX_DISTRIBUTION = {
  directories: [
    '/bin',
    '/home',
    '/lib',
    '/media',
    '/mnt',
    '/opt',
    '/root',
    '/run',
    '/sbin',
    '/srv',
    '/tmp',
    '/usr',
    '/usr/bin',
    '/usr/lib',
    '/usr/local',
    '/usr/local/bin',
    '/usr/sbin',
    '/var',
    '/var/log',
  ],
  files: ['/etc/group', '/etc/os-release', '/etc/passwd', '/etc/shadow'],
};

export type NonExecutable = 'directory' | 'file';

/** Whether `path` (absolute) names a directory or a non-executable file in the image. */
export function nonExecutableAt(family: RootfsFamily, path: string): NonExecutable | undefined {
  // Trailing slashes dropped by walking back: `/\/+$/` is quadratic on a long run of them.
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  const clean = path.slice(0, end);
  const sets = family === 'scratch' ? [EVERY_CONTAINER] : [EVERY_CONTAINER, LINUX_DISTRIBUTION];
  for (const s of sets) {
    if (s.directories.includes(clean)) return 'directory';
    if (s.files.includes(clean)) return 'file';
  }
  return undefined;
}

/** Every directory DockScope knows in a container of this family (mount points included). */
export function directoriesOf(family: RootfsFamily): readonly string[] {
  if (family === 'scratch') return EVERY_CONTAINER.directories;
  const extra = family === 'debian' ? ['/boot', '/lib64'] : [];
  return [...EVERY_CONTAINER.directories, ...LINUX_DISTRIBUTION.directories, ...extra];
}
