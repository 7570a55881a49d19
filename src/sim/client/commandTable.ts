import type { CommandSpec } from './command';
import { infoCommand, versionCommand } from './commands/system';
import { imagesCommand, pullCommand, rmiCommand } from './commands/images';
import { createCommand, runCommand } from './commands/run';
import { CONTEXT_COMMANDS } from './commands/context';
import { VOLUME_COMMANDS } from './commands/volumes';
import { diffCommand } from './commands/diff';
import { containerInspectCommand, imageInspectCommand, inspectCommand } from './commands/inspect';
import {
  containerPruneCommand,
  imagePruneCommand,
  renameCommand,
  systemDfCommand,
} from './commands/housekeeping';
import { NETWORK_COMMANDS } from './commands/network';
import { execCommand } from './commands/exec';
import { attachCommand } from './commands/attach';
// ── obs: port, top, events, cp ──
import { portCommand } from './commands/port';
import { topCommand } from './commands/top';
import { eventsCommand } from './commands/events';
import { cpCommand } from './commands/cp';
import { statsCommand, updateCommand } from './commands/resources';
import {
  killCommand,
  logsCommand,
  psCommand,
  restartCommand,
  rmCommand,
  startCommand,
  stopCommand,
} from './commands/containers';
import { LIFECYCLE_COMMANDS } from './commands/lifecycle';
import { tagCommand } from './commands/tag';
import { loginCommand, logoutCommand } from './commands/login';
import { pushCommand } from './commands/push';

/** Every command DockScope carries out. */
export const COMMANDS: CommandSpec[] = [
  versionCommand,
  infoCommand,
  pullCommand,
  imagesCommand,
  rmiCommand,
  runCommand,
  createCommand,
  psCommand,
  stopCommand,
  startCommand,
  restartCommand,
  killCommand,
  rmCommand,
  logsCommand,
  execCommand,
  attachCommand,
  ...CONTEXT_COMMANDS,
  ...VOLUME_COMMANDS,
  diffCommand,
  inspectCommand,
  containerInspectCommand,
  imageInspectCommand,
  renameCommand,
  containerPruneCommand,
  imagePruneCommand,
  systemDfCommand,
  ...NETWORK_COMMANDS,
  // ── life: pause, unpause, wait ──
  ...LIFECYCLE_COMMANDS,
  // ── obs ──
  portCommand,
  topCommand,
  eventsCommand,
  cpCommand,
  // ── res ──
  updateCommand,
  statsCommand,
  tagCommand,
  loginCommand,
  logoutCommand,
  pushCommand,
];

/** Management commands: `docker container …`, `docker image …`, `docker system …`. */
export const MANAGEMENT = [
  'builder',
  'container',
  'context',
  'image',
  'manifest',
  'network',
  'plugin',
  'system',
  'trust',
  'volume',
  'swarm',
  'compose',
  'buildx',
];

/**
 * Real docker commands DockScope does not simulate yet (from the real
 * `docker --help`); they get one clear line instead of "unknown command".
 */
export const REAL_COMMANDS = new Set([
  'build',
  'search',
  'commit',
  'export',
  'history',
  'import',
  'load',
  'save',
  'checkpoint',
  'config',
  'node',
  'secret',
  'service',
  'stack',
  'container commit',
  'container export',
  'image build',
  'image history',
  'image import',
  'image load',
  'image save',
  'system prune',
  'volume update',
  'builder build',
  'builder prune',
  'context export',
  'context import',
]);

const byForm = new Map<string, CommandSpec>();
for (const c of COMMANDS) for (const f of c.forms) byForm.set(f, c);

/** Find the command a word list starts with: `['container','ls','-a']` → ps, 2 words. */
export function lookupCommand(
  words: readonly string[],
): { spec: CommandSpec; used: number } | undefined {
  const two = words.slice(0, 2).join(' ');
  const spec2 = byForm.get(two);
  if (spec2 && words.length >= 2) return { spec: spec2, used: 2 };
  const spec1 = byForm.get(words[0] ?? '');
  if (spec1) return { spec: spec1, used: 1 };
  return undefined;
}

/** All typed forms, for Tab completion. */
export const ALL_FORMS = [...byForm.keys()];
