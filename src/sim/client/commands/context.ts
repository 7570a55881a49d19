import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import { isOn, last } from '../flags';
import { ellipsis } from '../format';
import {
  DEFAULT_CONTEXT,
  DEFAULT_DESCRIPTION,
  contextNameError,
  type ContextMeta,
  type EndpointMeta,
} from '../contextStore';
import { goJsonIndent } from './contextFormat';
import {
  formatList,
  type ListFormatResult,
  type ListFormatSpec,
  type ListRow,
} from '../listFormat';
import {
  MARSHAL,
  TemplateExecError,
  TemplateParseError,
  executeTemplate,
  goJsonCompact,
  parseTemplate,
} from '../goTemplate';

/**
 * The Go value `--format` sees: contextWithTLSListing embeds store.Metadata,
 * so `.Name` and `.Endpoints` are promoted and `.Metadata` is the embedded
 * struct itself (Name, Metadata, Endpoints); `json` flattens it again.
 */
function typedListing(item: unknown): Record<PropertyKey, unknown> {
  const o = item as Record<string, unknown>;
  return {
    ...o,
    Metadata: { Name: o.Name, Metadata: o.Metadata, Endpoints: o.Endpoints },
    [MARSHAL]: () => goJsonCompact(o, false, CONTEXT_MAPS),
  };
}

/** The maps of a context's inspect view: Metadata's fields, the endpoints, the TLS material. */
const CONTEXT_MAPS: ReadonlySet<string> = new Set(['Endpoints', 'TLSMaterial']);
import { sshUrlError } from '../target';

/**
 * `docker context …`: the CLI answers from its own store under
 * ~/.docker/contexts and config.json, never from a daemon, so these commands
 * send no request (docker/cli 28.2 cli/command/context).
 */

/**
 * A command the CLI answers at once from its files: a Task that finishes
 * without waiting for anything (no message is sent).
 */
function answered(run: (ctx: CommandContext) => number): (ctx: CommandContext) => Task<number> {
  return (ctx) => {
    const code = run(ctx);
    // eslint-disable-next-line require-yield -- nothing to wait for: no message is sent
    return (function* (): Task<number> {
      return code;
    })();
  };
}

const fail = (ctx: CommandContext, text: string): number => {
  ctx.err(`${text}\n`);
  return 1;
};

/** A context as the CLI sees it: `default` is made up from -H/DOCKER_HOST, the others are stored. */
function metadataOf(
  ctx: CommandContext,
  name: string,
): { ok: true; meta: ContextMeta; tls: string[] } | { ok: false; error: string } {
  if (name === DEFAULT_CONTEXT) {
    const ep = ctx.cli.defaultEndpoint();
    if (!ep.ok) return ep;
    const { Host, SkipTLSVerify } = ep.endpoint;
    const tls = ep.endpoint.tls
      ? (['ca', 'cert', 'key'] as const).filter((k) => ep.endpoint.tls![k]).map((k) => `${k}.pem`)
      : [];
    return {
      ok: true,
      meta: { Name: DEFAULT_CONTEXT, Metadata: {}, Endpoints: { docker: { Host, SkipTLSVerify } } },
      tls,
    };
  }
  const got = ctx.cli.store.get(name);
  return got.ok ? { ...got, tls: ctx.cli.store.tlsFilesOf(name) } : got;
}

