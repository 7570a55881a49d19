/**
 * `docker volume create|ls|rm|inspect|prune`, as docker/cli 28.2
 * (cli/command/volume) sends and prints them.
 */
import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import { wait } from '../../core/scheduler';
import { Signal } from '../../core/signal';
import { dict } from '../../core/records';
import { isOn, last } from '../flags';
import { messageOf } from '../api';
import { table } from '../format';
import { inspectAll } from './inspect';
import { printFormatted, type ListFormatSpec } from '../listFormat';
import { filtersJson } from './containers';
import { humanSize } from '../../dockerd/progress';

interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Labels: Record<string, string> | null;
  Scope: string;
}

/** A flag's value refused the way pflag reports a bad value (exit 125, usage hint). */
function flagError(ctx: CommandContext, usage: string, message: string): number {
  ctx.err(`${message}\n\nUsage:  ${usage}\n\nRun '${ctx.path} --help' for more information\n`);
  return 125;
}

/** `k=v` pairs into a map, `k` alone as `k: ""` (opts.ConvertKVStringsToMap, MapOpts). */
function kvMap(values: readonly string[]): Record<string, string> {
  const out = dict<string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq < 0) out[v] = '';
    else out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

export const volumeCreateCommand: CommandSpec = {
  help: 'volume create',
  forms: ['volume create'],
  args: { kind: 'max', n: 1 },
  simulated: ['driver', 'opt', 'label', 'name'],
  *execute(ctx) {
    const usage = 'docker volume create [OPTIONS] [VOLUME]';
    // opts.ValidateLabel runs as pflag sets each --label.
    for (const l of ctx.flags.label ?? [])
      if (l.startsWith('='))
        return flagError(
          ctx,
          usage,
          `invalid argument "${l}" for "--label" flag: invalid label '${l}': empty name`,
        );
    let name = last(ctx.flags, 'name') ?? '';
    if (ctx.args.length === 1) {
      if (name !== '') {
        ctx.err(
          'conflicting options: cannot specify a volume-name through both --name and as a positional arg\n',
        );
        return 1;
      }
      name = ctx.args[0]!;
    }
    // volume.CreateOptions as encoding/json writes it: empty fields left out (omitempty).
    const body: Record<string, unknown> = { Driver: last(ctx.flags, 'driver') ?? 'local' };
    const opts = kvMap(ctx.flags.opt ?? []);
    if (Object.keys(opts).length) body.DriverOpts = sortedMap(opts);
    const labels = kvMap(ctx.flags.label ?? []);
    if (Object.keys(labels).length) body.Labels = sortedMap(labels);
    if (name !== '') body.Name = name;
    const r = yield* ctx.api.request('POST', '/volumes/create', {
      op: 'engine.volumes.create',
      ...(name ? { subjects: { volume: name } } : {}),
      body,
      summary: name
        ? `the CLI asks dockerd to create volume ${name}`
        : 'the CLI asks dockerd to create a volume and name it',
    });
    if (r.status !== 201) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    ctx.out(`${(r.body as Volume).Name}\n`);
    return 0;
  },
};

