/**
 * Request bodies read the way dockerd reads them: Go's `encoding/json`
 * decoding into a typed struct. A value of the wrong JSON type is not taken
 * as it is (a number where Go wants a string crashed the engine later, or
 * stored an answer no CLI could parse): it fails with Go's own message,
 *
 *   json: cannot unmarshal number into Go struct field CreateRequest.Image of type string
 *
 * — the innermost struct's name, then the path of JSON field names from the
 * top, then the Go type (Go 1.20+ `UnmarshalTypeError`). Like Go, `null`
 * leaves a scalar alone and empties a slice or map, unknown fields are
 * ignored, field names match case-insensitively, and the first type error
 * wins while decoding goes on (a custom decoder's error, `strslice`, ends it).
 *
 * Only the fields DockScope reads are described (see createRequest.ts);
 * the others are skipped unchecked, where Go would check them too.
 */
import { dict } from '../core/records';

export type GoType =
  | { kind: 'string'; name?: string }
  | { kind: 'bool' }
  | { kind: 'int'; name: 'int' | 'int64' }
  /** `[]T`. */
  | { kind: 'slice'; elem: GoType; name?: string }
  /** `map[string]T` (keys are strings in every body dockerd decodes). */
  | { kind: 'map'; elem: GoType; name: string }
  /** A struct: `fields` keyed by JSON name; `name` as Go prints it (`HostConfig`). */
  | { kind: 'struct'; name: string; pkg: string; fields: Readonly<Record<string, GoType>> }
  /** `strslice.StrSlice`: a string or an array of strings. */
  | { kind: 'strslice' };

/** What a decoded value is in TypeScript; maps are null-prototype dicts. */
export type Decoded = unknown;

export class GoJsonError extends Error {}

/** Go's `reflect.Type.String()` for a type. */
export function goTypeName(t: GoType): string {
  switch (t.kind) {
    case 'string':
      return t.name ?? 'string';
    case 'bool':
      return 'bool';
    case 'int':
      return t.name;
    case 'slice':
      return t.name ?? `[]${goTypeName(t.elem)}`;
    case 'map':
      return t.name;
    case 'struct':
      return t.pkg ? `${t.pkg}.${t.name}` : t.name;
    case 'strslice':
      return 'strslice.StrSlice';
  }
}

/** JSON's kind of a value as Go names it in the message (`number 1.5` for a bad integer). */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/**
 * Where the decoder is: the innermost struct being decoded, and the JSON field names
 * from the top, as a chain up to the top (`fields` of it are joined only for an error
 * message: a create request has some hundred fields, and copying the path for each one
 * was most of what decoding allocated).
 */
interface Context {
  struct?: string;
  field?: string;
  up?: Context;
}

const TOP: Context = {};

/** The JSON field names from the top down to `ctx`. */
function fieldsOf(ctx: Context): string[] {
  const out: string[] = [];
  for (let c: Context | undefined = ctx; c !== undefined; c = c.up)
    if (c.field !== undefined) out.push(c.field);
  return out.reverse();
}

class Decoder {
  saved: string | undefined;

  mismatch(value: string, target: string, ctx: Context): void {
    if (this.saved !== undefined) return;
    const fields = fieldsOf(ctx);
    this.saved =
      ctx.struct === undefined && fields.length === 0
        ? `json: cannot unmarshal ${value} into Go value of type ${target}`
        : `json: cannot unmarshal ${value} into Go struct field ${ctx.struct ?? ''}.${fields.join('.')} of type ${target}`;
  }

