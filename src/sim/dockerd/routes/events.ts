import type { Route } from '../router';
import { Signal } from '../../core/signal';
import { wait } from '../../core/scheduler';
import { invalid, systemError } from '../errors';
import { parseFilters, type Filters } from '../psFilters';
import { loggedEvents, subscribeEvents, type EventMessage } from '../events';

/**
 * moby eventTime (api/server/router/system): `seconds[.nanoseconds]` as the
 * CLI sends it (it turned `10m` or a date into that already); empty is no limit.
 * Returned in Unix nanoseconds as a bigint (a double cannot hold them).
 */
function eventTime(value: string | undefined): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  const [s = '', n] = value.split('.', 2) as [string, string | undefined];
  if (!/^[+-]?\d+$/.test(s)) throw systemError(`strconv.ParseInt: parsing "${s}": invalid syntax`);
  if (n === undefined) return BigInt(s) * 1_000_000_000n;
  if (!/^[+-]?\d+$/.test(n)) throw systemError(`strconv.ParseInt: parsing "${n}": invalid syntax`);
  // parseTimestamp scales the fraction to nanoseconds by its number of digits.
  const nanos = Math.round(Number(n) * 10 ** (9 - n.length));
  return BigInt(s) * 1_000_000_000n + BigInt(nanos);
}

/** filters.Args.ExactMatch: no values for the key, or one equal to `source`. */
const exact = (f: Filters, key: string, source: string) =>
  !f[key]?.length || f[key].includes(source);
/** filters.Args.FuzzyMatch: exact, or a value that is a prefix of `source`. */
const fuzzy = (f: Filters, key: string, source: string) =>
  exact(f, key, source) || (f[key] ?? []).some((v) => source.startsWith(v));

/** reference.FamiliarName of an image reference: the tag or digest dropped. */
function stripTag(image: string): string {
  const at = image.indexOf('@');
  const base = at >= 0 ? image.slice(0, at) : image;
  const slash = base.lastIndexOf('/');
  const colon = base.lastIndexOf(':');
  return colon > slash ? base.slice(0, colon) : base;
}

/** moby daemon/events Filter.Include. */
export function includeEvent(f: Filters, ev: EventMessage): boolean {
  const action = ev.Action;
  const fuzzyEvent = (f.event ?? []).some((v) =>
    ['health_status', 'exec_create', 'exec_start'].includes(v),
  );
  if (!(fuzzyEvent ? fuzzy(f, 'event', action) : exact(f, 'event', action))) return false;
  if (!exact(f, 'type', ev.Type)) return false;
  if (f.scope?.length && !exact(f, 'scope', ev.scope)) return false;
  const name = ev.Actor.Attributes.name ?? '';
  // Each kind's filter reads every event's actor: `--filter container=web` drops network events.
  for (const kind of [
    'daemon',
    'container',
    'plugin',
    'volume',
    'network',
    'node',
    'service',
    'secret',
    'config',
  ])
    if (!fuzzy(f, kind, ev.Actor.ID) && !fuzzy(f, kind, name)) return false;
  const imageName = ev.Actor.Attributes[ev.Type === 'image' ? 'name' : 'image'] ?? '';
  if (
    !exact(f, 'image', ev.Actor.ID) &&
    !exact(f, 'image', imageName) &&
    !exact(f, 'image', stripTag(ev.Actor.ID)) &&
    !exact(f, 'image', stripTag(imageName))
  )
    return false;
  // MatchKVList: every `label=k` or `label=k=v` must be among the attributes.
  for (const spec of f.label ?? []) {
    const eq = spec.indexOf('=');
    const key = eq < 0 ? spec : spec.slice(0, eq);
    if (!Object.hasOwn(ev.Actor.Attributes, key)) return false;
    if (eq >= 0 && ev.Actor.Attributes[key] !== spec.slice(eq + 1)) return false;
  }
  return true;
}

/**
 * `GET /events` (moby v28.2.2 api/server/router/system getEvents): the head
 * at once, then with `since`/`until` the logged events between them, then
 * every new one as it happens, one JSON message each, until `until` passes
 * or the client goes away. An `until` in the past ends after the logged ones.
 */
export const eventRoutes: Route[] = [
  {
    method: 'GET',
    path: '/events',
    op: 'engine.system.events',
    *handler(ctx) {
      const { host, inbound, query } = ctx;
      const since = eventTime(query.since);
      const until = eventTime(query.until);
      if (until !== undefined && until < (since ?? 0n))
        throw invalid(
          `\`since\` time (${query.since ?? ''}) cannot be after \`until\` time (${query.until ?? ''})`,
        );
      const filters = parseFilters(query.filters, new Set(Object.keys(parseLoose(query.filters))));
      const nowNano = () => BigInt(Math.round((host.epoch + host.scheduler.now) * 1000)) * 1000n;
      const onlyPast = until !== undefined && until < nowNano();
      inbound.head(200, 'dockerd keeps the connection open and writes each event as it happens', {
        'Content-Type': 'application/json',
      });
      const send = (m: EventMessage) =>
        inbound.write(
          m,
          `${m.Type} ${m.Action} ${m.Actor.Attributes.name ?? m.Actor.ID.slice(0, 12)}`,
          'engine.system.event',
          'event',
        );
      // loadBufferedEvents: only when a since or an until was given.
      if (since !== undefined || until !== undefined)
        for (const m of loggedEvents(host)) {
          const t = BigInt(m.timeNano);
          if (t < (since ?? 0n)) continue;
          if (until !== undefined && t > until) continue;
          if (includeEvent(filters, m)) send(m);
        }
      if (onlyPast) return { status: 200 };
      let wake = new Signal<void>();
      const pending: EventMessage[] = [];
      let ended = false;
      const stop = subscribeEvents(host, (m) => {
        if (!includeEvent(filters, m)) return;
        pending.push(m);
        wake.resolve();
      });
      if (until !== undefined) {
        const ms = Number(until - nowNano()) / 1e6;
        host.scheduler.at(host.scheduler.now + ms, () => {
          ended = true;
          wake.resolve();
        });
      }
      try {
        for (;;) {
          yield* wait(wake);
          wake = new Signal<void>();
          // The client went away (Ctrl-C): dockerd unsubscribes (UnsubscribeFromEvents).
          if (inbound.closed) break;
          for (const m of pending.splice(0)) send(m);
          if (ended) break;
        }
      } finally {
        stop();
      }
      return { status: 200 };
    },
  },
];

/** The keys a filters value names (events accept any key: moby's getEvents checks none). */
function parseLoose(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
