/**
 * `docker inspect`, `docker container inspect`, `docker image inspect`:
 * docker/cli's cli/command/inspect (v28.2.2).
 *
 * Each name is looked up on its own; what is found is printed together at
 * the end (an indented JSON array, or the template's text per object), then
 * the errors, one per line, and exit 1 if there were any. A `--format` is
 * parsed before any request: a bad one fails with exit 64.
 *
 * `docker inspect` without `--type` tries the kinds in the CLI's order:
 * container, image, network, volume, then (after asking /info whether this
 * node manages a swarm) the swarm kinds, then plugin, going on past a 404;
 * none found is `Error: No such object: NAME`.
 */
import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import type { Reply } from '../../core/network';
import type { Op } from '../../core/types';
import { last, isOn } from '../flags';
import { CliFailure, messageOf } from '../api';
import { clientId } from './containers';
import {
  MARSHAL,
  TemplateExecError,
  TemplateParseError,
  executeTemplate,
  goJsonCompact,
  goJsonString,
  omittedField,
  parseTemplate,
  type Template,
} from '../goTemplate';

const ALL_TYPES = [
  'config',
  'container',
  'image',
  'network',
  'node',
  'plugin',
  'secret',
  'service',
  'task',
  'volume',
] as const;
type ObjectType = (typeof ALL_TYPES)[number];

/** The order `docker inspect` tries the kinds in (cli/command/system/inspect.go inspectAll). */
const AUTODETECT: ReadonlyArray<{ type: ObjectType; swarm?: boolean }> = [
  { type: 'container' },
  { type: 'image' },
  { type: 'network' },
  { type: 'volume' },
  { type: 'service', swarm: true },
  { type: 'task', swarm: true },
  { type: 'node', swarm: true },
  { type: 'plugin' },
  { type: 'secret', swarm: true },
  { type: 'config', swarm: true },
];

/** Go map fields of the inspect structs: a missing key prints `<no value>`, keys print sorted. */
export const INSPECT_MAP_FIELDS: ReadonlySet<string> = new Set([
  'Labels',
  'ExposedPorts',
  'Volumes',
  'PortBindings',
  'Ports',
  'Networks',
  'DriverOpts',
  'Options',
  'Data',
  'StorageOpt',
  'Tmpfs',
  'Sysctls',
  'Annotations',
  'Containers',
  'Status',
  'UsageData',
]);

/**
 * Fields the Go structs have but the JSON leaves out when empty
 * (`omitempty`): a typed template still reads them (`{{.SizeRw}}` is `<nil>`
 * without `-s`).
 */
const OMITTED: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  container: {
    SizeRw: omittedField('<nil>'),
    SizeRootFs: omittedField('<nil>'),
    ImageManifestDescriptor: omittedField('<nil>'),
  },
};
const OMITTED_IN: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  State: { Health: omittedField('<nil>') },
  Config: {
    ExposedPorts: omittedField('map[]'),
    Healthcheck: omittedField('<nil>'),
    StopTimeout: omittedField('<nil>'),
    Shell: omittedField('[]'),
  },
};

/** HostConfig's []string and strslice fields (api/types/container.HostConfig). */
const NIL_SLICES = [
  'Binds',
  'VolumesFrom',
  'CapAdd',
  'CapDrop',
  'ExtraHosts',
  'GroupAdd',
  'Links',
  'SecurityOpt',
  'DeviceCgroupRules',
  'MaskedPaths',
  'ReadonlyPaths',
];

/**
 * Go's time.Time String() of an RFC 3339 time: `2026-12-03 17:51:04.406846436 +0000 UTC`
 */
