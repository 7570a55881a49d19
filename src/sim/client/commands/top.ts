/**
 * `docker top CONTAINER [ps OPTIONS]` (docker/cli v28.2.2
 * cli/command/container/top.go): everything after the container is ps's
 * options, joined by spaces into `ps_args`; the answer's titles and rows are
 * printed through a tabwriter (min width 20, padding 3).
 */
import type { CommandSpec } from '../command';
import { messageOf } from '../api';
import { containerArg } from './containers';
import { aboutContainer } from '../../trace/operations';
import { trimSpaces } from '../format';

/** tabwriter.NewWriter(out, 20, 1, 3, ' ', 0): every column but the last padded to max(20, widest + 3). */
function topTable(rows: readonly (readonly string[])[]): string {
  const len = (s: string) => [...s].length;
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++)
    widths[c] = Math.max(20, ...rows.filter((r) => c < r.length - 1).map((r) => len(r[c]!) + 3));
  return rows
    .map((r) =>
      trimSpaces(
        r
          .map((cell, c) => (c < r.length - 1 ? cell + ' '.repeat(widths[c]! - len(cell)) : cell))
          .join(''),
      ),
    )
    .map((l) => `${l}\n`)
    .join('');
}

export const topCommand: CommandSpec = {
  help: 'top',
  forms: ['container top', 'top'],
  args: { kind: 'min', n: 1 },
  // flags.SetInterspersed(false): `docker top web -o pid` gives -o to ps, not to docker.
  stopAtFirstArg: true,
  simulated: [],
  *execute(ctx) {
    const name = yield* containerArg(ctx);
    if (name === undefined) return 1;
    const psArgs = ctx.args.slice(1);
    const r = yield* ctx.api.request('GET', `/containers/${name}/top`, {
      op: 'engine.containers.top',
      subjects: aboutContainer(name),
      ...(psArgs.length > 0 ? { query: { ps_args: psArgs.join(' ') } } : {}),
      summary: `the CLI asks dockerd which processes run in ${name}`,
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const body = r.body as { Titles: string[]; Processes: string[][] | null };
    ctx.out(topTable([body.Titles, ...(body.Processes ?? [])]));
    return 0;
  },
};