/** A map with keys in byte order, as Go's json.Marshal writes one. */
function sortedMap(m: Record<string, string>): Record<string, string> {
  const out = dict<string>();
  for (const k of Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = m[k]!;
  return out;
}

/** sortorder.NaturalLess: runs of digits compare as numbers (`vol2` before `vol10`). */
export function naturalLess(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    const digits = /^\d/.test(p) && /^\d/.test(q);
    if (digits) {
      const d = Number(p) - Number(q);
      if (d !== 0) return d;
      if (p.length !== q.length) return p.length - q.length;
    } else if (p !== q) return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

export const volumeLsCommand: CommandSpec = {
  help: 'volume ls',
  forms: ['volume ls', 'volume list'],
  args: { kind: 'none' },
  simulated: ['quiet', 'filter', 'format'],
  *execute(ctx) {
    const query: Record<string, string> = {};
    const filters = filtersJson(ctx.flags.filter ?? []);
    if (filters) query.filters = filters;
    const r = yield* ctx.api.request('GET', '/volumes', {
      op: 'engine.volumes.list',
      query,
      summary: 'the CLI asks dockerd for the list of volumes',
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const list = [...((r.body as { Volumes: Volume[] | null }).Volumes ?? [])].sort((a, b) =>
      naturalLess(a.Name, b.Name),
    );
    const format = last(ctx.flags, 'format') ?? '';
    if (format !== '' && format !== 'table')
      return printFormatted(
        ctx,
        format,
        isOn(ctx.flags, 'quiet'),
        list.map(volumeRow),
        VOLUME_LIST_FORMAT,
      );
    if (isOn(ctx.flags, 'quiet')) {
      ctx.out(list.map((v) => `${v.Name}\n`).join(''));
      return 0;
    }
    const rows = list.map(volumeRow);
    ctx.out(table([['DRIVER', 'VOLUME NAME'], ...rows.map((v) => [v.Driver, v.Name])]));
    return 0;
  },
};

/** docker/cli's volume formatter (cli/command/formatter/volume.go): its headers and default table. */
const VOLUME_LIST_FORMAT: ListFormatSpec = {
  rowType: '*formatter.volumeContext',
  headers: {
    ID: 'ID',
    Name: 'VOLUME NAME',
    Group: 'GROUP',
    Driver: 'DRIVER',
    Scope: 'SCOPE',
    Availability: 'AVAILABILITY',
    Mountpoint: 'MOUNTPOINT',
    Labels: 'LABELS',
    Links: 'LINKS',
    Size: 'SIZE',
    Status: 'STATUS',
  },
  defaultTable: 'table {{.Driver}}\\t{{.Name}}',
  raw: { quiet: 'name: {{.Name}}', full: 'name: {{.Name}}\\ndriver: {{.Driver}}\\n' },
};

/**
 * One row as docker/cli's volume formatter gives it to a `--format` template
 * (formatter/volume.go): its Go method names. Labels joined `k=v` with commas
 * (Go walks the map: no fixed order; here, the API's); no usage data or
 * cluster volume in a list, so N/A.
 */
export function volumeRow(v: Volume) {
  return {
    Name: v.Name,
    Driver: v.Driver,
    Scope: v.Scope,
    Mountpoint: v.Mountpoint,
    Labels: Object.entries(v.Labels ?? {})
      .map(([k, x]) => `${k}=${x}`)
      .join(','),
    Links: 'N/A',
    Size: 'N/A',
    Group: 'N/A',
    Availability: 'N/A',
    Status: 'N/A',
  };
}

export const volumeRmCommand: CommandSpec = {
  help: 'volume rm',
  forms: ['volume rm', 'volume remove'],
  args: { kind: 'min', n: 1 },
  simulated: ['force'],
  *execute(ctx) {
    const force = isOn(ctx.flags, 'force');
    // The CLI prints each name removed as it goes, and the errors together at the end (errors.Join).
    const errors: string[] = [];
    for (const name of ctx.args) {
      const id = name.trim();
      if (id === '') {
        errors.push('invalid volume name or ID: value is empty');
        continue;
      }
      const r = yield* ctx.api.request('DELETE', `/volumes/${id}`, {
        op: 'engine.volumes.remove',
        subjects: { volume: id },
        query: force ? { force: '1' } : {},
        summary: `the CLI asks dockerd to remove volume ${id}`,
      });
      if (r.status === 204) ctx.out(`${name}\n`);
      else errors.push(`Error response from daemon: ${messageOf(r)}`);
    }
    if (errors.length === 0) return 0;
    ctx.err(`${errors.join('\n')}\n`);
    return 1;
  },
};

export const volumeInspectCommand: CommandSpec = {
  help: 'volume inspect',
  forms: ['volume inspect'],
  args: { kind: 'min', n: 1 },
  simulated: ['format'],
  *execute(ctx) {
    // ── obs: --format goes through docker inspect's template path (docker/cli inspect.Inspect) ──
    if (last(ctx.flags, 'format') !== undefined) {
      // The volume commands connect first (observed with CLI 28.2.2), before the template is read.
      yield* ctx.api.ping();
      return yield* inspectAll(ctx, {
        kinds: ['volume'],
        autodetect: false,
        size: false,
        check: (ref) =>
          ref.trim() === '' ? 'invalid volume name or ID: value is empty' : undefined,
      });
    }
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const name of ctx.args) {
      const id = name.trim();
      if (id === '') {
        errors.push('invalid volume name or ID: value is empty');
        continue;
      }
      const r = yield* ctx.api.request('GET', `/volumes/${id}`, {
        op: 'engine.volumes.inspect',
        subjects: { volume: id },
        summary: `the CLI asks dockerd for volume ${id}`,
      });
      if (r.status === 200) found.push(r.body);
      else errors.push(`Error response from daemon: ${messageOf(r)}`);
    }
    ctx.out(indentedJson(found));
    if (errors.length) {
      ctx.err(`${errors.join('\n')}\n`);
      return 1;
    }
    return 0;
  },
};

/**
 * What docker/cli's IndentedInspector prints: the elements as one JSON array
 * indented by four spaces (json.Indent), `[]` when none was found.
 */
export function indentedJson(elements: readonly unknown[]): string {
  if (elements.length === 0) return '[]\n';
  return `${goIndent(elements)}\n`;
}

/** JSON.stringify with four spaces and Go's HTML escapes (`<`, `>`, `&`). */
function goIndent(x: unknown): string {
  return JSON.stringify(x, null, 4).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const PRUNE_ANONYMOUS = `WARNING! This will remove anonymous local volumes not used by at least one container.
Are you sure you want to continue?`;
const PRUNE_ALL = `WARNING! This will remove all local volumes not used by at least one container.
Are you sure you want to continue?`;

/**
 * prompt.Confirm: the question and ` [y/N] `, then one line of input; only
 * `y` or `Y` (blanks trimmed) is yes. A CLI whose input is no terminal reads
 * none here (DockScope gives such a command no input): no.
 */
function* confirm(ctx: CommandContext, message: string): Task<boolean> {
  ctx.out(`${message} [y/N] `);
  if (!ctx.io.tty) return false;
  const answer = new Signal<string>();
  ctx.io.onStdin = (text) => answer.resolve(text);
  ctx.io.onStdinEnd = () => answer.resolve('');
  const line = yield* wait(answer);
  ctx.io.onStdin = ctx.io.onStdinEnd = undefined;
  return line.split('\n')[0]!.trim().toLowerCase() === 'y';
}

export const volumePruneCommand: CommandSpec = {
  help: 'volume prune',
  forms: ['volume prune'],
  args: { kind: 'none' },
  simulated: ['all', 'force', 'filter'],
  *execute(ctx) {
    const specs = [...(ctx.flags.filter ?? [])];
    const all = isOn(ctx.flags, 'all');
    if (all) {
      if (specs.some((f) => f.slice(0, f.indexOf('=')).trim().toLowerCase() === 'all')) {
        ctx.err('conflicting options: cannot specify both --all and --filter all=1\n');
        return 1;
      }
      specs.push('all=true');
    }
    if (!isOn(ctx.flags, 'force')) {
      const yes = yield* confirm(ctx, all ? PRUNE_ALL : PRUNE_ANONYMOUS);
      // A cancelled prune prints nothing more and exits 0 (the CLI does not report cancellations).
      if (!yes) return 0;
    }
    const query: Record<string, string> = {};
    const filters = filtersJson(specs);
    if (filters) query.filters = filters;
    const r = yield* ctx.api.request('POST', '/volumes/prune', {
      op: 'engine.volumes.prune',
      query,
      summary: all
        ? 'the CLI asks dockerd to remove every local volume no container uses'
        : 'the CLI asks dockerd to remove the anonymous volumes no container uses',
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const report = r.body as { VolumesDeleted: string[] | null; SpaceReclaimed: number };
    const deleted = report.VolumesDeleted ?? [];
    if (deleted.length > 0) ctx.out(`Deleted Volumes:\n${deleted.map((v) => `${v}\n`).join('')}\n`);
    ctx.out(
      `Total reclaimed space: ${humanSize(deleted.length > 0 ? report.SpaceReclaimed : 0)}\n`,
    );
    return 0;
  },
};

export const VOLUME_COMMANDS = [
  volumeCreateCommand,
  volumeLsCommand,
  volumeRmCommand,
  volumeInspectCommand,
  volumePruneCommand,
];
