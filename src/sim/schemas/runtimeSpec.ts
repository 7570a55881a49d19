/**
 * A validator for OCI runtime `config.json` documents (what containerd hands
 * runc), built from the vendored runtime-spec schemas (JSON Schema draft-04,
 * see vendor/oci-runtime-spec/NOTICE.md). For tests:
 * `expect(runtimeSpecErrors(spec)).toEqual([])`.
 *
 * config-schema.json `$ref`s the per-platform files by relative name
 * ("defs.json#/definitions/uint32", "config-linux.json#/linux"), and those
 * reference each other the same way; none declares an `id`. Each file is
 * registered under one common base URI with its own file name, so every
 * relative reference resolves as it does next to the files upstream.
 */
import Ajv from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import configSchema from './vendor/oci-runtime-spec/config-schema.json';
import configFreebsd from './vendor/oci-runtime-spec/config-freebsd.json';
import configLinux from './vendor/oci-runtime-spec/config-linux.json';
import configSolaris from './vendor/oci-runtime-spec/config-solaris.json';
import configVm from './vendor/oci-runtime-spec/config-vm.json';
import configWindows from './vendor/oci-runtime-spec/config-windows.json';
import configZos from './vendor/oci-runtime-spec/config-zos.json';
import defs from './vendor/oci-runtime-spec/defs.json';
import defsFreebsd from './vendor/oci-runtime-spec/defs-freebsd.json';
import defsLinux from './vendor/oci-runtime-spec/defs-linux.json';
import defsVm from './vendor/oci-runtime-spec/defs-vm.json';
import defsWindows from './vendor/oci-runtime-spec/defs-windows.json';
import defsZos from './vendor/oci-runtime-spec/defs-zos.json';

const BASE = 'https://opencontainers.org/schema/runtime/';

/** The files config-schema.json needs, by the name its `$ref`s use. */
const REFERENCED: Readonly<Record<string, object>> = {
  'defs.json': defs,
  'defs-linux.json': defsLinux,
  'defs-windows.json': defsWindows,
  'defs-vm.json': defsVm,
  'defs-zos.json': defsZos,
  'defs-freebsd.json': defsFreebsd,
  'config-linux.json': configLinux,
  'config-windows.json': configWindows,
  'config-solaris.json': configSolaris,
  'config-vm.json': configVm,
  'config-zos.json': configZos,
  'config-freebsd.json': configFreebsd,
};

/** The draft the schemas declare; ajv-draft-04 implements exactly that one. */
export const RUNTIME_SPEC_SCHEMA_DRAFT = configSchema.$schema;

let validator: ValidateFunction | undefined;

/** The compiled config.json validator (built on first use). */
export function runtimeSpecValidator(): ValidateFunction {
  if (!validator) {
    // Not `strict`: the config-*.json files keep their schema under a top-level
    // key (`{"linux": {…}}`, referenced as "config-linux.json#/linux"), which
    // strict mode would reject as an unknown keyword.
    const ajv = new Ajv({ allErrors: true, strictSchema: false });
    for (const [file, schema] of Object.entries(REFERENCED)) {
      ajv.addSchema({ ...structuredClone(schema), id: BASE + file });
    }
    validator = ajv.compile({ ...structuredClone(configSchema), id: `${BASE}config-schema.json` });
  }
  return validator;
}

const describe = (e: ErrorObject): string => {
  const params = e.params as Record<string, unknown>;
  const detail =
    e.keyword === 'enum'
      ? ` (${JSON.stringify(params.allowedValues)})`
      : e.keyword === 'additionalProperties'
        ? ` (${String(params.additionalProperty)})`
        : '';
  return `${e.instancePath || '(spec)'} ${e.message ?? e.keyword}${detail}`;
};

/** Validation errors of a runtime spec, one readable line each; empty when valid. */
export function runtimeSpecErrors(spec: unknown): string[] {
  const validate = runtimeSpecValidator();
  return validate(spec) ? [] : [...new Set((validate.errors ?? []).map(describe))];
}
