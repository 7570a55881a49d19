/**
 * Go's json.MarshalIndent for `docker context inspect`. Templates (`--format`)
 * go through the Go template module, ../goTemplate.ts.
 */

/** Go's json.MarshalIndent(v, "", "    "): HTML-sensitive characters escaped as Go does. */
export function goJsonIndent(value: unknown): string {
  return JSON.stringify(value, null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
