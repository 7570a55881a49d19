/**
 * `docker pause`, `docker unpause` and `docker wait` (docker/cli 28.2.2
 * cli/command/container/pause.go, unpause.go, wait.go): one request per
 * container named. pause/unpause print each name that worked; wait blocks
 * until each container in turn is not running and prints its exit code.
 * Failures are joined and printed at the end (Go's errors.Join), exit 1.
 */
import type { CommandContext, CommandSpec } from '../command';
import type { Reply } from '../../core/network';
import type { Task } from '../../core/scheduler';
import { CliFailure, messageOf, readChunk } from '../api';
import { aboutContainer } from '../../trace/operations';
import { clientId } from './containers';

function* eachName(
  ctx: CommandContext,
  one: (name: string) => Task<string | undefined>,
): Task<number> {
  const errors: string[] = [];
  for (const given of ctx.args) {
    const id = clientId(given);
    if (!id.ok) {
      yield* ctx.api.ping();
      errors.push(id.error);
      continue;
    }
    try {
      const err = yield* one(id.id);
      if (err !== undefined) errors.push(err);
    } catch (e) {
      if (!(e instanceof CliFailure)) throw e;
      errors.push(e.text);
    }
  }
  if (errors.length > 0) ctx.err(`${errors.join('\n')}\n`);
  return errors.length > 0 ? 1 : 0;
}

function freezeCommand(verb: 'pause' | 'unpause'): CommandSpec {
  return {
    help: verb,
    forms: [`container ${verb}`, verb],
    args: { kind: 'min', n: 1 },
    simulated: [],
    *execute(ctx) {
      return yield* eachName(ctx, function* (name) {
        const r: Reply = yield* ctx.api.request('POST', `/containers/${name}/${verb}`, {
          op: `engine.containers.${verb}`,
          subjects: aboutContainer(name),
          summary:
            verb === 'pause'
              ? `the CLI asks dockerd to pause ${name}: freeze its processes`
              : `the CLI asks dockerd to unpause ${name}: thaw its processes`,
        });
        if (r.status === 204) {
          ctx.out(`${name}\n`);
          return undefined;
        }
        return `Error response from daemon: ${messageOf(r)}`;
      });
    },
  };
}

export const pauseCommand = freezeCommand('pause');
export const unpauseCommand = freezeCommand('unpause');

export const waitCommand: CommandSpec = {
  help: 'wait',
  forms: ['container wait', 'wait'],
  args: { kind: 'min', n: 1 },
  simulated: [],
  *execute(ctx) {
    return yield* eachName(ctx, function* (name) {
      // No condition: dockerd's default, not-running (a restarting or paused container is running).
      const r = yield* ctx.api.request('POST', `/containers/${name}/wait`, {
        op: 'engine.containers.wait',
        subjects: aboutContainer(name),
        summary: `the CLI asks dockerd to answer when ${name} is not running`,
      });
      if (r.status !== 200 || !r.stream) return `Error response from daemon: ${messageOf(r)}`;
      const chunk = yield* readChunk(r.stream);
      const code = (chunk?.data as { StatusCode?: number } | undefined)?.StatusCode ?? 0;
      ctx.out(`${code}\n`);
      return undefined;
    });
  },
};

/** life: the commands of this file, for the command table. */
export const LIFECYCLE_COMMANDS = [pauseCommand, unpauseCommand, waitCommand];