/** `docker context ls`: every context, the current one starred, in natural order. */
export const contextLsCommand: CommandSpec = {
  help: 'context ls',
  forms: ['context ls', 'context list'],
  args: { kind: 'none' },
  daemonless: true,
  simulated: ['format', 'quiet'],
  execute: answered((ctx) => {
    const current = ctx.cli.currentContext;
    const rows: Row[] = [];
    const def = ctx.cli.defaultEndpoint();
    if (!def.ok) return fail(ctx, def.error);
    rows.push({
      Name: DEFAULT_CONTEXT,
      Current: current === DEFAULT_CONTEXT,
      Description: DEFAULT_DESCRIPTION,
      DockerEndpoint: def.endpoint.Host,
      Error: '',
    });
    for (const m of ctx.cli.store.list())
      rows.push({
        Name: m.Name,
        Current: m.Name === current,
        Description: m.Metadata.Description ?? '',
        DockerEndpoint: m.Endpoints.docker?.Host ?? '',
        Error: '',
      });
    if (!rows.some((r) => r.Current)) {
      const got = ctx.cli.store.get(current);
      rows.push({
        Name: current,
        Current: true,
        Description: '',
        DockerEndpoint: '',
        Error: got.ok ? '' : got.error,
      });
    }
    rows.sort((a, b) => naturalLess(a.Name, b.Name));
    const format = isOn(ctx.flags, 'quiet') ? '{{.Name}}' : (last(ctx.flags, 'format') ?? '');
    const text = renderRows(rows, format);
    if (typeof text !== 'string' && !text.ok) return fail(ctx, text.error);
    ctx.out(typeof text === 'string' ? text : text.text);
    if (ctx.cli.envHost !== '')
      ctx.err(
        'Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.\n',
      );
    return 0;
  }),
};

interface Row {
  Name: string;
  Current: boolean;
  Description: string;
  DockerEndpoint: string;
  Error: string;
}

function renderRows(rows: Row[], format: string): ListFormatResult | string {
  if (format === '' || format === 'table') {
    const cells = [
      ['NAME', 'DESCRIPTION', 'DOCKER ENDPOINT', 'ERROR'],
      ...rows.map((r) => [
        r.Current ? `${r.Name} *` : r.Name,
        r.Description,
        r.DockerEndpoint,
        ellipsis(r.Error, 45),
      ]),
    ];
    return paddedTable(cells);
  }
  // The formatter's JSON: the row's fields, keys in sorted order (it marshals a map).
  const asJson = (r: Row) =>
    JSON.stringify({
      Current: r.Current,
      Description: r.Description,
      DockerEndpoint: r.DockerEndpoint,
      Error: r.Error,
      Name: r.Name,
    });
  if (format === 'json') return rows.map((r) => `${asJson(r)}\n`).join('');
  return formatList(format, rows as unknown as ListRow[], CONTEXT_LIST_FORMAT);
}

/** docker/cli's context list formatter: its row type and header names (no header for Current). */
const CONTEXT_LIST_FORMAT: ListFormatSpec = {
  rowType: '*formatter.clientContextContext',
  headers: {
    Name: 'NAME',
    Description: 'DESCRIPTION',
    DockerEndpoint: 'DOCKER ENDPOINT',
    Error: 'ERROR',
  },
  defaultTable: 'table {{.Name}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}',
};

/**
 * Go's tabwriter (min width 10, padding 3) over cells that are all
 * tab-terminated but the last: a padded cell keeps its trailing spaces even
 * when the last (ERROR) is empty, as the real `context ls` prints.
 */
function paddedTable(rows: string[][]): string {
  const len = (s: string) => [...s].length;
  const widths = rows[0]!
    .slice(0, -1)
    .map((_, c) => Math.max(10, ...rows.map((r) => len(r[c]!) + 3)));
  return rows
    .map(
      (r) =>
        r.map((cell, c) => (c < widths.length ? cell.padEnd(widths[c]!, ' ') : cell)).join('') +
        '\n',
    )
    .join('');
}

/** fvbommel/sortorder NaturalLess: runs of digits compare as numbers. */
function naturalLess(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant', caseFirst: 'upper' });
}

/** `docker context show`: the name only, never checked. */
export const contextShowCommand: CommandSpec = {
  help: 'context show',
  forms: ['context show'],
  args: { kind: 'none' },
  daemonless: true,
  simulated: [],
  execute: answered((ctx) => {
    ctx.out(`${ctx.cli.currentContext}\n`);
    return 0;
  }),
};

