/**
 * `docker rename`, `docker container prune`, `docker image prune` and
 * `docker system df`, as docker/cli v28.2.2 runs them.
 */
import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import { wait } from '../../core/scheduler';
import { Signal } from '../../core/signal';
import { isOn, last } from '../flags';
import { messageOf } from '../api';
import { aboutContainer } from '../../trace/operations';
import { humanSize } from '../../dockerd/progress';
import { filtersJson } from './containers';
import { formatList, type ListFormatSpec } from '../listFormat';

/** docker/cli `rename`: blanks trimmed, both names required, the daemon's error then the CLI's. */
export const renameCommand: CommandSpec = {
  help: 'rename',
  forms: ['rename', 'container rename'],
  args: { kind: 'exact', n: 2 },
  simulated: [],
  *execute(ctx) {
    const oldName = ctx.args[0]!.trim();
    const newName = ctx.args[1]!.trim();
    if (oldName === '' || newName === '') {
      ctx.err('Error: Neither old nor new names may be empty\n');
      return 1;
    }
    const r = yield* ctx.api.request('POST', `/containers/${oldName}/rename`, {
      op: 'engine.containers.rename',
      subjects: aboutContainer(oldName),
      query: { name: newName },
      summary: `the CLI asks dockerd to rename ${oldName} to ${newName}`,
    });
    if (r.status !== 204) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      ctx.err(`Error: failed to rename container named ${oldName}\n`);
      return 1;
    }
    return 0;
  },
};

/**
 * docker/cli's prompt.Confirm: the question and ` [y/N] ` on stdout, one
 * line read from stdin; only `y` or `Y` (blanks trimmed) says yes, and the
 * end of input says no.
 */
function* confirm(ctx: CommandContext, question: string): Task<boolean> {
  ctx.out(`${question} [y/N] `);
  const answer = new Signal<string>();
  let typed = '';
  ctx.io.onStdin = (text) => {
    typed += text;
    const nl = typed.indexOf('\n');
    if (nl >= 0) answer.resolve(typed.slice(0, nl));
  };
  ctx.io.onStdinEnd = () => answer.resolve(typed);
  const line = yield* wait(answer);
  ctx.io.onStdin = ctx.io.onStdinEnd = undefined;
  return line.trim().toLowerCase() === 'y';
}

/** Both prunes: the warning unless -f, the request, the deleted list, the space reclaimed. */
function* prune(
  ctx: CommandContext,
  what: 'containers' | 'images',
  warning: string,
  extraFilters: string[],
): Task<number> {
  if (!isOn(ctx.flags, 'force') && !(yield* confirm(ctx, warning))) return 0; // cancelled: nothing more, exit 0
  const filters = filtersJson([...extraFilters, ...(ctx.flags.filter ?? [])]);
  const r = yield* ctx.api.request('POST', `/${what}/prune`, {
    op: what === 'containers' ? 'engine.containers.prune' : 'engine.images.prune',
    ...(filters ? { query: { filters } } : {}),
    summary:
      what === 'containers'
        ? 'the CLI asks dockerd to remove every stopped container'
        : 'the CLI asks dockerd to remove unused images',
  });
  if (r.status !== 200) {
    ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
    return 1;
  }
  let output = '';
  let reclaimed = 0;
  if (what === 'containers') {
    const body = r.body as { ContainersDeleted: string[] | null; SpaceReclaimed: number };
    if (body.ContainersDeleted?.length) {
      output = `Deleted Containers:\n${body.ContainersDeleted.map((id) => `${id}\n`).join('')}`;
      reclaimed = body.SpaceReclaimed;
    }
  } else {
    const body = r.body as {
      ImagesDeleted: Array<{ Untagged?: string; Deleted?: string }> | null;
      SpaceReclaimed: number;
    };
    if (body.ImagesDeleted?.length) {
      output = `Deleted Images:\n${body.ImagesDeleted.map((d) =>
        d.Untagged ? `untagged: ${d.Untagged}\n` : `deleted: ${d.Deleted ?? ''}\n`,
      ).join('')}`;
      reclaimed = body.SpaceReclaimed;
    }
  }
  // fmt.Fprintln(output): the list ends with an empty line.
  if (output !== '') ctx.out(`${output}\n`);
  ctx.out(`Total reclaimed space: ${humanSize(reclaimed, 4)}\n`);
  return 0;
}

export const containerPruneCommand: CommandSpec = {
  help: 'container prune',
  forms: ['container prune'],
  args: { kind: 'none' },
  simulated: ['force', 'filter'],
  execute: (ctx) =>
    prune(
      ctx,
      'containers',
      'WARNING! This will remove all stopped containers.\nAre you sure you want to continue?',
      [],
    ),
};