export function goTimeText(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(rfc3339);
  if (!m) return rfc3339;
  // time.Time.String's `.999999999`: no trailing zeros, and no fraction for a whole second.
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${fraction ? `.${fraction}` : ''} +0000 UTC`;
}

/**
 * The typed value docker/cli decodes: the JSON plus the fields JSON omitted;
 * `Id` is the Go field `ID` (so `{{.Id}}` fails typed and is answered by the
 * raw fallback, as with the real CLI), and an image's LastTagTime is a
 * time.Time, printed in Go's own format.
 */
function typed(kind: ObjectType, raw: Record<string, unknown>): Record<PropertyKey, unknown> {
  // `{{json .}}` marshals the Go struct: the JSON dockerd sent, its own field names.
  const out: Record<PropertyKey, unknown> = {
    [MARSHAL]: () => goJsonCompact(raw, false, INSPECT_MAP_FIELDS),
  };
  for (const [k, v] of Object.entries(raw)) out[k === 'Id' ? 'ID' : k] = v;
  const meta = out.Metadata as { LastTagTime?: unknown } | undefined;
  if (kind === 'image' && meta && typeof meta.LastTagTime === 'string')
    out.Metadata = {
      ...meta,
      LastTagTime: goTimeText(meta.LastTagTime),
      [MARSHAL]: () => goJsonCompact(meta),
    };
  for (const [k, v] of Object.entries(OMITTED[kind] ?? {})) if (!Object.hasOwn(out, k)) out[k] = v;
  // ── res: HostConfig's Go field names where the JSON tag differs ──
  if (kind === 'container') out.HostConfig = goHostConfig(out.HostConfig);
  if (kind === 'container')
    for (const [field, extra] of Object.entries(OMITTED_IN)) {
      const inner = out[field];
      if (inner && typeof inner === 'object') {
        const copy: Record<string, unknown> = { ...(inner as Record<string, unknown>) };
        for (const [k, v] of Object.entries(extra)) if (!Object.hasOwn(copy, k)) copy[k] = v;
        out[field] = copy;
      }
    }
  // ── sec: HostConfig's slices dockerd sends as null decode to nil slices: fmt prints `[]` ──
  const hc = out.HostConfig;
  if (kind === 'container' && hc && typeof hc === 'object') {
    // `{{json .HostConfig}}` still marshals them as null, as Go does a nil slice.
    const copy: Record<PropertyKey, unknown> = {
      ...(hc as Record<string, unknown>),
      [MARSHAL]: () => goJsonCompact(hc, false, INSPECT_MAP_FIELDS),
    };
    for (const k of NIL_SLICES) if (copy[k] === null) copy[k] = omittedField('[]');
    out.HostConfig = copy;
  }
  return out;
}

/**
 * container.HostConfig under its Go field names where the JSON tag is another
 * (`CPUShares` is sent as `CpuShares`, `NanoCPUs` as `NanoCpus`, `DNS` as `Dns`): a
 * template naming the JSON key fails on the typed value, and the CLI answers it from
 * the raw JSON, as a map. `{{json .HostConfig}}` still marshals the JSON names.
 */
const HOST_CONFIG_GO_NAMES: Readonly<Record<string, string>> = {
  CpuShares: 'CPUShares',
  NanoCpus: 'NanoCPUs',
  CpuPeriod: 'CPUPeriod',
  CpuQuota: 'CPUQuota',
  CpuRealtimePeriod: 'CPURealtimePeriod',
  CpuRealtimeRuntime: 'CPURealtimeRuntime',
  CpuCount: 'CPUCount',
  CpuPercent: 'CPUPercent',
  Dns: 'DNS',
  DnsOptions: 'DNSOptions',
  DnsSearch: 'DNSSearch',
};

function goHostConfig(hc: unknown): unknown {
  if (!hc || typeof hc !== 'object') return hc;
  const raw = hc as Record<string, unknown>;
  const out: Record<PropertyKey, unknown> = {
    [MARSHAL]: () => goJsonCompact(raw, false, INSPECT_MAP_FIELDS),
  };
  for (const [k, v] of Object.entries(raw)) out[HOST_CONFIG_GO_NAMES[k] ?? k] = v;
  return out;
}

/**
 * The daemon's JSON as the CLI prints it (json.Indent of what dockerd sent):
 * four-space indent, map keys in sorted order as Go marshals maps, `<>&` as
 * they are (dockerd's WriteJSON turns HTML escaping off; U+2028/9 stay escaped).
 */
export function indentedJson(v: unknown, indent = '', mapKeys = false): string {
  const next = `${indent}    `;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v, false);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((e) => next + indentedJson(e, next, mapKeys)).join(',\n')}\n${indent}]`;
  }
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (mapKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '{}';
  return `{\n${keys
    .map(
      (k) =>
        `${next}${goJsonString(k, false)}: ${indentedJson(o[k], next, INSPECT_MAP_FIELDS.has(k))}`,
    )
    .join(',\n')}\n${indent}}`;
}

