/**
 * `docker events` / `docker system events` (docker/cli v28.2.2
 * cli/command/system/events.go): `GET /events` with `since`, `until` and
 * `filters`, then one line per event until the stream ends (`--until`) or
 * Ctrl-C (the CLI's context is cancelled: exit 130, nothing printed).
 *
 * The default line is prettyPrintEvent's: the time (RFC 3339, nine digits
 * of nanoseconds, the learner's machine on UTC), type, action, actor ID and
 * the attributes `k=v` sorted by key; `--format` runs a Go template on the
 * events.Message (`json`: `{{json .}}`).
 */
import type { CommandContext, CommandSpec } from '../command';
import { messageOf, readChunk } from '../api';
import { last } from '../flags';
import { filtersJson } from './containers';
import {
  MARSHAL,
  TemplateExecError,
  TemplateParseError,
  executeTemplate,
  goJsonCompact,
  parseTemplate,
  type Template,
} from '../goTemplate';
import type { EventMessage } from '../../dockerd/model';

const ATTRIBUTE_MAPS: ReadonlySet<string> = new Set(['Attributes']);

/** Go's time.ParseDuration units, in milliseconds. */
const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, in ms; undefined when it is no duration. */
function parseDuration(value: string): number | undefined {
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(value);
  if (!m) return value === '0' ? 0 : undefined;
  let ms = 0;
  for (const part of m[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g))
    ms += Number(part[1]) * UNITS[part[2]!]!;
  return m[1] === '-' ? -ms : ms;
}

/**
 * api/types/time GetTimestamp, as the client library runs it before the
 * request: a duration is that long before now (whole seconds), a date becomes
 * `seconds.nanoseconds`, a Unix timestamp goes as typed. The learner's machine
 * is on UTC, so a date without a zone is UTC.
 */
export function getTimestamp(
  value: string,
  nowMs: number,
): { ok: true; ts: string } | { ok: false; error: string } {
  const d = parseDuration(value);
  if (value !== '0' && d !== undefined)
    return { ok: true, ts: String(Math.floor((nowMs - d) / 1000)) };
  const date =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/.exec(
      value,
    );
  if (date) {
    const [, y, mo, da, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = date;
    const offset =
      zone === 'Z' || zone === 'z'
        ? 0
        : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s));
    const secs = Math.floor(ms / 1000) - offset * 60;
    return { ok: true, ts: `${secs}.${frac.padEnd(9, '0')}` };
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return { ok: true, ts: value };
  if (value.includes('-'))
    return {
      ok: false,
      error: `parsing time "${value}": DockScope reads dates as YYYY-MM-DD[THH[:MM[:SS[.fraction]]]][Z|±hh:mm]`,
    };
  return { ok: false, error: `failed to parse value as time or duration: "${value}"` };
}

/** A JSON number's digits as Go decoded them into an int64 (no exponent, as JSON.stringify writes it). */
function timeNanoDigits(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? BigInt(Math.round(n)).toString() : s;
}

/** A UTC RFC 3339 time with nine digits of nanoseconds, from Unix nanoseconds as a decimal string. */
function fixedNanoTime(timeNano: number, time: number): string {
  // The digits the JSON carried (a double prints its shortest form: whole microseconds here).
  const digits = timeNano !== 0 ? timeNanoDigits(timeNano) : `${time}000000000`;
  const secs = Number(digits.slice(0, -9) || '0');
  const nanos = digits.slice(-9).padStart(9, '0');
  return `${new Date(secs * 1000).toISOString().slice(0, 19)}.${nanos}Z`;
}

