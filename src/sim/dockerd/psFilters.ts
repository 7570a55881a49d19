/**
 * The `filters` of `GET /containers/json` (`docker ps --filter name=web`
 * sends `filters={"name":{"web":true}}`), as moby's `daemon/list.go` applies
 * them. `name`, `id` and `status` values are Go regular expressions matched
 * anywhere in the text (filters.Args.Match), so `name=web` also lists
 * `webapp`; they run on re2js, a port of the RE2 engine Go's regexp is, so
 * a learner's pattern takes linear time, as in dockerd.
 */
import { RE2JS } from 're2js';
import { dict, own } from '../core/records';
import { parsePortRange, splitProtoPort } from '../core/nat';
import { DaemonError, invalid } from './errors';
import type { ContainerRecord, DockerdState } from './model';
import { findContainer, findImage } from './lookup';
import { portList } from './views';

/** moby `acceptedPsFilterTags`. */
const ACCEPTED = new Set([
  'ancestor',
  'before',
  'exited',
  'health',
  'id',
  'isolation',
  'label',
  'name',
  'status',
  'publish',
  'expose',
  'since',
  'volume',
  'network',
  'is-task',
]);

const STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

export type Filters = Readonly<Record<string, readonly string[]>>;

/**
 * filters.FromJSON: `{"key":{"value":true}}`, or the legacy `{"key":["value"]}`;
 * anything else is `invalid filter`. Keys outside moby's list: `invalid filter 'foo'`.
 */
export function parseFilters(
  raw: string | undefined,
  /** The keys the route accepts (moby's list for it); ps's by default. */
  accepted: ReadonlySet<string> = ACCEPTED,
): Filters {
  const out = dict<string[]>();
  if (raw === undefined || raw === '') return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('invalid filter');
  }
  if (parsed === null) return out;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('invalid filter');
  for (const [key, values] of Object.entries(parsed as Record<string, unknown>)) {
    if (values === null) out[key] = [];
    else if (Array.isArray(values) && values.every((v) => typeof v === 'string'))
      out[key] = values as string[];
    else if (
      typeof values === 'object' &&
      Object.values(values).every((v) => typeof v === 'boolean')
    )
      out[key] = Object.keys(values);
    else throw invalid('invalid filter');
  }
  for (const key of Object.keys(out))
    if (!accepted.has(key)) throw invalid(`invalid filter '${key}'`);
  return out;
}

/**
 * filters.Args.Match, compiled once per listing: no values match everything;
 * else a value equal to the text, or a regexp found in it.
 */
function matcher(values: readonly string[] | undefined): (...texts: string[]) => boolean {
  if (!values || values.length === 0) return () => true;
  const patterns = values.flatMap((v) => {
    try {
      return [RE2JS.compile(v)];
    } catch {
      return []; // Go skips a value that is not a valid regexp
    }
  });
  return (...texts) =>
    texts.some((t) => values.includes(t) || patterns.some((p) => p.matcher(t).find()));
}

/** `filters.Args.MatchKVList`: every `key` or `key=value` must be among the labels. */
function matchesLabels(values: readonly string[] | undefined, labels: Record<string, string>) {
  if (!values || values.length === 0) return true;
  if (Object.keys(labels).length === 0) return false;
  return values.every((v) => {
    const eq = v.indexOf('=');
    const key = eq < 0 ? v : v.slice(0, eq);
    const label = own(labels, key);
    return label !== undefined && (eq < 0 || label === v.slice(eq + 1));
  });
}

/** `publish=8080`, `expose=80-81/udp` → the set of `port/proto` they name. */
function portSet(key: string, values: readonly string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const v of values ?? []) {
    if (v.includes(':')) throw invalid(`filter for '${key}' should not contain ':': ${v}`);
    const [proto, port] = splitProtoPort(v);
    const range = parsePortRange(port);
    if (!range)
      throw new DaemonError(
        'System',
        `error while looking up for ${key} ${v}: ${rangeError(port)}`,
      );
    for (let p = range.start; p <= range.end; p++) out.add(`${p}/${proto}`);
  }
  return out;
}