/** What one name gave: the object (and its kind), or the error line the CLI prints. */
type Found =
  { ok: true; kind: ObjectType; body: Record<string, unknown> } | { ok: false; error: string };

export interface InspectPlan {
  /** The kinds to try, in order. */
  kinds: readonly ObjectType[];
  /** Go on past a "not found" to the next kind (`docker inspect` without --type). */
  autodetect: boolean;
  size: boolean;
  /** A name refused before any request (`volume inspect ''`): the error line, or undefined. */
  check?: (ref: string) => string | undefined;
}

/** The request for one kind of object. */
function* fetchOne(ctx: CommandContext, kind: ObjectType, ref: string, size: boolean): Task<Reply> {
  const req = (path: string, op: Op, summary: string, query?: Record<string, string>) =>
    ctx.api.request('GET', path, {
      op,
      ...(kind === 'container'
        ? { subjects: { container: ref } }
        : kind === 'image'
          ? { subjects: { image: ref } }
          : kind === 'network'
            ? { subjects: { network: ref } }
            : kind === 'volume'
              ? { subjects: { volume: ref } }
              : {}),
      ...(query ? { query } : {}),
      summary,
    });
  switch (kind) {
    case 'container':
      return yield* req(
        `/containers/${ref}/json`,
        'engine.containers.inspect',
        `the CLI asks dockerd for container ${ref}’s record`,
        size ? { size: '1' } : undefined,
      );
    case 'image':
      return yield* req(
        `/images/${ref}/json`,
        'engine.images.inspect',
        `the CLI asks dockerd for image ${ref}’s record`,
      );
    case 'network':
      return yield* req(
        `/networks/${ref}`,
        'engine.networks.inspect',
        `the CLI asks dockerd for network ${ref}`,
      );
    case 'volume':
      return yield* req(
        `/volumes/${ref}`,
        'engine.volumes.inspect',
        `the CLI asks dockerd for volume ${ref}`,
      );
    case 'plugin':
      return yield* req(
        `/plugins/${ref}/json`,
        'engine.plugins.inspect',
        `the CLI asks dockerd for a plugin named ${ref}`,
      );
    default:
      return yield* req(
        `/${kind}s/${ref}`,
        'engine.swarm.inspect',
        `the CLI asks dockerd for the swarm ${kind} ${ref}`,
      );
  }
}

/** docker/cli isErrSkippable: not found, "not supported", "invalid reference format". */
const skippable = (r: Reply) =>
  r.status === 404 ||
  messageOf(r).includes('not supported') ||
  messageOf(r).includes('invalid reference format');

function* lookUp(ctx: CommandContext, ref: string, plan: InspectPlan): Task<Found> {
  let swarm: boolean | undefined;
  for (const kind of plan.kinds) {
    const isSwarm = AUTODETECT.find((a) => a.type === kind)?.swarm ?? false;
    if (plan.autodetect && isSwarm) {
      if (swarm === undefined) {
        const info = yield* ctx.api.request('GET', '/info', {
          op: 'engine.system.info',
          summary:
            'the CLI asks dockerd whether it manages a swarm before it looks for swarm objects',
        });
        if (info.status !== 200) {
          ctx.err(`Error response from daemon: ${messageOf(info)}\n`);
          swarm = false;
        } else
          swarm = !!(info.body as { Swarm?: { ControlAvailable?: boolean } }).Swarm
            ?.ControlAvailable;
      }
      if (!swarm) continue;
    }
    if (kind === 'container') {
      const id = clientId(ref);
      if (!id.ok) {
        if (plan.autodetect) continue;
        yield* ctx.api.ping();
        return { ok: false, error: id.error };
      }
    }
    const r = yield* fetchOne(ctx, kind, ref, plan.size && kind === 'container');
    if (r.status !== 200) {
      if (plan.autodetect && skippable(r)) continue;
      return { ok: false, error: `Error response from daemon: ${messageOf(r)}` };
    }
    if (plan.size && kind !== 'container') ctx.err(`WARNING: --size ignored for ${kind}\n`);
    return { ok: true, kind, body: r.body as Record<string, unknown> };
  }
  return { ok: false, error: `Error: No such object: ${ref}` };
}

/**
 * docker/cli TemplateInspector.Inspect: run the template on the typed value;
 * if that fails, on the raw JSON decoded into maps, with missingkey=error.
 */
