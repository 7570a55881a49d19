import helpData from './data/help.json';
// The volume commands' and `docker diff`'s help, captured from the real CLI 28.2.2 (vol).
import volumeHelp from './data/volumeHelp.json';
// ── obs: port, top, events and cp, captured from the real CLI 28.2.2's --help ──
import observeHelp from './data/observeHelp.json';
// tag, login, logout and push, captured from the real CLI 28.2.2's --help (COLUMNS=80).
import registryHelp from './data/registryHelp.json';
import { flagsFromHelp, type FlagSpec } from './flags';

/** The real CLI's help texts, by command path (`''` for `docker` itself, `container ls`…). */
export const HELP = { ...helpData, ...volumeHelp, ...observeHelp, ...registryHelp } as Record<
  string,
  string
>;

const flagCache = new Map<string, FlagSpec[]>();

/** The flags a command's help text lists, read once per command. */
export function flagsOf(helpKey: string): FlagSpec[] {
  let specs = flagCache.get(helpKey);
  if (!specs) flagCache.set(helpKey, (specs = flagsFromHelp(HELP[helpKey] ?? '')));
  return specs;
}
