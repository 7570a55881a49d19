/**
 * The little of Go's text/template and encoding/json the context commands
 * need: `{{.Name}}`, `{{.Endpoints.docker.Host}}`, `{{json .}}` and
 * MarshalIndent's output. Anything more (if, range, functions) is refused by
 * returning undefined, so the caller can say it is not simulated.
 */

/** Fill `{{.Field.Sub}}` and `{{json .Field}}` actions from `data`; undefined when the template needs more. */
export function fillTemplate(
  template: string,
  data: unknown,
  jsonOfDot: () => string,
): string | undefined {
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open === -1) return out + unescapeTabs(rest);
    const close = rest.indexOf('}}', open);
    if (close === -1) return undefined;
    out += unescapeTabs(rest.slice(0, open));
    const action = rest.slice(open + 2, close).trim();
    const m = /^(json\s+)?\.((?:[A-Za-z_][\w-]*)(?:\.[A-Za-z_][\w-]*)*)?$/.exec(action);
    if (!m) return undefined;
    const path = m[2] ? m[2].split('.') : [];
    if (m[1] && path.length === 0) out += jsonOfDot();
    else {
      let v: unknown = data;
      for (const key of path) {
        if (v === null || typeof v !== 'object') return undefined;
        v = (v as Record<string, unknown>)[key];
      }
      if (m[1]) out += JSON.stringify(v ?? null);
      else if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
        out += String(v);
      else if (v === undefined) out += '<no value>';
      else return undefined;
    }
    rest = rest.slice(close + 2);
  }
}

/** The CLI's formatter turns a typed `\t` into a tab. */
const unescapeTabs = (s: string): string => s.replace(/\\t/g, '\t');

/** Go's json.MarshalIndent(v, "", "    "): HTML-sensitive characters escaped as Go does. */
export function goJsonIndent(value: unknown): string {
  return JSON.stringify(value, null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