function runTemplate(tmpl: Template, kind: ObjectType, body: Record<string, unknown>): string {
  try {
    return executeTemplate(tmpl, typed(kind, body), { mapFields: INSPECT_MAP_FIELDS });
  } catch (e) {
    if (!(e instanceof TemplateExecError)) throw e;
  }
  try {
    return executeTemplate(tmpl, body, { allMaps: true, missingKeyError: true });
  } catch (e) {
    if (e instanceof TemplateExecError)
      throw new InspectError(`template parsing error: ${e.message}`);
    throw e;
  }
}

class InspectError extends Error {}

export function* inspectAll(ctx: CommandContext, plan: InspectPlan): Task<number> {
  const format = last(ctx.flags, 'format') ?? '';
  let tmpl: Template | undefined;
  if (format !== '' && format !== 'json') {
    try {
      tmpl = parseTemplate(format);
    } catch (e) {
      if (e instanceof TemplateParseError) {
        ctx.err(`template parsing error: ${e.message}\n`);
        return 64;
      }
      throw e;
    }
  }
  const found: Array<Record<string, unknown>> = [];
  let text = '';
  const errors: string[] = [];
  for (const ref of ctx.args) {
    let got: Found;
    const refused = plan.check?.(ref);
    try {
      got = refused !== undefined ? { ok: false, error: refused } : yield* lookUp(ctx, ref, plan);
    } catch (e) {
      if (!(e instanceof CliFailure)) throw e;
      got = { ok: false, error: e.text };
    }
    if (!got.ok) {
      errors.push(got.error);
      continue;
    }
    if (!tmpl) {
      found.push(got.body);
      continue;
    }
    try {
      text += `${runTemplate(tmpl, got.kind, got.body)}\n`;
    } catch (e) {
      if (!(e instanceof InspectError)) throw e;
      errors.push(e.message);
    }
  }
  if (!tmpl) {
    // json.Indent of the raw answers, or json.Compact for `--format json`.
    if (found.length === 0) ctx.out('[]\n');
    else if (format === 'json') ctx.out(`${compactJson(found)}\n`);
    else ctx.out(`${indentedJson(found)}\n`);
  } else ctx.out(text === '' ? '\n' : text);
  if (errors.length > 0) {
    ctx.err(`${errors.join('\n')}\n`);
    return 1;
  }
  return 0;
}

/** json.Compact of the daemon's answers. */
function compactJson(v: unknown, mapKeys = false): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v, false);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((e) => compactJson(e, mapKeys)).join(',')}]`;
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (mapKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys
    .map((k) => `${goJsonString(k, false)}:${compactJson(o[k], INSPECT_MAP_FIELDS.has(k))}`)
    .join(',')}}`;
}

export const inspectCommand: CommandSpec = {
  help: 'inspect',
  forms: ['inspect'],
  args: { kind: 'min', n: 1 },
  simulated: ['format', 'type', 'size'],
  *execute(ctx) {
    const type = last(ctx.flags, 'type');
    const list = `"${ALL_TYPES.join('", "')}"`;
    if (type === '') {
      ctx.err(`type is empty: must be one of ${list}\n`);
      return 1;
    }
    if (type !== undefined && !(ALL_TYPES as readonly string[]).includes(type)) {
      ctx.err(`unknown type: "${type}": must be one of ${list}\n`);
      return 1;
    }
    return yield* inspectAll(ctx, {
      kinds: type ? [type as ObjectType] : AUTODETECT.map((a) => a.type),
      autodetect: type === undefined,
      size: isOn(ctx.flags, 'size'),
    });
  },
};

export const containerInspectCommand: CommandSpec = {
  help: 'container inspect',
  forms: ['container inspect'],
  args: { kind: 'min', n: 1 },
  simulated: ['format', 'size'],
  execute: (ctx) =>
    inspectAll(ctx, { kinds: ['container'], autodetect: false, size: isOn(ctx.flags, 'size') }),
};

export const imageInspectCommand: CommandSpec = {
  help: 'image inspect',
  forms: ['image inspect'],
  args: { kind: 'min', n: 1 },
  simulated: ['format'],
  execute: (ctx) => inspectAll(ctx, { kinds: ['image'], autodetect: false, size: false }),
};
