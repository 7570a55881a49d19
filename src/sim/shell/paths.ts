/**
 * Path arithmetic as a shell sees it, without touching any filesystem: `..` and `.` are
 * resolved lexically (no symlinks are modelled). Shared by the page's shell (the learner's
 * machine) and the shells inside containers.
 *
 * @example normalizePath('../etc//hosts', '/tmp') // '/etc/hosts'
 */
export function normalizePath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const parts: string[] = [];
  for (const p of abs.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

/** The directory a path is in (`/` for `/x`). */
export const parentDir = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';
