/**
 * `docker run/create --pull always|missing|never` (docker/cli v28.2.2
 * cli/command/container/create.go): `always` pulls before the create request,
 * `missing` (the default) pulls only when create answers "No such image",
 * `never` does not pull: the daemon's 404 is the error.
 */
import type { CommandContext } from '../command';
import { last, type FlagValues } from '../flags';

export type PullPolicy = 'always' | 'missing' | 'never';

/** validatePullOpt: the value, or the line `docker run` prints (with its usage hint, exit 125). */
export function pullPolicy(
  ctx: Pick<CommandContext, 'flags'>,
): { policy: PullPolicy } | { error: string } {
  const v = last(ctx.flags, 'pull') ?? 'missing';
  if (v === '' || v === 'missing') return { policy: 'missing' };
  if (v === 'always' || v === 'never') return { policy: v };
  return {
    error: `invalid pull option: '${v}': must be one of "always", "missing" or "never"`,
  };
}

/** runRun/runCreate check the value before anything connects: `docker: …`, the usage hint, exit 125. */
export function pullPrecheck(flags: FlagValues, command: 'run' | 'create') {
  const p = pullPolicy({ flags });
  if (!('error' in p)) return undefined;
  return {
    // withHelp names the command itself, whatever form was typed.
    text: `docker: ${p.error}\n\nRun 'docker ${command} --help' for more information\n`,
    code: 125,
  };
}
