/**
 * Command-line flags the way docker/cli parses them (spf13/pflag under
 * cobra): `--name web`, `--name=web`, `-d`, `-dit`, `-p8080:80`, `--rm=false`,
 * `--` to stop. The flag tables come from the real CLI's help texts (data),
 * so every real flag is known, whether DockScope simulates it or not.
 */
import { parseGoDuration } from './goDuration';
import { resourceFlagError } from './commands/resourceFlags';

export interface FlagSpec {
  long: string;
  short?: string;
  /** `string`, `int`, `list`… from the help text; absent for booleans. */
  type?: string;
}

export type FlagValues = Record<string, string[]>;

export type ParseResult =
  { ok: true; flags: FlagValues; args: string[]; help: boolean } | { ok: false; error: string };

const OPTION_LINE = /^ {2}(?:-(\w), | {4})--([\w-]+)(?: (\w+))?(?: {2,}|$)/;

/** Read the flag table out of a help text's `Options:` (or `Global Options:`) section. */
export function flagsFromHelp(help: string): FlagSpec[] {
  const out: FlagSpec[] = [];
  let inOptions = false;
  for (const line of help.split('\n')) {
    if (/^(Global )?Options:$/.test(line)) {
      inOptions = true;
      continue;
    }
    if (inOptions && line !== '' && !line.startsWith(' ')) inOptions = false;
    if (!inOptions) continue;
    const m = OPTION_LINE.exec(line);
    if (m) out.push({ long: m[2]!, short: m[1], type: m[3] });
  }
  return out;
}

const INTEGER = new Set(['int', 'int64', 'uint16', 'uint64']);

interface FlagIndex {
  byLong: ReadonlyMap<string, FlagSpec>;
  byShort: ReadonlyMap<string, FlagSpec>;
}

/**
 * Each flag table's lookups, made once: a table is data read out of a help text once, and
 * `docker run`'s has some hundred flags (two maps of them at every command was a tenth of
 * what parsing a `docker run` line allocated).
 */
const INDEXES = new WeakMap<readonly FlagSpec[], FlagIndex>();

function indexOf(specs: readonly FlagSpec[]): FlagIndex {
  let index = INDEXES.get(specs);
  if (!index) {
    index = {
      byLong: new Map(specs.map((s) => [s.long, s])),
      byShort: new Map(specs.filter((s) => s.short).map((s) => [s.short!, s])),
    };
    INDEXES.set(specs, index);
  }
  return index;
}

/**
 * Parse `argv` against `specs`. With `interspersed: false` (docker run,
 * create, the root command) the first positional ends the flags: the rest
 * belongs to the container's command.
 */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  interspersed: boolean,
): ParseResult {
  const { byLong, byShort } = indexOf(specs);
  const flags: FlagValues = {};
  const args: string[] = [];
  let help = false;
  const set = (spec: FlagSpec, value: string, shown: string): string | undefined => {
    if (spec.type && INTEGER.has(spec.type) && !/^[+-]?\d+$/.test(value)) {
      return `invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`;
    }
    // docker/cli opts.FilterOpt.Set: `key=value` (an empty value is ignored).
    if (spec.type === 'filter' && value !== '' && !value.includes('=')) {
      return `invalid argument "${value}" for "${shown}" flag: bad format of filter (expected name=value)`;
    }
    // pflag stringToString (`--docker host=…,ca=…`): the first pair must be key=value (a
    // later pair without `=` belongs to the value before it).
    if (spec.type === 'stringToString') {
      const first = value.split(',')[0]!;
      if (value !== '' && !first.includes('='))
        return `invalid argument "${value}" for "${shown}" flag: ${first} must be formatted as key=value`;
    }
    // ── life: pflag's durationValue.Set is Go's time.ParseDuration (`--health-interval 5s`) ──
    if (spec.type === 'duration') {
      const d = parseGoDuration(value);
      if (!d.ok) return `invalid argument "${value}" for "${shown}" flag: ${d.error}`;
    }
    // ── res: -m/--memory, --cpus, --ulimit… fail in their own Set (resourceFlags.ts) ──
    const resourceError = spec.type ? resourceFlagError(spec.long, spec.type, value) : undefined;
    if (resourceError) return `invalid argument "${value}" for "${shown}" flag: ${resourceError}`;
    if (!spec.type && !/^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/.test(value)) {
      return `invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
    }
    (flags[spec.long] ??= []).push(value);
    return undefined;
  };
  const name = (s: FlagSpec) => (s.short ? `-${s.short}, --${s.long}` : `--${s.long}`);

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const key = eq === -1 ? a.slice(2) : a.slice(2, eq);
      if (key === 'help') {
        help = true;
        continue;
      }
      const spec = byLong.get(key);
      if (!spec) return { ok: false, error: `unknown flag: --${key}` };
      let value: string | undefined = eq === -1 ? undefined : a.slice(eq + 1);
      if (value === undefined) {
        if (!spec.type) value = 'true';
        else if (i + 1 < argv.length) value = argv[++i]!;
        else return { ok: false, error: `flag needs an argument: --${key}` };
      }
      const err = set(spec, value, name(spec));
      if (err) return { ok: false, error: err };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        // -h is cobra's help, unless the command has its own -h (`docker run -h`: --hostname).
        if (c === 'h' && !byShort.has('h')) {
          help = true;
          continue;
        }
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
        if (!spec.type) {
          let value = 'true';
          if (a[j + 1] === '=') {
            value = a.slice(j + 2);
            j = a.length;
          }
          const err = set(spec, value, name(spec));
          if (err) return { ok: false, error: err };
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= argv.length)
            return { ok: false, error: `flag needs an argument: '${c}' in ${a}` };
          value = argv[++i]!;
        }
        const err = set(spec, value, name(spec));
        if (err) return { ok: false, error: err };
        break;
      }
      continue;
    }
    args.push(a);
    if (!interspersed) {
      args.push(...argv.slice(i + 1));
      break;
    }
  }
  return { ok: true, flags, args, help };
}

/** Last value of a flag, or undefined. */
export const last = (f: FlagValues, name: string): string | undefined => f[name]?.at(-1);
/** A boolean flag's value. */
export const isOn = (f: FlagValues, name: string): boolean => {
  const v = last(f, name);
  return v !== undefined && /^(1|t|T|true|TRUE|True)$/.test(v);
};
