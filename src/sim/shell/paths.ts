import { cleanPath } from '../core/urlPath';

/**
 * Path arithmetic as a shell sees it, without touching any filesystem: `..` and `.` are
 * resolved lexically (no symlinks are modelled), as Go's path.Clean does. Shared by the
 * page's shell (the learner's machine) and the shells inside containers.
 *
 * @example normalizePath('../etc//hosts', '/tmp') // '/etc/hosts'
 */
export function normalizePath(path: string, cwd = '/'): string {
  return cleanPath(path.startsWith('/') ? path : `${cwd}/${path}`);
}

/** The directory a path is in (`/` for `/x`). */
export const parentDir = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';
