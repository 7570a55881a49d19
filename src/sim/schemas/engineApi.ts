/**
 * Validators for Engine API responses, built from the official Swagger 2.0
 * description of API v1.50 (vendor/engine-api/, see NOTICE.md there). For
 * tests only: never import this from engine code (the document is ~450 kB).
 *
 * @example
 * expect(validateResponse('GET', '/v1.50/containers/web/json', 200, body)).toEqual([]);
 *
 * Swagger 2.0 schemas are a dialect of JSON Schema draft-04; the differences
 * that matter here are handled when the document is loaded:
 * - `x-nullable: true` means the value may also be `null`;
 * - other `x-*` keywords and `example` are annotations and are dropped;
 * - siblings of `$ref` are ignored (Swagger 2.0 and draft-04 both say so);
 * - the formats the document uses (int64, uint32, dateTime, ip-address, …)
 *   are defined below.
 *
 * The whole document is registered with ajv under one id, so every
 * `#/definitions/…` reference resolves, and a response schema is compiled as a
 * `$ref` into `#/paths/…/responses/<status>/schema`.
 *
 * The YAML is what upstream publishes; `engine-api-v1.50.json` is the same
 * document re-encoded by scripts/convertSwagger.ts, so this module needs no
 * Node built-in and no YAML parser (engineApi.test.ts checks they agree).
 */
import Ajv from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import swaggerDocument from './vendor/engine-api/engine-api-v1.50.json';

type Json = Record<string, unknown>;

/** The API version prefix the client puts before every path. */
export const API_PREFIX = '/v1.50';
const DOCUMENT_ID = 'https://docs.docker.com/reference/api/engine/version/v1.50.yaml';

export interface SwaggerResponse {
  description?: string;
  schema?: Json;
  headers?: Json;
}

export interface SwaggerOperation {
  operationId?: string;
  produces?: string[];
  responses: Record<string, SwaggerResponse>;
}

export interface MatchedOperation {
  method: string;
  /** The `paths` key, e.g. `/containers/{id}/json`. */
  template: string;
  operation: SwaggerOperation;
}

// ---------------------------------------------------------------------------
// Swagger 2.0 → JSON Schema draft-04