/** `docker context use NAME`: config.json's currentContext (dropped for `default`). */
export const contextUseCommand: CommandSpec = {
  help: 'context use',
  forms: ['context use'],
  args: { kind: 'exact', n: 1 },
  daemonless: true,
  simulated: [],
  execute: answered((ctx) => {
    const name = ctx.args[0]!;
    let value = '';
    if (name !== DEFAULT_CONTEXT) {
      const bad = contextNameError(name);
      if (bad) return fail(ctx, bad);
      const got = ctx.cli.store.get(name);
      if (!got.ok) return fail(ctx, got.error);
      value = name;
    }
    // The CLI saves config.json only when the value changes.
    if (ctx.cli.store.currentContext() !== value) ctx.cli.store.setCurrentContext(value);
    ctx.out(`${name}\n`);
    ctx.err(`Current context is now ${JSON.stringify(name)}\n`);
    if (name !== DEFAULT_CONTEXT && ctx.cli.envHost !== '')
      ctx.err(
        `Warning: DOCKER_HOST environment variable overrides the active context. To use ${JSON.stringify(name)}, either set the global --context flag, or unset DOCKER_HOST environment variable.\n`,
      );
    return 0;
  }),
};

/** `docker context inspect [NAME…]`: what the store holds, as JSON, and where. */
export const contextInspectCommand: CommandSpec = {
  help: 'context inspect',
  forms: ['context inspect'],
  args: { kind: 'any' },
  daemonless: true,
  simulated: ['format'],
  execute: answered((ctx) => {
    const refs = ctx.args.length > 0 ? ctx.args : [ctx.cli.currentContext];
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const ref of refs) {
      const got = metadataOf(ctx, ref);
      if (!got.ok) {
        errors.push(got.error);
        continue;
      }
      const stored = ref !== DEFAULT_CONTEXT;
      found.push({
        Name: got.meta.Name,
        Metadata: got.meta.Metadata,
        Endpoints: got.meta.Endpoints,
        TLSMaterial: got.tls.length > 0 ? { docker: got.tls } : {},
        Storage: {
          MetadataPath: stored ? ctx.cli.store.metaDir(ref) : '<IN MEMORY>',
          TLSPath: stored ? ctx.cli.store.tlsDir(ref) : '<IN MEMORY>',
        },
      });
    }
    const format = last(ctx.flags, 'format') ?? '';
    if (format === '' || format === 'json') {
      ctx.out(`${goJsonIndent(found)}\n`);
    } else {
      // docker/cli inspect.Inspect with a typed element: parse first (exit 64), then each context.
      let tmpl;
      try {
        tmpl = parseTemplate(format);
      } catch (e) {
        if (!(e instanceof TemplateParseError)) throw e;
        ctx.err(`template parsing error: ${e.message}\n`);
        return 64;
      }
      let text = '';
      for (const item of found) {
        try {
          text += `${executeTemplate(tmpl, typedListing(item), { rootType: 'context.contextWithTLSListing', mapFields: CONTEXT_MAPS })}\n`;
        } catch (e) {
          if (!(e instanceof TemplateExecError)) throw e;
          errors.push(`template parsing error: ${e.message}`);
        }
      }
      ctx.out(text === '' ? '\n' : text);
    }
    if (errors.length > 0) return fail(ctx, errors.join('\n'));
    return 0;
  }),
};

/** `docker context rm NAME…`: each name on its own; errors are gathered and printed at the end. */
export const contextRmCommand: CommandSpec = {
  help: 'context rm',
  forms: ['context rm', 'context remove'],
  args: { kind: 'min', n: 1 },
  daemonless: true,
  simulated: ['force'],
  execute: answered((ctx) => {
    const force = isOn(ctx.flags, 'force');
    const current = ctx.cli.currentContext;
    const errors: string[] = [];
    for (const name of ctx.args) {
      if (name === DEFAULT_CONTEXT) {
        errors.push('context "default" cannot be removed');
        continue;
      }
      if (name === current) {
        if (!force) {
          errors.push(`context ${JSON.stringify(name)} is in use, set -f flag to force remove`);
          continue;
        }
        ctx.cli.store.setCurrentContext('');
      }
      if (!force && !ctx.cli.store.has(name)) {
        errors.push(`context ${JSON.stringify(name)} does not exist`);
        continue;
      }
      ctx.cli.store.remove(name);
      ctx.out(`${name}\n`);
    }
    return errors.length > 0 ? fail(ctx, errors.join('\n')) : 0;
  }),
};