export const imagePruneCommand: CommandSpec = {
  help: 'image prune',
  forms: ['image prune'],
  args: { kind: 'none' },
  simulated: ['force', 'filter', 'all'],
  execute: (ctx) => {
    const all = isOn(ctx.flags, 'all');
    return prune(
      ctx,
      'images',
      all
        ? 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?'
        : 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?',
      [`dangling=${all ? 'false' : 'true'}`],
    );
  },
};

interface DiskUsage {
  LayersSize: number;
  Images: Array<{ Size: number; SharedSize: number; Containers: number }>;
  Containers: Array<{ State: string; SizeRw?: number }>;
  Volumes: Array<{ UsageData?: { Size: number; RefCount: number } | null }> | null;
  BuildCache: Array<{ Size: number; Shared: boolean; InUse: boolean }> | null;
}

/** docker/cli's disk usage summary: one row per kind (formatter/disk_usage.go). */
const DF_FORMAT: ListFormatSpec = {
  rowType: '*formatter.diskUsageContainersContext',
  headers: {
    Type: 'TYPE',
    TotalCount: 'TOTAL',
    Active: 'ACTIVE',
    Size: 'SIZE',
    Reclaimable: 'RECLAIMABLE',
  },
  defaultTable: 'table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}',
};

/** `12.3MB (45%)`: the percentage of the total, in whole percent, when there is a total. */
const withShare = (part: number, total: number) =>
  total > 0 ? `${humanSize(part, 4)} (${Math.trunc((part * 100) / total)}%)` : humanSize(part, 4);

export const systemDfCommand: CommandSpec = {
  help: 'system df',
  forms: ['system df'],
  args: { kind: 'none' },
  simulated: ['format'],
  *execute(ctx) {
    const r = yield* ctx.api.request('GET', '/system/df', {
      op: 'engine.system.df',
      summary: 'the CLI asks dockerd how much disk images, containers, volumes and build cache use',
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const du = r.body as DiskUsage;
    const imagesUsed = du.Images.filter((i) => i.Containers !== 0);
    const inUse = imagesUsed.reduce(
      (n, i) => (i.Size === -1 || i.SharedSize === -1 ? n : n + i.Size - i.SharedSize),
      0,
    );
    const active = (s: string) => s === 'running' || s === 'paused' || s === 'restarting';
    const ctrSize = du.Containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0);
    const ctrFree = du.Containers.filter((c) => !active(c.State)).reduce(
      (n, c) => n + (c.SizeRw ?? 0),
      0,
    );
    const volumes = du.Volumes ?? [];
    const volSize = volumes.reduce(
      (n, v) => n + (v.UsageData && v.UsageData.Size !== -1 ? v.UsageData.Size : 0),
      0,
    );
    const volFree = volumes.reduce(
      (n, v) =>
        n +
        (v.UsageData && v.UsageData.Size !== -1 && v.UsageData.RefCount === 0
          ? v.UsageData.Size
          : 0),
      0,
    );
    const cache = du.BuildCache ?? [];
    const cacheSize = cache.filter((b) => !b.Shared).reduce((n, b) => n + b.Size, 0);
    const cacheBusy = cache.filter((b) => b.InUse && !b.Shared).reduce((n, b) => n + b.Size, 0);
    const rows = [
      {
        Type: 'Images',
        TotalCount: String(du.Images.length),
        Active: String(du.Images.filter((i) => i.Containers > 0).length),
        Size: humanSize(du.LayersSize, 4),
        Reclaimable: withShare(du.LayersSize - inUse, du.LayersSize),
      },
      {
        Type: 'Containers',
        TotalCount: String(du.Containers.length),
        Active: String(du.Containers.filter((c) => active(c.State)).length),
        Size: humanSize(ctrSize, 4),
        Reclaimable: withShare(ctrFree, ctrSize),
      },
      {
        Type: 'Local Volumes',
        TotalCount: String(volumes.length),
        Active: String(volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length),
        Size: humanSize(volSize, 4),
        Reclaimable: withShare(volFree, volSize),
      },
      {
        Type: 'Build Cache',
        TotalCount: String(cache.length),
        Active: String(cache.filter((b) => b.InUse).length),
        Size: humanSize(cacheSize, 4),
        Reclaimable: humanSize(cacheSize - cacheBusy, 4),
      },
    ];
    const done = formatList(last(ctx.flags, 'format') ?? '', rows, DF_FORMAT);
    if (!done.ok) {
      ctx.err(`${done.error}\n`);
      return 1;
    }
    ctx.out(done.text);
    return 0;
  },
};
