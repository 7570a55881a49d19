import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import type { Reply } from '../../core/network';
import { isOn, last } from '../flags';
import { CliFailure, messageOf, readChunk } from '../api';
import { ellipsis, table } from '../format';
import { humanDuration } from '../../dockerd/humanTime';
import { aboutContainer } from '../../trace/operations';
import { humanSize } from '../../dockerd/progress';
import { formatList, type ListFormatSpec, type ListRow } from '../listFormat';
import {
  TemplateExecError,
  TemplateParseError,
  executeTemplate,
  parseTemplate,
} from '../goTemplate';

interface Port {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

export interface Summary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID?: string;
  Command: string;
  Created: number;
  Ports: Port[];
  State?: string;
  Status: string;
  Labels?: Record<string, string> | null;
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts?: Array<{ Name?: string; Source?: string; Driver?: string }>;
  NetworkSettings?: { Networks?: Record<string, unknown> } | null;
}

/** docker/cli's container formatter: the row type and its header names (formatter/container.go). */
export const CONTAINER_LIST_FORMAT: ListFormatSpec = {
  rowType: '*formatter.ContainerContext',
  headers: {
    ID: 'CONTAINER ID',
    Names: 'NAMES',
    Image: 'IMAGE',
    Command: 'COMMAND',
    CreatedAt: 'CREATED AT',
    RunningFor: 'CREATED',
    Ports: 'PORTS',
    State: 'STATE',
    Status: 'STATUS',
    Size: 'SIZE',
    Labels: 'LABELS',
    Mounts: 'MOUNTS',
    LocalVolumes: 'LOCAL VOLUMES',
    Networks: 'NETWORKS',
    Platform: 'PLATFORM',
  },
  defaultTable:
    'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}',
};