/** prettyPrintEvent: `TIME TYPE ACTION ID (k=v, …)`. */
export function eventLine(m: EventMessage): string {
  const time = m.timeNano || m.time ? `${fixedNanoTime(m.timeNano, m.time)} ` : '';
  const attrs = Object.keys(m.Actor.Attributes)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${k}=${m.Actor.Attributes[k]}`);
  return `${time}${m.Type} ${m.Action} ${m.Actor.ID}${attrs.length ? ` (${attrs.join(', ')})` : ''}\n`;
}

/** The events.Message a template sees: Go's field names, and `{{json .}}` as the API's JSON. */
function typedMessage(m: Partial<EventMessage>): Record<PropertyKey, unknown> {
  const actor = m.Actor ?? { ID: '', Attributes: {} };
  return {
    [MARSHAL]: () => goJsonCompact(m, false, ATTRIBUTE_MAPS),
    Status: m.status ?? '',
    ID: m.id ?? '',
    From: m.from ?? '',
    Type: m.Type ?? '',
    Action: m.Action ?? '',
    Actor: {
      ID: actor.ID,
      Attributes: actor.Attributes,
      [MARSHAL]: () => goJsonCompact(actor, false, ATTRIBUTE_MAPS),
    },
    Scope: m.scope ?? '',
    Time: m.time ?? 0,
    TimeNano: m.timeNano ?? 0,
  };
}

/** makeTemplate: `json` is `{{json .}}`; the template is tried once on an empty message. */
function makeTemplate(ctx: CommandContext, format: string): Template | undefined | 'bad' {
  if (format === '') return undefined;
  const source = format === 'json' ? '{{json .}}' : format;
  try {
    const t = parseTemplate(source);
    executeTemplate(t, typedMessage({ Actor: { ID: '', Attributes: {} } }), {
      rootType: '*events.Message',
      mapFields: ATTRIBUTE_MAPS,
    });
    return t;
  } catch (e) {
    if (e instanceof TemplateParseError || e instanceof TemplateExecError) {
      ctx.err(`Error parsing format: ${e.message}\n`);
      return 'bad';
    }
    throw e;
  }
}

export const eventsCommand: CommandSpec = {
  help: 'events',
  forms: ['system events', 'events'],
  args: { kind: 'none' },
  simulated: ['since', 'until', 'filter', 'format'],
  *execute(ctx) {
    const tmpl = makeTemplate(ctx, last(ctx.flags, 'format') ?? '');
    if (tmpl === 'bad') return 64;
    const query: Record<string, string> = {};
    const now = ctx.host.wallClock;
    // The client connects (pings) before the Events goroutine reads --since/--until (observed).
    if (last(ctx.flags, 'since') || last(ctx.flags, 'until')) yield* ctx.api.ping();
    for (const key of ['since', 'until'] as const) {
      const v = last(ctx.flags, key);
      if (v === undefined || v === '') continue;
      const t = getTimestamp(v, now);
      if (!t.ok) {
        ctx.err(`${t.error}\n`);
        return 1;
      }
      query[key] = t.ts;
    }
    const filters = filtersJson(ctx.flags.filter ?? []);
    if (filters) query.filters = filters;
    const r = yield* ctx.api.request('GET', '/events', {
      op: 'engine.system.events',
      ...(Object.keys(query).length ? { query } : {}),
      summary: 'the CLI subscribes to dockerd’s events and keeps the connection open',
    });
    if (r.status !== 200 || !r.stream) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const stream = r.stream;
    let interrupted = false;
    // Ctrl-C cancels the CLI's context: the connection closes and dockerd unsubscribes.
    ctx.io.onInterrupt = () => {
      interrupted = true;
      stream.close();
    };
    for (;;) {
      const chunk = yield* readChunk(stream);
      if (!chunk) break;
      const m = chunk.data as EventMessage;
      if (!tmpl) {
        ctx.out(eventLine(m));
        continue;
      }
      try {
        ctx.out(
          `${executeTemplate(tmpl, typedMessage(m), { rootType: 'events.Message', mapFields: ATTRIBUTE_MAPS })}\n`,
        );
      } catch (e) {
        if (!(e instanceof TemplateExecError)) throw e;
        ctx.out('\n');
        ctx.err(`${e.message}\n`);
        stream.close();
        return 1;
      }
    }
    return interrupted ? 130 : 0;
  },
};