  /** Decode `v` as `t`; `current` is what the field held before (kept on `null` for scalars). */
  value(v: unknown, t: GoType, ctx: Context, current?: Decoded): Decoded {
    if (t.kind === 'strslice') return this.strslice(v, ctx);
    if (v === null) {
      // Go: null empties slices and maps, and leaves strings, bools and numbers as they were.
      if (t.kind === 'slice' || t.kind === 'map') return null;
      if (t.kind === 'struct') return current ?? null;
      return current;
    }
    switch (t.kind) {
      case 'string':
        if (typeof v === 'string') return v;
        break;
      case 'bool':
        if (typeof v === 'boolean') return v;
        break;
      case 'int':
        if (typeof v === 'number') {
          if (Number.isSafeInteger(v)) return v;
          this.mismatch(`number ${JSON.stringify(v)}`, goTypeName(t), ctx);
          return current;
        }
        break;
      case 'slice':
        if (Array.isArray(v)) return v.map((e) => this.value(e, t.elem, ctx, zeroOf(t.elem)));
        break;
      case 'map':
        if (isObject(v)) {
          const out = dict<Decoded>();
          for (const [k, e] of Object.entries(v))
            out[k] = this.value(e, t.elem, ctx, zeroOf(t.elem));
          return out;
        }
        break;
      case 'struct':
        if (isObject(v)) return this.struct(v, t, ctx, current);
        break;
    }
    this.mismatch(jsonKind(v), goTypeName(t), ctx);
    return current;
  }

  private struct(
    v: Record<string, unknown>,
    t: Extract<GoType, { kind: 'struct' }>,
    ctx: Context,
    current: Decoded,
  ): Record<string, Decoded> {
    const out = (isObject(current) ? current : dict<Decoded>()) as Record<string, Decoded>;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      // An exact match first, then Go's case-insensitive one.
      const name = Object.hasOwn(t.fields, key) ? key : foldedNames(t).get(key.toLowerCase());
      if (name === undefined) continue; // unknown fields are ignored
      const ft = t.fields[name]!;
      const fv = v[key];
      // A scalar of the right JSON type (or null) is taken as `value` would take it, without
      // a decoder position (one per field was most of a create request's decoding garbage).
      if (
        (ft.kind === 'string' && typeof fv === 'string') ||
        (ft.kind === 'bool' && typeof fv === 'boolean') ||
        (ft.kind === 'int' && Number.isSafeInteger(fv))
      ) {
        out[name] = fv;
        continue;
      }
      // Go: null leaves a scalar as it was (the field is there, as `value` would leave it).
      if (fv === null && (ft.kind === 'string' || ft.kind === 'bool' || ft.kind === 'int')) {
        if (!Object.hasOwn(out, name)) out[name] = undefined;
        continue;
      }
      const inner: Context = { struct: t.name, field: name, up: ctx };
      out[name] = this.value(fv, ft, inner, out[name]);
    }
    return out;
  }

  /**
   * `strslice.StrSlice.UnmarshalJSON`: an array of strings, else a string;
   * else the error of the string attempt, which ends the decoding at once.
   */
  private strslice(v: unknown, ctx: Context): Decoded {
    if (v === null) return null;
    if (Array.isArray(v) && v.every((e) => typeof e === 'string')) return v;
    if (typeof v === 'string') return [v];
    const fatal = new Decoder();
    fatal.mismatch(jsonKind(v), 'string', ctx);
    throw new GoJsonError(fatal.saved);
  }
}

/**
 * A struct's field names by their lower case, the first of each, for Go's case-insensitive
 * match; made once per struct type (a create body has some sixty fields DockScope does not
 * describe, and each was compared with every described name at every request).
 */
const FOLDED = new WeakMap<object, Map<string, string>>();

function foldedNames(t: Extract<GoType, { kind: 'struct' }>): Map<string, string> {
  let names = FOLDED.get(t.fields);
  if (!names) {
    names = new Map();
    for (const n of Object.keys(t.fields))
      if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), n);
    FOLDED.set(t.fields, names);
  }
  return names;
}

/** Go's zero value: what a map or slice element holds when its JSON is `null`. */
function zeroOf(t: GoType): Decoded {
  switch (t.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'struct':
      return dict<Decoded>();
    default:
      return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Decode a parsed JSON body into `t` as Go would; throws GoJsonError with Go's
 * message (without moby's `invalid JSON: ` prefix) on the first type error.
 */
export function decodeGo(body: unknown, t: GoType): Record<string, Decoded> | null {
  const d = new Decoder();
  const out = d.value(body, t, TOP, undefined) as Record<string, Decoded> | null;
  if (d.saved !== undefined) throw new GoJsonError(d.saved);
  return out ?? null;
}
