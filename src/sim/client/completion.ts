import type { HostView } from '../engine';
import { ALL_FORMS, lookupCommand } from './commandTable';
import { flagsOf } from './help';
import { CATALOG_IMAGE_NAMES } from '../registry/catalog';
const IMAGE_COMMANDS = new Set([
  'run',
  'create',
  'pull',
  'rmi',
  'image rm',
  'image pull',
  'container run',
  'container create',
  'images',
  'image ls',
]);

/**
 * Tab completion for the terminal: candidates for the last word of `line`:
 * commands, then flags of that command, then image or container names.
 */
export function completeLine(line: string, view: HostView): string[] {
  // Only the command being typed counts: the part after the last `;`, `&&`, `||`, `|` or `$(`.
  const command = line
    .split(/&&|\|\||;|\||\$\(|`/)
    .at(-1)!
    .replace(/^\s+/, '');
  const words = command.split(/\s+/);
  const current = words.pop() ?? '';
  if (words.length === 0) return 'docker'.startsWith(current) ? ['docker'] : [];
  if (words[0] !== 'docker') return [];
  const rest = words.slice(1);
  const found = lookupCommand(rest);
  if (!found) {
    const prefix = rest.join(' ');
    const next = ALL_FORMS.filter((f) =>
      prefix
        ? f.startsWith(`${prefix} `)
        : !f.includes(' ') || f.startsWith('container ') || f.startsWith('image '),
    )
      .map((f) => f.slice(prefix ? prefix.length + 1 : 0).split(' ')[0]!)
      .filter((w) => w.startsWith(current));
    return [...new Set(next)].sort();
  }
  if (current.startsWith('-')) {
    return flagsOf(found.spec.help)
      .map((f) => `--${f.long}`)
      .filter((f) => f.startsWith(current));
  }
  const typed = rest.slice(0, found.used).join(' ');
  const pool = IMAGE_COMMANDS.has(typed)
    ? [
        ...new Set([
          ...view.images.flatMap((i) => i.tags.map((t) => t.replace(/:latest$/, ''))),
          ...CATALOG_IMAGE_NAMES,
        ]),
      ]
    : view.containers.map((c) => c.name);
  return pool.filter((n) => n.startsWith(current)).sort();
}