const isObject = (x: unknown): x is Json =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Keywords whose value is a map of name → schema (the names are not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties']);

/**
 * One schema node (and everything below it) in JSON Schema terms. `strict`
 * additionally closes every object schema that lists its `properties`
 * (additionalProperties: false), after merging `allOf` members, so that
 * undocumented fields show up.
 */
function convertSchema(node: unknown, strict: boolean, definitions: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => convertSchema(n, strict, definitions));
  if (!isObject(node)) return node;
  const nullable = node['x-nullable'] === true;
  if (typeof node.$ref === 'string') {
    const ref = { $ref: node.$ref };
    return nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  let out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'example') continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, convertSchema(s, strict, definitions)]),
      );
    } else if (key === 'enum' || key === 'required' || key === 'default') {
      out[key] = value;
    } else {
      out[key] = convertSchema(value, strict, definitions);
    }
  }
  if (strict && Array.isArray(out.allOf)) out = mergeAllOf(out, definitions);
  if (strict && isObject(out.properties) && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else out = { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/**
 * `allOf: [{$ref: Resources}, {properties: …}]` as one object schema, so that
 * closing each member does not reject the other members' properties. Only
 * used for the strict (undocumented-field) check.
 */
function mergeAllOf(node: Json, definitions: Json): Json {
  const { allOf, ...rest } = node;
  const merged: Json = { ...rest, type: 'object' };
  const properties: Json = { ...(isObject(rest.properties) ? rest.properties : {}) };
  const required = new Set<string>(Array.isArray(rest.required) ? (rest.required as string[]) : []);
  for (const member of allOf as unknown[]) {
    let m = member;
    while (isObject(m) && typeof m.$ref === 'string') {
      m = definitions[m.$ref.replace('#/definitions/', '')];
    }
    if (!isObject(m) || m.allOf) return node; // not a plain object member: leave as is
    const converted = convertSchema(m, true, definitions) as Json;
    Object.assign(properties, converted.properties);
    for (const r of (converted.required as string[] | undefined) ?? []) required.add(r);
  }
  merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** The whole Swagger document with every schema in it converted. */
function convertDocument(doc: Json, strict: boolean): Json {
  const definitions = doc.definitions as Json;
  const paths: Json = {};
  for (const [template, item] of Object.entries(doc.paths as Json)) {
    const ops: Json = {};
    for (const [method, op] of Object.entries(item as Json)) {
      if (!isObject(op) || !isObject(op.responses)) continue;
      const responses: Json = {};
      for (const [status, r] of Object.entries(op.responses)) {
        const resp = r as SwaggerResponse;
        responses[status] = resp.schema
          ? { schema: convertSchema(resp.schema, strict, definitions) }
          : {};
      }
      ops[method] = { responses };
    }
    paths[template] = ops;
  }
  return {
    id: DOCUMENT_ID,
    definitions: Object.fromEntries(
      Object.entries(definitions).map(([name, s]) => [name, convertSchema(s, strict, definitions)]),
    ),
    paths,
  };
}

// ---------------------------------------------------------------------------
// Formats used by the document

// RFC 3339 (Go's RFC3339Nano output included): `2026-01-15T09:00:11.394135986Z`.
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function isIPv6(s: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(s) || s.split('::').length > 2) return false;
  let groups = s.split(':');
  const last = groups[groups.length - 1] ?? '';
  let words = 0;
  if (last.includes('.')) {
    if (!IPV4.test(last)) return false;
    groups = groups.slice(0, -1);
    words += 2;
  }
  const compressed = s.includes('::');
  const parts = groups.filter((g) => g !== '');
  if (!parts.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  words += parts.length;
  return compressed ? words < 8 : words === 8;
}

const isIp = (s: string): boolean => IPV4.test(s) || isIPv6(s);
const intRange =
  (min: number, max: number) =>
  (n: number): boolean =>
    Number.isInteger(n) && n >= min && n <= max;

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int32', { type: 'number', validate: intRange(-(2 ** 31), 2 ** 31 - 1) });
  ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
  ajv.addFormat('uint8', { type: 'number', validate: intRange(0, 255) });
  ajv.addFormat('uint16', { type: 'number', validate: intRange(0, 65535) });
  ajv.addFormat('uint32', { type: 'number', validate: intRange(0, 2 ** 32 - 1) });
  ajv.addFormat('uint64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= 0,
  });
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('dateTime', DATE_TIME);
  ajv.addFormat('ip-address', isIp);
  ajv.addFormat('CIDR', (s: string) => {
    const [ip = '', bits, ...more] = s.split('/');
    const max = IPV4.test(ip) ? 32 : isIPv6(ip) ? 128 : -1;
    return more.length === 0 && bits !== undefined && /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('binary', true);
  ajv.addFormat('json', true);
  return ajv;
}

// ---------------------------------------------------------------------------
// Operations and validators

/** The Swagger document as published (for tests that read it directly). */
export const swagger = swaggerDocument as unknown as Json & {
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, Json>;
};

interface Compiled {
  ajv: Ajv;
  cache: Map<string, ValidateFunction>;
}
const compiled: Partial<Record<'loose' | 'strict', Compiled>> = {};

function validatorFor(pointer: string, strict: boolean): ValidateFunction {
  const mode = strict ? 'strict' : 'loose';
  let c = compiled[mode];
  if (!c) {
    const ajv = createAjv();
    ajv.addSchema(convertDocument(swagger, strict));
    c = compiled[mode] = { ajv, cache: new Map() };
  }
  let v = c.cache.get(pointer);
  if (!v) {
    v = c.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
    c.cache.set(pointer, v);
  }
  return v;
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

interface Template {
  template: string;
  regex: RegExp;
  literal: number;
}
let templates: Template[] | undefined;

function pathTemplates(): Template[] {
  if (!templates) {
    templates = Object.keys(swagger.paths)
      .map((template) => {
        // `{name}` of an image or plugin may hold slashes (library/alpine, ghcr.io/x/y).
        const pattern = template
          .split(/(\{\w+\})/)
          .map((part) => {
            const m = /^\{(\w+)\}$/.exec(part);
            if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            return m[1] === 'name' ? '(?:.+?)' : '(?:[^/]+)';
          })
          .join('');
        return {
          template,
          regex: new RegExp(`^${pattern}$`),
          literal: template.replace(/\{\w+\}/g, '').length,
        };
      })
      // The most literal template wins: /containers/json before /containers/{id}.
      .sort((a, b) => b.literal - a.literal || a.template.localeCompare(b.template));
  }
  return templates;
}

/** `/v1.50/containers/web/json?x=1` → `/containers/web/json`. */
export function apiPath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare.replace(/^\/v\d+\.\d+(?=\/)/, '');
}

/**
 * The Swagger operation a request is for: `method` is any case, `path` is a
 * template (`/containers/{id}/json`) or a concrete path with or without the
 * version prefix.
 */
export function findOperation(method: string, path: string): MatchedOperation | undefined {
  const m = method.toLowerCase();
  const p = apiPath(path);
  const exact = swagger.paths[p]?.[m];
  if (exact) return { method: m, template: p, operation: exact };
  for (const t of pathTemplates()) {
    const operation = swagger.paths[t.template]?.[m];
    if (operation && t.regex.test(p)) return { method: m, template: t.template, operation };
  }
  return undefined;
}

export interface ValidateOptions {
  /**
   * Also reject properties the description does not list (every object schema
   * with `properties` is closed). The published schemas leave objects open, so
   * this is a lint for misspelt or invented fields, not a conformance check.
   */
  noUndocumentedProperties?: boolean;
}

const describeError = (e: ErrorObject): string => {
  const where = e.instancePath || '(body)';
  const params = e.params as Record<string, unknown>;
  let detail = '';
  if (e.keyword === 'additionalProperties') detail = ` (${String(params.additionalProperty)})`;
  else if (e.keyword === 'enum') detail = ` (${JSON.stringify(params.allowedValues)})`;
  else if (e.keyword === 'format') detail = ` (${String(params.format)})`;
  return `${where} ${e.message ?? e.keyword}${detail}`;
};

/** ajv's errors without the noise of `anyOf` branches for nullable values. */
function describeErrors(errors: readonly ErrorObject[]): string[] {
  const nullable = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const lines = errors
    .filter((e) => e.keyword !== 'anyOf')
    .filter(
      (e) =>
        !(
          nullable.has(e.instancePath) &&
          e.keyword === 'type' &&
          (e.params as { type?: unknown }).type === 'null'
        ),
    )
    .map(describeError);
  return [...new Set(lines)];
}

/**
 * Problems with one Engine API response; empty when it matches the API
 * description. `body` is the parsed JSON body, or `undefined` when none was
 * sent (HEAD, 204/304/101, or a raw stream).
 *
 * - the operation must exist in `paths` for this method and path;
 * - the status must be declared for it (or a `default` response must exist);
 * - a response declared without a schema must not carry a JSON body;
 * - a JSON schema must validate the body. A missing body is accepted only for
 *   HEAD and for responses whose schema is a string (text/plain, binary
 *   streams such as logs).
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  options: ValidateOptions = {},
): string[] {
  const found = findOperation(method, path);
  const label = `${method.toUpperCase()} ${apiPath(path)} → ${status}`;
  if (!found)
    return [`${label}: no operation ${method.toUpperCase()} ${apiPath(path)} in the Engine API`];
  const { template, operation } = found;
  const opLabel = `${method.toUpperCase()} ${template} → ${status}`;
  const declared = Object.keys(operation.responses);
  const key = declared.includes(String(status))
    ? String(status)
    : declared.includes('default')
      ? 'default'
      : undefined;
  if (!key)
    return [`${opLabel}: status ${status} is not declared (declared: ${declared.join(', ')})`];
  const schema = operation.responses[key]!.schema;
  if (!schema) {
    return body === undefined
      ? []
      : [`${opLabel}: the API declares no body for this status, but one was sent`];
  }
  if (body === undefined) {
    if (method.toUpperCase() === 'HEAD' || schema.type === 'string') return [];
    const ref =
      typeof schema.$ref === 'string' ? schema.$ref.replace('#/definitions/', '') : 'JSON';
    return [`${opLabel}: the API declares a ${ref} body, none was sent`];
  }
  const pointer = `/paths/${escapePointer(template)}/${found.method}/responses/${key}/schema`;
  const validate = validatorFor(pointer, options.noUndocumentedProperties ?? false);
  if (validate(body)) return [];
  return describeErrors(validate.errors ?? []).map((e) => `${opLabel}: ${e}`);
}

/** Problems with a value against one `#/definitions/<name>` schema (e.g. CreateImageInfo). */
export function validateDefinition(
  name: string,
  value: unknown,
  options: ValidateOptions = {},
): string[] {
  if (!swagger.definitions[name]) return [`no definition ${name} in the Engine API`];
  const validate = validatorFor(
    `/definitions/${escapePointer(name)}`,
    options.noUndocumentedProperties ?? false,
  );
  if (validate(value)) return [];
  return describeErrors(validate.errors ?? []).map((e) => `${name}: ${e}`);
}