/** The `--docker key=value,…` keys the CLI knows. */
const DOCKER_KEYS = ['from', 'host', 'ca', 'cert', 'key', 'skip-tls-verify'];

/**
 * The docker endpoint a `--docker` map describes (cli/command/context/options.go
 * getDockerEndpoint), with the TLS files it names read now, or the error.
 */
function endpointFromMap(
  ctx: CommandContext,
  config: Map<string, string>,
):
  | {
      ok: true;
      endpoint: EndpointMeta;
      tls: Partial<Record<'ca.pem' | 'cert.pem' | 'key.pem', string>> | undefined;
    }
  | { ok: false; error: string } {
  const unknown = [...config.keys()].filter((k) => !DOCKER_KEYS.includes(k));
  if (unknown.length > 0)
    return { ok: false, error: unknown.map((k) => `unrecognized config key: ${k}`).join('\n') };
  const from = config.get('from');
  if (from !== undefined) {
    const got = metadataOf(ctx, from);
    if (!got.ok) return got;
    const docker = got.meta.Endpoints.docker;
    if (!docker)
      return { ok: false, error: `unable to get endpoint from context ${JSON.stringify(from)}` };
    return { ok: true, endpoint: { ...docker }, tls: undefined };
  }
  const material: Partial<Record<'ca.pem' | 'cert.pem' | 'key.pem', string>> = {};
  for (const [key, file] of [
    ['ca', 'ca.pem'],
    ['cert', 'cert.pem'],
    ['key', 'key.pem'],
  ] as const) {
    const path = config.get(key);
    if (!path) continue;
    const text = ctx.machine.files.get(ctx.machine.resolve(path));
    if (text === undefined) return { ok: false, error: `open ${path}: no such file or directory` };
    material[file] = text;
  }
  let skip = false;
  const rawSkip = config.get('skip-tls-verify');
  if (rawSkip !== undefined) {
    if (/^(1|t|T|TRUE|true|True)$/.test(rawSkip)) skip = true;
    else if (!/^(0|f|F|FALSE|false|False)$/.test(rawSkip))
      return {
        ok: false,
        error: `skip-tls-verify: parsing ${JSON.stringify(rawSkip)}: invalid syntax`,
      };
  }
  const host = config.get('host') ?? '';
  const invalid = hostError(host);
  if (invalid) return { ok: false, error: invalid };
  return {
    ok: true,
    endpoint: { Host: host, SkipTLSVerify: skip },
    tls: Object.keys(material).length > 0 ? material : undefined,
  };
}

/** What the Go client says of a context's host when it cannot use it (the CLI builds one to check). */
function hostError(host: string): string | undefined {
  if (host === '') return undefined;
  const ssh = sshUrlError(host);
  if (ssh)
    return `invalid docker endpoint options: ssh host connection is not valid: invalid SSH URL: ${ssh}`;
  if (!host.includes('://'))
    return `unable to apply docker endpoint options: unable to parse docker host \`${host}\``;
  const port = /^tcp:\/\/(?:\[[^\]]*\]|[^:/]*):([^/]*)/.exec(host)?.[1];
  if (port !== undefined && !/^\d*$/.test(port))
    return `invalid docker endpoint options: parse ${JSON.stringify(host)}: invalid port ":${port}" after host`;
  return undefined;
}