/** The Go error text of nat.ParsePortRange for what it refused. */
function rangeError(port: string): string {
  if (port === '') return 'empty string specified for ports';
  const [a = '', b = ''] = port.split('-');
  for (const part of port.includes('-') ? [a, b] : [port]) {
    if (!/^[0-9]+$/.test(part)) return `strconv.ParseUint: parsing "${part}": invalid syntax`;
    if (Number(part) > 65535) return `strconv.ParseUint: parsing "${part}": value out of range`;
  }
  return `invalid range specified for port: ${port}`;
}

/**
 * Containers `list` (newest first, already cut to running unless `all`)
 * keeps under `filters`. `before`/`since` name a container by ID or name;
 * `status=` lists stopped ones too, as moby sets `All` for it.
 */
export function filterContainers(
  d: DockerdState,
  all: ContainerRecord[],
  f: Filters,
  listAll: boolean,
  limit: number,
): ContainerRecord[] {
  const exited: number[] = [];
  for (const v of f.exited ?? []) {
    if (!/^[+-]?[0-9]+$/.test(v))
      throw invalid(`invalid filter 'exited=${v}': strconv.Atoi: parsing "${v}": invalid syntax`);
    exited.push(Number(v));
  }
  for (const v of f.status ?? []) {
    if (!STATES.includes(v))
      throw invalid(
        `invalid filter 'status=${v}': invalid value for state (${v}): must be one of ${STATES.join(', ')}`,
      );
  }
  // life: moby ValidateHealthStatus, after the status values.
  for (const v of f.health ?? [])
    if (!['none', 'starting', 'healthy', 'unhealthy'].includes(v))
      throw invalid(
        `invalid filter 'health=${v}': invalid value for health (${v}): must be one of none, starting, healthy, unhealthy`,
      );
  const showAll = listAll || (f.status?.length ?? 0) > 0;
  let before = pick(d, f.before);
  const since = pick(d, f.since);
  const ancestors = f.ancestor
    ? new Set(f.ancestor.map((a) => findImage(d, a)?.id).filter((id) => id !== undefined))
    : undefined;
  const publish = portSet('publish', f.publish);
  const expose = portSet('expose', f.expose);
  const byName = matcher(f.name);
  const byId = matcher(f.id);
  const byStatus = matcher(f.status);
  const out: ContainerRecord[] = [];
  for (const c of all) {
    // moby includeContainerInList, in its order.
    if (before) {
      if (c.id === before.id) before = undefined;
      continue;
    }
    if (since && c.id === since.id) break;
    const running = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
    if (!running && !showAll && limit <= 0) continue;
    if (!byName(`/${c.name}`, c.name)) continue;
    if (!byId(c.id)) continue;
    if (!matchesLabels(f.label, c.config.Labels)) continue;
    if (limit > 0 && out.length === limit) break;
    if (
      exited.length > 0 &&
      !(!running && c.startedAt !== undefined && exited.includes(c.exitCode))
    )
      continue;
    if (!byStatus(c.state)) continue;
    // life: moby's snapshot Health: its status, or "none" for a container without a health check.
    if (f.health && f.health.length > 0 && !f.health.includes(c.health?.status ?? 'none')) continue;
    // volume=: a volume's name (a bind's source) or a mount's destination, matched exactly.
    if (
      f.volume &&
      f.volume.length > 0 &&
      !f.volume.some((v) =>
        (c.mounts ?? []).some((m) => v === m.Destination || v === (m.Name || m.Source)),
      )
    )
      continue;
    if (f.network && f.network.length > 0 && !f.network.some((n) => n === 'bridge')) continue;
    if (ancestors && !ancestors.has(c.imageId)) continue;
    if (publish.size > 0 || expose.size > 0) {
      const ports = portList(c);
      const hit = ports.some(
        (p) =>
          ('PublicPort' in p && publish.has(`${p.PublicPort}/${p.Type}`)) ||
          expose.has(`${p.PrivatePort}/${p.Type}`),
      );
      if (!hit) continue;
    }
    out.push(c);
  }
  return out;
}

/** idOrNameFilter: the container named by `before=`/`since=`, or dockerd's 404. */
function pick(d: DockerdState, values: readonly string[] | undefined): ContainerRecord | undefined {
  let found: ContainerRecord | undefined;
  for (const v of values ?? []) found = findContainer(d, v);
  return found;
}
