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
import { CONTAINER_LIST_FORMAT, containerRow, filtersJson, type Summary } from './containers';
import { IMAGE_LIST_FORMAT, imageRow, type ImageSummary } from './images';
import { familiarName, parseReference } from '../../image/reference';
import { formatList, type ListFormatSpec, type ListRow } from '../listFormat';

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
  Images: Array<ImageSummary & { Size: number; SharedSize: number; Containers: number }>;
  Containers: Array<Summary & { State: string; SizeRw?: number }>;
  Volumes: Array<{ Name: string; UsageData?: { Size: number; RefCount: number } | null }> | null;
  BuildCache: Array<{ Size: number; Shared: boolean; InUse: boolean }> | null;
}

/** docker/cli's `system df -v` sections (formatter/disk_usage.go verboseWriteTable). */
const DF_IMAGES: ListFormatSpec = {
  ...IMAGE_LIST_FORMAT,
  defaultTable:
    'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}\\t{{.SharedSize}}\\t{{.UniqueSize}}\\t{{.Containers}}',
};
const DF_CONTAINERS: ListFormatSpec = {
  ...CONTAINER_LIST_FORMAT,
  defaultTable:
    'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.LocalVolumes}}\\t{{.Size}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Names}}',
};
const DF_VOLUMES: ListFormatSpec = {
  rowType: '*formatter.volumeContext',
  headers: { Name: 'VOLUME NAME', Links: 'LINKS', Size: 'SIZE' },
  defaultTable: 'table {{.Name}}\\t{{.Links}}\\t{{.Size}}',
};
const DF_BUILD_CACHE: ListFormatSpec = {
  rowType: '*formatter.buildCacheContext',
  headers: {
    ID: 'CACHE ID',
    CacheType: 'CACHE TYPE',
    Size: 'SIZE',
    CreatedSince: 'CREATED',
    LastUsedSince: 'LAST USED',
    UsageCount: 'USAGE',
    Shared: 'SHARED',
  },
  defaultTable:
    'table {{.ID}}\\t{{.CacheType}}\\t{{.Size}}\\t{{.CreatedSince}}\\t{{.LastUsedSince}}\\t{{.UsageCount}}\\t{{.Shared}}',
};

/**
 * `docker system df -v`: a table per kind (verboseWriteTable). An image shows
 * its first name (none when dangling); a container its writable layer alone
 * (the CLI zeroes SizeRootFs: "Don't display the virtual size").
 */
function verboseDf(ctx: CommandContext, du: DiskUsage): string {
  const table = (rows: ListRow[], spec: ListFormatSpec) => {
    const done = formatList('table', rows, spec);
    return done.ok ? done.text : '';
  };
  const images = du.Images.flatMap((i) => {
    let repo = '<none>';
    let tag = '<none>';
    const first = i.RepoTags[0];
    const dangling =
      i.RepoTags.length === 0 ||
      (i.RepoTags.length === 1 && first === '<none>:<none>' && (i.RepoDigests ?? []).length === 1);
    if (first !== undefined && !dangling) {
      const ref = parseReference(first);
      // reference.ParseNormalizedNamed failed: the CLI leaves the image out.
      if (!ref.ok) return [];
      if (ref.tag !== undefined) {
        repo = familiarName(ref);
        tag = ref.tag;
      }
    }
    return [imageRow(ctx, i, repo, tag, '', true)];
  });
  const containers = du.Containers.map((c) => containerRow(ctx, { ...c, SizeRootFs: 0 }, true));
  const volumes = (du.Volumes ?? []).map((v) => ({
    Name: v.Name,
    Links: v.UsageData ? String(v.UsageData.RefCount) : 'N/A',
    Size: v.UsageData ? humanSize(v.UsageData.Size, 4) : 'N/A',
  }));
  const cacheSize = (du.BuildCache ?? []).filter((b) => !b.Shared).reduce((n, b) => n + b.Size, 0);
  return (
    `Images space usage:\n\n${table(images, DF_IMAGES)}` +
    `\nContainers space usage:\n\n${table(containers, DF_CONTAINERS)}` +
    `\nLocal Volumes space usage:\n\n${table(volumes, DF_VOLUMES)}` +
    `\nBuild cache usage: ${humanSize(cacheSize, 4)}\n\n${table([], DF_BUILD_CACHE)}`
  );
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
  simulated: ['format', 'verbose'],
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
    if (isOn(ctx.flags, 'verbose')) {
      const format = last(ctx.flags, 'format') ?? '';
      if (format !== '' && format !== 'table') {
        ctx.err(
          "DockScope: --format with --verbose is a real combination of 'docker system df', but DockScope does not simulate it yet.\n",
        );
        return 125;
      }
      ctx.out(verboseDf(ctx, du));
      return 0;
    }
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