/** pflag's stringToString: `a=1,b=2` (several flags add up), later keys win. */
function dockerMap(ctx: CommandContext): Map<string, string> | undefined {
  const values = ctx.flags.docker;
  if (!values) return undefined;
  const map = new Map<string, string>();
  for (const v of values) {
    let key: string | undefined;
    for (const pair of v.split(',')) {
      const eq = pair.indexOf('=');
      if (eq === -1) {
        if (key !== undefined) map.set(key, `${map.get(key)!},${pair}`);
        continue;
      }
      key = pair.slice(0, eq);
      map.set(key, pair.slice(eq + 1));
    }
  }
  return map;
}

/** `docker context create NAME`: from --docker, from --from, or from the current context. */
export const contextCreateCommand: CommandSpec = {
  help: 'context create',
  forms: ['context create'],
  args: { kind: 'exact', n: 1 },
  daemonless: true,
  simulated: ['description', 'docker', 'from'],
  execute: answered((ctx) => {
    const name = ctx.args[0]!;
    const bad = contextNameError(name);
    if (bad) return fail(ctx, bad);
    if (ctx.cli.store.has(name)) return fail(ctx, `context ${JSON.stringify(name)} already exists`);
    const description = last(ctx.flags, 'description') ?? '';
    const from = last(ctx.flags, 'from') ?? '';
    const docker = dockerMap(ctx);
    if (from !== '' || docker === undefined) {
      // A copy of an existing context (the current one by default), its description and TLS too.
      if (docker && docker.size > 0)
        return fail(ctx, 'cannot use --docker flag when --from is set');
      const source = from || ctx.cli.currentContext;
      const got = metadataOf(ctx, source);
      if (!got.ok) return fail(ctx, got.error);
      const sourceDescription =
        source === DEFAULT_CONTEXT ? DEFAULT_DESCRIPTION : (got.meta.Metadata.Description ?? '');
      ctx.cli.store.save({
        Name: name,
        Metadata: { Description: description || sourceDescription },
        Endpoints: got.meta.Endpoints,
      });
      if (source !== DEFAULT_CONTEXT)
        ctx.cli.store.resetTls(name, ctx.cli.store.tlsMaterialOf(source));
    } else {
      const ep = endpointFromMap(ctx, docker);
      if (!ep.ok) return fail(ctx, `unable to create docker endpoint config: ${ep.error}`);
      ctx.cli.store.save({
        Name: name,
        Metadata: { Description: description },
        Endpoints: { docker: ep.endpoint },
      });
      ctx.cli.store.resetTls(name, ep.tls);
    }
    ctx.out(`${name}\n`);
    ctx.err(`Successfully created context ${JSON.stringify(name)}\n`);
    return 0;
  }),
};

/** `docker context update NAME`: a new description and/or a new docker endpoint. */
export const contextUpdateCommand: CommandSpec = {
  help: 'context update',
  forms: ['context update'],
  args: { kind: 'exact', n: 1 },
  daemonless: true,
  simulated: ['description', 'docker'],
  execute: answered((ctx) => {
    const name = ctx.args[0]!;
    const bad = contextNameError(name);
    if (bad) return fail(ctx, bad);
    const got = ctx.cli.store.get(name);
    if (!got.ok) return fail(ctx, got.error);
    const meta = got.meta;
    const description = last(ctx.flags, 'description') ?? '';
    if (description !== '') meta.Metadata = { ...meta.Metadata, Description: description };
    const docker = dockerMap(ctx);
    if (docker !== undefined) {
      const ep = endpointFromMap(ctx, docker);
      if (!ep.ok) return fail(ctx, `unable to create docker endpoint config: ${ep.error}`);
      meta.Endpoints = { ...meta.Endpoints, docker: ep.endpoint };
      ctx.cli.store.resetTls(name, ep.tls);
    }
    ctx.cli.store.save(meta);
    ctx.out(`${name}\n`);
    ctx.err(`Successfully updated context ${JSON.stringify(name)}\n`);
    return 0;
  }),
};

export const CONTEXT_COMMANDS: CommandSpec[] = [
  contextCreateCommand,
  contextLsCommand,
  contextUseCommand,
  contextInspectCommand,
  contextRmCommand,
  contextShowCommand,
  contextUpdateCommand,
];
