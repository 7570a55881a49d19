/**
 * Validators for OCI image index, manifest, config and descriptor documents,
 * built from the vendored image-spec schemas (draft-04, see
 * vendor/oci-image-spec/NOTICE.md). For tests: import and call, e.g.
 * `expect(ociErrors('manifest', doc)).toEqual([])`.
 *
 * The schemas `$ref` each other by relative file name ("defs-descriptor.json#/…")
 * from inside sub-schemas that carry their own `id`s, so a reference resolves
 * against several base URIs (…/schema/, …/schema/image/, …/schema/image/index/,
 * …). Like the image-spec's own Go loader, the shared files are registered
 * under every such namespace.
 */
import Ajv from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import configSchema from './vendor/oci-image-spec/config-schema.json';
import contentDescriptorSchema from './vendor/oci-image-spec/content-descriptor.json';
import defsDescriptorSchema from './vendor/oci-image-spec/defs-descriptor.json';
import defsSchema from './vendor/oci-image-spec/defs.json';
import indexSchema from './vendor/oci-image-spec/image-index-schema.json';
import manifestSchema from './vendor/oci-image-spec/image-manifest-schema.json';

export type OciDocumentKind = 'index' | 'manifest' | 'config' | 'descriptor';

type Json = Record<string, unknown>;

/** Files other schemas reference by name. */
const SHARED: Readonly<Record<string, Json>> = {
  'defs.json': defsSchema,
  'defs-descriptor.json': defsDescriptorSchema,
  'content-descriptor.json': contentDescriptorSchema,
};

const TOP_LEVEL: Readonly<Record<Exclude<OciDocumentKind, 'descriptor'>, Json>> = {
  index: indexSchema,
  manifest: manifestSchema,
  config: configSchema,
};

const ROOT = 'https://opencontainers.org/schema/';

/** Every "directory" an `id` in the schemas lives in: the bases relative refs resolve against. */
function namespaces(schemas: readonly unknown[]): string[] {
  const found = new Set<string>([ROOT]);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'id' && typeof value === 'string')
        found.add(value.slice(0, value.lastIndexOf('/') + 1));
      else walk(value);
    }
  };
  schemas.forEach(walk);
  return [...found].sort();
}

// RFC 3339 date-time and an absolute URI: the two formats the schemas use.
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('uri', URI);
  ajv.addKeyword('media'); // annotation-only keyword in defs.json
  const all = [...Object.values(SHARED), ...Object.values(TOP_LEVEL)];
  for (const base of namespaces(all)) {
    for (const [file, schema] of Object.entries(SHARED)) {
      ajv.addSchema({ ...structuredClone(schema), id: base + file });
    }
  }
  return ajv;
}

let validators: Readonly<Record<OciDocumentKind, ValidateFunction>> | undefined;

/** The compiled validators (built on first use). */
export function ociValidators(): Readonly<Record<OciDocumentKind, ValidateFunction>> {
  if (!validators) {
    const ajv = createAjv();
    validators = {
      index: ajv.compile(TOP_LEVEL.index),
      manifest: ajv.compile(TOP_LEVEL.manifest),
      config: ajv.compile(TOP_LEVEL.config),
      descriptor: ajv.compile({
        ...structuredClone(contentDescriptorSchema),
        id: `${ROOT}descriptor-top`,
      }),
    };
  }
  return validators;
}

const describe = (e: ErrorObject): string => `${e.instancePath || '/'} ${e.message ?? e.keyword}`;

/** Validation errors of a document, one readable line each; empty when valid. */
export function ociErrors(kind: OciDocumentKind, document: unknown): string[] {
  const validate = ociValidators()[kind];
  return validate(document) ? [] : (validate.errors ?? []).map(describe);
}
