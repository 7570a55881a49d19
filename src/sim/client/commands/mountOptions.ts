/**
 * `docker run`/`create`'s mount flags as docker/cli 28.2 reads them:
 * `-v` (cli/compose/loader ParseVolume, then opts.go: a spec with a source
 * goes to HostConfig.Binds, one without to Config.Volumes), `--mount`
 * (opts/mount.go, a CSV of key=value fields: errors are the flag's own), and
 * `--tmpfs` (`dest[:options]` into HostConfig.Tmpfs). The CLI checks only
 * the syntax; dockerd checks the rest.
 */
import { dict } from '../../core/records';
import { normalizePath } from '../../shell/paths';
import type { MountSpec } from '../../dockerd/model';

/** The CLI's working directory when its environment has no PWD: a `-v ./dir:/x` source is made absolute from it. */
const CLI_CWD = '/home/learner';

export interface MountFlags {
  /** Config.Volumes: `-v /data` (no source), an anonymous volume. */
  volumes: Record<string, object>;
  binds: string[] | null;
  mounts: MountSpec[];
  tmpfs: Record<string, string>;
}

/** loader.isWindowsDrive: a single letter before a colon (`c:`) is a drive, not a separator. */
const isDrive = (buffer: string, char: string) =>
  char === ':' && buffer.length === 1 && /\p{L}/u.test(buffer);

/** loader.ParseVolume: source, target and whether it is a bind (the source is a path). */
function parseVolume(spec: string): { source: string; target: string } | { error: string } {
  const chars = [...spec];
  if (chars.length === 0) return { error: 'invalid empty volume spec' };
  if (chars.length <= 2) return { source: '', target: spec };
  let source = '';
  let target = '';
  let buffer = '';
  const END = '\0';
  for (const char of [...chars, END]) {
    if (isDrive(buffer, char)) {
      buffer += char;
      continue;
    }
    if (char !== ':' && char !== END) {
      buffer += char;
      continue;
    }
    let problem: string | undefined;
    if (buffer.length === 0) problem = 'empty section between colons';
    else if (source === '' && char === END) target = buffer;
    else if (source === '') source = buffer;
    else if (target === '') target = buffer;
    else if (char === ':') problem = 'too many colons';
    // (ro, rw, nocopy and propagation options are read here; the CLI sends the spec as typed)
    if (problem) return { error: `invalid spec: ${spec}: ${problem}` };
    buffer = '';
  }
  return { source, target };
}

/** loader.isFilePath: `.`, `/`, `~` or a Windows path start a host path (a bind mount). */
function isFilePath(source: string): boolean {
  if ('./~'.includes(source[0]!)) return true;
  if ([...source].length === 1) return false;
  if (source.startsWith('\\\\')) return true;
  return isDrive(source[0]!, source[1]!);
}

/** encoding/csv's reading of one line: fields split at commas, `"…"` quoting a comma. */
function csvFields(line: string): string[] | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return { error: 'extraneous or missing " in quoted-field' };
        field += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') {
          field += '"';
          i++;
          continue;
        }
        break;
      }
      if (i < line.length && line[i] !== ',')
        return { error: 'extraneous or missing " in quoted-field' };
    } else {
      const comma = line.indexOf(',', i);
      field = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (field.includes('"')) return { error: 'bare " in non-quoted-field' };
      i = comma < 0 ? line.length : comma;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

/** Go strconv.ParseBool. */
function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** go-units RAMInBytes: a number and an optional binary unit (k, m, g, t, p, with an optional b/ib). */
function ramInBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?$/i.exec(s);
  if (!m) return undefined;
  const unit = ' kmgtp'.indexOf((m[2] || ' ').toLowerCase());
  return Math.floor(Number(m[1]) * 1024 ** unit);
}