/** Go's time.Unix(s, 0).String() in UTC: `2026-12-03 17:09:01 +0000 UTC`. */
export function goTimeString(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

/**
 * One `docker ps` row as docker/cli's ContainerContext shows it to a
 * template: its methods by name (`Label` takes an argument).
 */
export function containerRow(ctx: CommandContext, c: Summary, trunc: boolean): ListRow {
  const labels = c.Labels ?? {};
  const mounts = c.Mounts ?? [];
  const image =
    c.Image === '' ? '<no image>' : trunc ? c.Image.replace(/@sha256:[0-9a-f]+$/, '') : c.Image;
  const sizeRw = humanSize(c.SizeRw ?? 0, 3);
  return {
    Command: JSON.stringify(trunc ? ellipsis(c.Command, 20) : c.Command),
    CreatedAt: goTimeString(c.Created),
    ID: trunc ? c.Id.slice(0, 12) : c.Id,
    Image: image,
    Labels: Object.keys(labels)
      .map((k) => `${k}=${labels[k]}`)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .join(','),
    LocalVolumes: String(mounts.filter((m) => m.Driver === 'local').length),
    Mounts: mounts
      .map((m) => (trunc ? ellipsis(m.Name || m.Source || '', 15) : m.Name || m.Source || ''))
      .join(','),
    Names: c.Names.map((x) => x.replace(/^\//, '')).join(','),
    Networks: Object.keys(c.NetworkSettings?.Networks ?? {}).join(','),
    Platform: null,
    Ports: displayPorts(c.Ports),
    RunningFor: `${humanDuration(ctx.host.wallClock - c.Created * 1000)} ago`,
    Size: (c.SizeRootFs ?? 0) > 0 ? `${sizeRw} (virtual ${humanSize(c.SizeRootFs!, 3)})` : sizeRw,
    State: c.State ?? '',
    Status: c.Status,
    Label: (name: string) => labels[name] ?? '',
  };
}

/**
 * docker ps checks a `--format` before it asks dockerd (cli/command/container/list.go):
 * it parses the template as typed and runs it once on an empty row, to learn
 * whether it reads `.Size` (then it asks for sizes).
 */
function checkPsFormat(format: string): { ok: true; size: boolean } | { ok: false; error: string } {
  let tmpl;
  try {
    tmpl = parseTemplate(format);
  } catch (e) {
    if (e instanceof TemplateParseError)
      return { ok: false, error: `failed to parse template: ${e.message}` };
    throw e;
  }
  let size = false;
  const empty: Record<string, unknown> = {};
  for (const k of Object.keys(CONTAINER_LIST_FORMAT.headers)) empty[k] = '';
  empty.Platform = null;
  empty.Label = (_name: string) => '';
  Object.defineProperty(empty, 'Size', {
    enumerable: true,
    get: () => {
      size = true;
      return '';
    },
  });
  try {
    executeTemplate(tmpl, empty, { rootType: CONTAINER_LIST_FORMAT.rowType });
  } catch (e) {
    if (e instanceof TemplateExecError)
      return { ok: false, error: `failed to execute template: ${e.message}` };
    throw e;
  }
  return { ok: true, size };
}

/**
 * docker/cli `DisplayablePorts`: ports sorted (private port, IP, public port,
 * type); a port published on the same number (`-p 80-81:80-81`) and exposed
 * ports are grouped into runs (`0.0.0.0:80-81->80-81/tcp`, `80-81/tcp`);
 * the other mappings follow one by one (`0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`).
 */
export function displayPorts(ports: readonly Port[]): string {
  const sorted = [...ports].sort(
    (a, b) =>
      a.PrivatePort - b.PrivatePort ||
      cmp(a.IP ?? '', b.IP ?? '') ||
      (a.PublicPort ?? 0) - (b.PublicPort ?? 0) ||
      cmp(a.Type, b.Type),
  );
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  for (const p of sorted) {
    let key = p.Type;
    if (p.IP) {
      if ((p.PublicPort ?? 0) !== p.PrivatePort) {
        mappings.push(`${hostPort(p.IP, String(p.PublicPort ?? 0))}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    else if (p.PrivatePort === ((g.last + 1) & 0xffff)) g.last = p.PrivatePort;
    else {
      // A gap ends the run; the new run keeps its key's first place (Go's map order list).
      result.push(formGroup(key, g));
      groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    }
  }
  for (const [key, g] of groups) result.push(formGroup(key, g));
  return [...result, ...mappings].join(', ');
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Go `net.JoinHostPort`: brackets around an IPv6 address. */
const hostPort = (ip: string, port: string) =>
  ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;

function formGroup(key: string, g: { first: number; last: number }): string {
  const parts = key.split('/');
  const ip = parts.length > 1 ? parts[0]! : '';
  const type = parts.length > 1 ? parts[1]! : parts[0]!;
  const run = g.first === g.last ? String(g.first) : `${g.first}-${g.last}`;
  return `${ip ? `${hostPort(ip, run)}->${run}` : run}/${type}`;
}

/**
 * `--filter key=value…` as the CLI sends them: docker/cli FilterOpt (key
 * lower-cased, both sides trimmed) into filters.Args, then `filters.ToJSON`,
 * Go's json.Marshal of `{"key":{"value":true}}`: keys sorted, `<>&` escaped.
 */
export function filtersJson(specs: readonly string[]): string | undefined {
  const args = new Map<string, Set<string>>();
  for (const spec of specs) {
    if (spec === '') continue;
    const eq = spec.indexOf('=');
    const key = spec.slice(0, eq).trim().toLowerCase();
    const set = args.get(key) ?? new Set<string>();
    set.add(spec.slice(eq + 1).trim());
    args.set(key, set);
  }
  if (args.size === 0) return undefined;
  const sorted = (xs: Iterable<string>) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const body = sorted(args.keys())
    .map(
      (k) =>
        `${goString(k)}:{${sorted(args.get(k)!)
          .map((v) => `${goString(v)}:true`)
          .join(',')}}`,
    )
    .join(',');
  return `{${body}}`;
}

/** A JSON string as Go's encoding/json writes it (HTML-safe: `<`, `>`, `&`, U+2028/9 escaped). */
function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export const psCommand: CommandSpec = {
  help: 'ps',
  forms: ['container ls', 'container list', 'container ps', 'ps'],
  args: { kind: 'none' },
  simulated: ['all', 'quiet', 'no-trunc', 'last', 'latest', 'filter', 'format', 'size'],
  *execute(ctx) {
    const query: Record<string, string> = {};
    const quiet = isOn(ctx.flags, 'quiet');
    // -q wins over a format; `table` alone is the default table.
    const format = quiet ? '' : (last(ctx.flags, 'format') ?? '');
    let wantSize = isOn(ctx.flags, 'size');
    if (format !== '' && format !== 'table') {
      const checked = checkPsFormat(format);
      if (!checked.ok) {
        ctx.err(`${checked.error}\n`);
        return 1;
      }
      wantSize ||= checked.size;
    }
    if (isOn(ctx.flags, 'all')) query.all = '1';
    const filters = filtersJson(ctx.flags.filter ?? []);
    if (filters) query.filters = filters;
    const n = isOn(ctx.flags, 'latest') ? 1 : Number(last(ctx.flags, 'last') ?? -1);
    if (n > 0) query.limit = String(n); // dockerd lists stopped ones too when limited
    if (wantSize) query.size = '1';
    const r = yield* ctx.api.request('GET', '/containers/json', {
      op: 'engine.containers.list',
      query,
      summary: query.all
        ? 'the CLI asks dockerd for all containers, stopped ones too'
        : 'the CLI asks dockerd for the running containers',
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const list = r.body as Summary[];
    const noTrunc = isOn(ctx.flags, 'no-trunc');
    if ((format !== '' && format !== 'table') || (isOn(ctx.flags, 'size') && !quiet)) {
      const rows = list.map((c) => containerRow(ctx, c, !noTrunc));
      // `-s` with the default table adds a SIZE column (formatter.NewContainerFormat).
      const spec =
        format === '' || format === 'table'
          ? {
              ...CONTAINER_LIST_FORMAT,
              defaultTable: `${CONTAINER_LIST_FORMAT.defaultTable}\\t{{.Size}}`,
            }
          : CONTAINER_LIST_FORMAT;
      const done = formatList(format, rows, spec);
      if (!done.ok) {
        ctx.err(`${done.error}\n`);
        return 1;
      }
      ctx.out(done.text);
      return 0;
    }
    if (quiet) {
      ctx.out(list.map((c) => `${noTrunc ? c.Id : c.Id.slice(0, 12)}\n`).join(''));
      return 0;
    }
    const rows = list.map((c) => [
      noTrunc ? c.Id : c.Id.slice(0, 12),
      c.Image,
      `"${noTrunc ? c.Command : ellipsis(c.Command, 20)}"`,
      `${humanDuration(ctx.host.wallClock - c.Created * 1000)} ago`,
      c.Status,
      displayPorts(c.Ports),
      c.Names.map((x) => x.replace(/^\//, '')).join(','),
    ]);
    ctx.out(
      table([['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], ...rows]),
    );
    return 0;
  },
};

/**
 * stop / start / restart / kill / rm: one request per container named, the
 * name echoed on success, `Error response from daemon: …` otherwise (exit 1
 * if any failed).
 */
function eachContainer(
  request: (ctx: CommandContext, id: string) => Task<Reply>,
  ok: (status: number | string) => boolean,
  /** A last line naming the ones that failed (`docker start` prints one). */
  summary?: (failed: string[]) => string,
  /** Failures that do not count (`docker rm -f` of a container that does not exist). */
  harmless?: (ctx: CommandContext, r: Reply) => boolean,
): (ctx: CommandContext) => Task<number> {
  return function* (ctx) {
    const failed: string[] = [];
    for (const name of ctx.args) {
      const id = clientId(name, ctx.spec.help === 'rm');
      if (!id.ok) {
        yield* ctx.api.ping(); // the real CLI has negotiated the API version by then
        ctx.err(`${id.error}\n`);
        failed.push(name);
        continue;
      }
      let r: Reply;
      try {
        r = yield* request(ctx, id.id);
      } catch (e) {
        // A daemon nobody answers fails each container in turn: one error line each.
        if (!(e instanceof CliFailure)) throw e;
        ctx.err(`${e.text}\n`);
        failed.push(name);
        continue;
      }
      if (ok(r.status)) ctx.out(`${name}\n`);
      else {
        ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
        if (!harmless?.(ctx, r)) failed.push(name);
      }
    }
    if (failed.length > 0 && summary) ctx.err(`${summary(failed)}\n`);
    return failed.length > 0 ? 1 : 0;
  };
}

/**
 * The name as the CLI's Go client puts it in the path: blanks around it
 * dropped (moby client `trimID`), and for `docker rm` slashes around it too;
 * nothing left is an error the CLI reports itself, without asking dockerd.
 */
export function clientId(
  name: string,
  rm = false,
): { ok: true; id: string } | { ok: false; error: string } {
  let id = name;
  if (rm) {
    id = id.replace(/^\/+/, '');
    let end = id.length;
    while (end > 0 && id[end - 1] === '/') end--; // not /\/+$/: linear on a long run
    id = id.slice(0, end);
    if (id === '') return { ok: false, error: 'container name cannot be empty' };
  }
  id = id.trim();
  if (id === '') return { ok: false, error: 'invalid container name or ID: value is empty' };
  return { ok: true, id };
}

/**
 * The one container argument of a command (logs, diff, top, port) as the CLI puts it in
 * the path, or undefined once the CLI has said why it cannot (after its ping, as the real
 * CLI connects before it looks at the argument).
 */
export function* containerArg(ctx: CommandContext): Task<string | undefined> {
  const given = clientId(ctx.args[0]!);
  if (given.ok) return given.id;
  yield* ctx.api.ping();
  ctx.err(`${given.error}\n`);
  return undefined;
}

const timeQuery = (ctx: CommandContext) => {
  const q: Record<string, string> = {};
  const t = last(ctx.flags, 'timeout') ?? last(ctx.flags, 'time');
  if (t !== undefined) q.t = t;
  const s = last(ctx.flags, 'signal');
  if (s !== undefined) q.signal = s;
  return q;
};

const done = (s: number | string) => s === 204 || s === 304;

/** `docker stop|start|restart NAME…`: `POST /containers/{name}/{verb}`, the name echoed. */
function lifecycleCommand(verb: 'stop' | 'start' | 'restart', timed: boolean): CommandSpec {
  return {
    help: verb,
    forms: [`container ${verb}`, verb],
    args: { kind: 'min', n: 1 },
    simulated: timed ? ['time', 'timeout', 'signal'] : [],
    execute: eachContainer(
      (ctx, name) =>
        ctx.api.request('POST', `/containers/${name}/${verb}`, {
          op: `engine.containers.${verb}` as const,
          subjects: aboutContainer(name),
          query: timed ? timeQuery(ctx) : {},
          summary: `the CLI asks dockerd to ${verb} ${name}`,
        }),
      done,
      // docker/cli startContainersWithoutAttachments
      verb === 'start'
        ? (failed) => `Error: failed to start containers: ${failed.join(', ')}`
        : undefined,
    ),
  };
}

export const stopCommand = lifecycleCommand('stop', true);
export const startCommand = lifecycleCommand('start', false);
export const restartCommand = lifecycleCommand('restart', true);

export const killCommand: CommandSpec = {
  help: 'kill',
  forms: ['container kill', 'kill'],
  args: { kind: 'min', n: 1 },
  simulated: ['signal'],
  execute: eachContainer((ctx, name) => {
    const s = last(ctx.flags, 'signal');
    return ctx.api.request('POST', `/containers/${name}/kill`, {
      op: 'engine.containers.kill',
      subjects: aboutContainer(name),
      query: s ? { signal: s } : {},
      summary: `the CLI asks dockerd to send ${s ?? 'SIGKILL'} to ${name}`,
    });
  }, done),
};

export const rmCommand: CommandSpec = {
  help: 'rm',
  forms: ['container rm', 'container remove', 'rm'],
  args: { kind: 'min', n: 1 },
  simulated: ['force', 'volumes'],
  execute: eachContainer(
    (ctx, name) => {
      const q: Record<string, string> = {};
      if (isOn(ctx.flags, 'force')) q.force = '1';
      if (isOn(ctx.flags, 'volumes')) q.v = '1';
      return ctx.api.request('DELETE', `/containers/${name}`, {
        op: 'engine.containers.remove',
        subjects: aboutContainer(name),
        query: q,
        summary: `the CLI asks dockerd to remove ${name}`,
      });
    },
    done,
    undefined,
    (ctx, r) => isOn(ctx.flags, 'force') && r.status === 404,
  ),
};

export const logsCommand: CommandSpec = {
  help: 'logs',
  forms: ['container logs', 'logs'],
  args: { kind: 'exact', n: 1 },
  simulated: ['follow', 'tail'],
  *execute(ctx) {
    const name = yield* containerArg(ctx);
    if (name === undefined) return 1;
    const inspect = yield* ctx.api.request('GET', `/containers/${name}/json`, {
      op: 'engine.containers.inspect',
      subjects: aboutContainer(name),
      summary: `the CLI looks ${name} up first (is it a TTY container?)`,
    });
    if (inspect.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(inspect)}\n`);
      return 1;
    }
    const c = inspect.body as { Id: string; Config: { Tty: boolean } };
    const query: Record<string, string> = {
      stderr: '1',
      stdout: '1',
      tail: last(ctx.flags, 'tail') ?? 'all',
    };
    if (isOn(ctx.flags, 'follow')) query.follow = '1';
    const r = yield* ctx.api.request('GET', `/containers/${c.Id}/logs`, {
      op: 'engine.containers.logs',
      subjects: aboutContainer(c.Id),
      query,
      summary: 'the CLI asks dockerd for the logs it kept in the json-file log',
    });
    if (r.status !== 200 || !r.stream) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    for (;;) {
      const chunk = yield* readChunk(r.stream);
      if (!chunk) break;
      const f = chunk.data as { stream: 'stdout' | 'stderr'; text: string };
      ctx.io.write(c.Config.Tty ? 'stdout' : f.stream, f.text);
    }
    return 0;
  },
};
