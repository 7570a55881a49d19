/**
 * Regenerate src/sim/schemas/vendor/engine-api/engine-api-v1.50.json from the
 * vendored Swagger YAML next to it: the same document, only re-encoded as JSON
 * so the test helper can import it without Node built-ins or a YAML parser.
 *
 *   npx tsx scripts/convertSwagger.ts
 *
 * src/sim/schemas/engineApi.test.ts checks that the two files still agree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const dir = fileURLToPath(new URL('../src/sim/schemas/vendor/engine-api/', import.meta.url));
const yamlPath = `${dir}engine-api-v1.50.yaml`;
const jsonPath = `${dir}engine-api-v1.50.json`;

const document: unknown = parse(readFileSync(yamlPath, 'utf8'));
writeFileSync(jsonPath, `${JSON.stringify(document, null, 1)}\n`);
process.stdout.write(`wrote ${jsonPath}\n`);