/** opts.MountOpt.Set: one `--mount` value, or the error pflag reports for it. */
function parseMount(value: string, cwd = CLI_CWD): MountSpec | { error: string } {
  const fields = csvFields(value);
  if ('error' in fields) return fields;
  const m: MountSpec = { Type: 'volume' };
  const volumeOptions = () => {
    m.VolumeOptions ??= { Labels: dict<string>() };
    m.VolumeOptions.DriverConfig ??= {};
    return m.VolumeOptions;
  };
  const bindOptions = () => (m.BindOptions ??= {});
  const tmpfsOptions = () => (m.TmpfsOptions ??= {});
  const setOn = (target: Record<string, string>, v: string) => {
    const eq = v.indexOf('=');
    const k = eq < 0 ? v : v.slice(0, eq);
    if (k !== '') target[k] = eq < 0 ? '' : v.slice(eq + 1);
  };
  let bindTouched = false;
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') m.ReadOnly = true;
      else if (key === 'volume-nocopy') volumeOptions().NoCopy = true;
      else if (key === 'bind-nonrecursive') bindTouched = !!bindOptions();
      else return { error: `invalid field '${field}' must be a key=value pair` };
      continue;
    }
    switch (key) {
      case 'type':
        m.Type = val.toLowerCase();
        break;
      case 'source':
      case 'src':
        m.Source = !val.startsWith('/') && val.startsWith('.') ? normalizePath(val, cwd) : val;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.Target = val;
        break;
      case 'readonly':
      case 'ro': {
        const b = parseBool(val);
        if (b === undefined) return { error: `invalid value for ${key}: ${val}` };
        m.ReadOnly = b;
        break;
      }
      case 'consistency':
        break;
      case 'bind-propagation':
        bindOptions().Propagation = val.toLowerCase();
        break;
      case 'bind-nonrecursive':
      case 'bind-recursive':
        bindTouched = !!bindOptions();
        break;
      case 'volume-subpath':
        volumeOptions().Subpath = val;
        break;
      case 'volume-nocopy': {
        const b = parseBool(val);
        if (b === undefined) return { error: `invalid value for volume-nocopy: ${val}` };
        volumeOptions().NoCopy = b;
        break;
      }
      case 'volume-label':
        setOn(volumeOptions().Labels!, val);
        break;
      case 'volume-driver':
        volumeOptions().DriverConfig!.Name = val;
        break;
      case 'volume-opt':
        setOn((volumeOptions().DriverConfig!.Options ??= dict<string>()), val);
        break;
      case 'tmpfs-size': {
        const n = ramInBytes(val);
        if (n === undefined) return { error: `invalid value for ${key}: ${val}` };
        tmpfsOptions().SizeBytes = n;
        break;
      }
      case 'tmpfs-mode': {
        if (!/^[0-7]+$/.test(val)) return { error: `invalid value for ${key}: ${val}` };
        tmpfsOptions().Mode = parseInt(val, 8);
        break;
      }
      default:
        return { error: `unexpected key '${key}' in '${field}'` };
    }
  }
  void bindTouched;
  if (!m.Type) return { error: 'type is required' };
  if (!m.Target) return { error: 'target is required' };
  if (m.VolumeOptions && m.Type !== 'volume')
    return { error: `cannot mix 'volume-*' options with mount type '${m.Type}'` };
  if (m.BindOptions && m.Type !== 'bind')
    return { error: `cannot mix 'bind-*' options with mount type '${m.Type}'` };
  if (m.TmpfsOptions && m.Type !== 'tmpfs')
    return { error: `cannot mix 'tmpfs-*' options with mount type '${m.Type}'` };
  return m;
}

/**
 * The mount flags into the create request's parts. `flag`: the error is a
 * bad `--mount` value, which pflag reports (`invalid argument … for "--mount" flag`).
 */
export function mountFlags(
  volume: readonly string[],
  mount: readonly string[],
  tmpfs: readonly string[],
  /** The CLI's working directory (the shell's PWD). */
  cwd = CLI_CWD,
): MountFlags | { error: string; flag?: boolean } {
  const mounts: MountSpec[] = [];
  for (const value of mount) {
    const m = parseMount(value, cwd);
    if ('error' in m)
      return { error: `invalid argument "${value}" for "--mount" flag: ${m.error}`, flag: true };
    mounts.push(m);
  }
  const volumes = dict<object>();
  const binds: string[] = [];
  // opts.ListOpts.GetMap: each spec once.
  for (const spec of new Set(volume)) {
    const parsed = parseVolume(spec);
    if ('error' in parsed) return parsed;
    if (parsed.source === '') {
      volumes[spec] = {};
      continue;
    }
    let bind = spec;
    if (isFilePath(parsed.source)) {
      const colon = spec.indexOf(':');
      if (colon >= 0) {
        let hostPart = spec.slice(0, colon);
        if (!hostPart.startsWith('/') && hostPart.startsWith('.'))
          hostPart = normalizePath(hostPart, cwd);
        bind = `${hostPart}:${spec.slice(colon + 1)}`;
      }
    }
    binds.push(bind);
  }
  const tmp = dict<string>();
  for (const t of tmpfs) {
    const colon = t.indexOf(':');
    if (colon < 0) tmp[t] = '';
    else tmp[t.slice(0, colon)] = t.slice(colon + 1);
  }
  return { volumes, binds: binds.length ? binds : null, mounts, tmpfs: tmp };
}

/** A `--mount` as encoding/json writes mount.Mount: empty fields left out (omitempty). */
export function mountJson(m: MountSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (m.Type) out.Type = m.Type;
  if (m.Source) out.Source = m.Source;
  if (m.Target) out.Target = m.Target;
  if (m.ReadOnly) out.ReadOnly = true;
  if (m.BindOptions) {
    const b: Record<string, unknown> = {};
    if (m.BindOptions.Propagation) b.Propagation = m.BindOptions.Propagation;
    out.BindOptions = b;
  }
  if (m.VolumeOptions) {
    const v: Record<string, unknown> = {};
    if (m.VolumeOptions.NoCopy) v.NoCopy = true;
    if (m.VolumeOptions.Labels && Object.keys(m.VolumeOptions.Labels).length)
      v.Labels = sorted(m.VolumeOptions.Labels);
    if (m.VolumeOptions.Subpath) v.Subpath = m.VolumeOptions.Subpath;
    const d = m.VolumeOptions.DriverConfig;
    if (d) {
      const dc: Record<string, unknown> = {};
      if (d.Name) dc.Name = d.Name;
      if (d.Options && Object.keys(d.Options).length) dc.Options = sorted(d.Options);
      v.DriverConfig = dc;
    }
    out.VolumeOptions = v;
  }
  if (m.TmpfsOptions) {
    const t: Record<string, unknown> = {};
    if (m.TmpfsOptions.SizeBytes) t.SizeBytes = m.TmpfsOptions.SizeBytes;
    if (m.TmpfsOptions.Mode) t.Mode = m.TmpfsOptions.Mode;
    out.TmpfsOptions = t;
  }
  return out;
}

function sorted(m: Readonly<Record<string, string>>): Record<string, string> {
  const out = dict<string>();
  for (const k of Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = m[k]!;
  return out;
}
