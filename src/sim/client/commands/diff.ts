import type { CommandSpec } from '../command';
import { messageOf } from '../api';
import { containerArg } from './containers';
import { aboutContainer } from '../../trace/operations';

/** docker/cli's diff formatter: `{{.Type}} {{.Path}}`, the kind as one letter. */
const KIND = ['C', 'A', 'D'] as const;

/** `docker diff CONTAINER` (cli/command/container/diff.go): `GET /containers/{id}/changes`. */
export const diffCommand: CommandSpec = {
  help: 'diff',
  forms: ['container diff', 'diff'],
  args: { kind: 'exact', n: 1 },
  simulated: [],
  *execute(ctx) {
    if (ctx.args[0] === '') {
      ctx.err('Container name cannot be empty\n');
      return 1;
    }
    const name = yield* containerArg(ctx);
    if (name === undefined) return 1;
    const r = yield* ctx.api.request('GET', `/containers/${name}/changes`, {
      op: 'engine.containers.changes',
      subjects: aboutContainer(name),
      summary: `the CLI asks dockerd what ${name} changed in its filesystem`,
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const changes = (r.body as Array<{ Path: string; Kind: number }> | null) ?? [];
    ctx.out(changes.map((c) => `${KIND[c.Kind] ?? '?'} ${c.Path}\n`).join(''));
    return 0;
  },
};
