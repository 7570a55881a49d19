import { DockerfileParser, type Flag, type Instruction } from 'dockerfile-ast';

/**
 * BuildKit's Dockerfile frontend, as far as DockScope runs it: the file is
 * parsed with dockerfile-ast (the parser of the VS Code Docker extension),
 * then checked as BuildKit's instructions.Parse checks it
 * (frontend/dockerfile/instructions/parse.go, moby/buildkit), so a broken
 * Dockerfile gets BuildKit's own error text and line number.
 *
 * @example
 * const r = parseDockerfile('FROM alpine:3.20\nCOPY . /app\nCMD ["sh"]\n');
 * r.ok && r.stages[0].steps.map((s) => s.keyword) // ['COPY', 'CMD']
 */

/** One instruction of a stage, with its words as BuildKit reads them. */
export interface Step {
  keyword: Keyword;
  /** 1-based line the instruction starts on (BuildKit's node.StartLine). */
  line: number;
  /** The instruction as written after its keyword, continuation lines joined. */
  text: string;
  /** The whole instruction as written (keyword and flags), continuation lines joined: BuildKit's node.Original. */
  original: string;
  /** Words of the shell form (flags removed). */
  args: string[];
  /** The exec (JSON array) form, when the arguments are one. */
  json?: string[];
  /** `--name=value` flags (COPY --from, --chown; RUN --mount…). */
  flags: Record<string, string>;
  /** ENV, LABEL, ARG: name and value pairs, quotes removed. */
  pairs?: [string, string | undefined][];
}

/** A build stage: `FROM base [AS name]` and the steps after it. */
export interface Stage {
  /** The base as written (ARGs not yet substituted). */
  base: string;
  /** The stage's name, lower-cased as BuildKit does; undefined without AS. */
  name?: string;
  line: number;
  platform?: string;
  steps: Step[];
}

export type ParsedDockerfile =
  | {
      ok: true;
      /** ARGs before the first FROM: they may be used in FROM lines. */
      metaArgs: [string, string | undefined][];
      stages: Stage[];
      /** The `# syntax=` directive, if any (BuildKit would fetch that frontend image). */
      syntax?: string;
    }
  | {
      ok: false;
      /** BuildKit's error text, as `docker build` prints it after `failed to solve: `. */
      message: string;
      /** The line the error points at (the CLI shows the Dockerfile around it). */
      line?: number;
    };

/** command.Commands: the instructions BuildKit knows. */
export const KEYWORDS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

const isKeyword = (k: string): k is Keyword => (KEYWORDS as readonly string[]).includes(k);

/** Levenshtein distance (agext/levenshtein with default costs). */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

/**
 * util/suggest.Search, case-insensitive: the nearest name under distance 3,
 * in the case of what was typed (all lower, all upper, or as listed).
 */
export function suggest(typed: string, options: readonly string[]): string | undefined {
  const val = typed.toLowerCase();
  let match: string | undefined;
  let best = 3;
  for (const o of options) {
    const opt = o.toLowerCase();
    if (val === opt) return undefined;
    const d = distance(val, opt);
    if (d < best) {
      best = d;
      match = opt;
    }
  }
  if (match === undefined) return undefined;
  if (typed === typed.toLowerCase()) return match;
  if (typed === typed.toUpperCase()) return match.toUpperCase();
  return match;
}

/** Remove one level of shell quotes from an ENV/LABEL/ARG value (BuildKit's lexer). */
export function unquote(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"' || ch === "'") {
      const end = value.indexOf(ch, i + 1);
      if (end < 0) {
        out += value.slice(i + 1);
        break;
      }
      let inner = value.slice(i + 1, end);
      if (ch === '"') inner = inner.replace(/\\(["\\$`])/g, '$1');
      out += inner;
      i = end;
    } else if (ch === '\\' && i + 1 < value.length) {
      out += value[++i];
    } else out += ch;
  }
  return out;
}

/** The JSON (exec) form: an array of strings, else undefined (BuildKit falls back to the shell form). */
function jsonForm(content: string): string[] | undefined {
  if (!content.trimStart().startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(content);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

const fail = (message: string, line?: number): ParsedDockerfile => ({ ok: false, message, line });
const parseError = (line: number, inner: string): ParsedDockerfile =>
  fail(`dockerfile parse error on line ${line}: ${inner}`, line);

/** Split `--flag=value` words off the front of an instruction's words (BFlags). */
function takeFlags(words: string[]): { flags: Record<string, string>; rest: string[] } {
  const flags: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^--([a-zA-Z0-9-]+)(?:=(.*))?$/.exec(words[i]!);
    if (!m) break;
    flags[m[1]!] = m[2] ?? 'true';
  }
  return { flags, rest: words.slice(i) };
}

/** The flags each instruction accepts (parse.go's req.flags.Add…); others: `unknown flag: x`. */
const KNOWN_FLAGS: Partial<Record<Keyword, readonly string[]>> = {
  FROM: ['platform'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  ADD: ['chown', 'chmod', 'link', 'keep-git-dir', 'checksum', 'unpack', 'exclude'],
  RUN: ['mount', 'network', 'security'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};

/** BFlags.Parse: `unknown flag: --x`, with suggest.WrapError's case-sensitive hint. */
function unknownFlag(name: string, known: readonly string[]): string {
  let match: string | undefined;
  let best = 3;
  for (const k of known) {
    const d = distance(name, k);
    if (d < best) {
      best = d;
      match = k;
    }
  }
  return `unknown flag: --${name}${match ? ` (did you mean ${match}?)` : ''}`;
}

function toStep(i: Instruction, keyword: Keyword): Step | ParsedDockerfile {
  const line = i.getRange().start.line + 1;
  const text = i.getArgumentsContent() ?? '';
  // dockerfile-ast keeps the flags of COPY, ADD, FROM, RUN and HEALTHCHECK apart from their arguments.
  const { flags, rest } = takeFlags(i.getArguments().map((a) => a.getValue()));
  if ('getFlags' in i && typeof i.getFlags === 'function')
    for (const f of (i as unknown as { getFlags(): Flag[] }).getFlags())
      flags[f.getName()] = f.getValue() ?? 'true';
  const known = KNOWN_FLAGS[keyword] ?? [];
  for (const f of Object.keys(flags))
    if (!known.includes(f)) return parseError(line, unknownFlag(f, known));
  const afterFlags = text.replace(/^(\s*--[a-zA-Z0-9-]+(=\S*)?)+\s*/, '');
  const original = i
    .getTextContent()
    .replace(/\\\r?\n/g, '')
    .trim();
  const step: Step = { keyword, line, text, original, args: rest, flags };
  const json = jsonForm(afterFlags);
  if (json) step.json = json;
  const need = (ok: boolean, message: string) => (ok ? undefined : parseError(line, message));
  const problem = ((): ParsedDockerfile | undefined => {
    switch (keyword) {
      case 'COPY':
      case 'ADD': {
        const n = json ? json.length : rest.length;
        return need(
          n >= 2,
          `${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`,
        );
      }
      case 'WORKDIR':
      case 'USER':
      case 'STOPSIGNAL':
        return need(rest.length === 1, `${keyword} requires exactly one argument`);
      case 'EXPOSE':
      case 'VOLUME':
      case 'ARG':
      case 'SHELL':
      case 'ONBUILD':
        return need(rest.length >= 1, `${keyword} requires at least one argument`);
      case 'ENV':
      case 'LABEL': {
        if (rest.length === 0) return parseError(line, `${keyword} requires at least one argument`);
        const pairs: [string, string][] = [];
        if (!rest[0]!.includes('=')) {
          // The legacy form: `ENV NAME value with spaces`.
          if (rest.length < 2) return parseError(line, `${keyword} must have two arguments`);
          pairs.push([rest[0]!, unquote(afterFlags.replace(/^\S+\s+/, '').trim())]);
        } else
          for (const w of splitWords(afterFlags)) {
            const eq = w.indexOf('=');
            if (eq < 0)
              return parseError(
                line,
                `Syntax error - can't find = in "${w}". Must be of the form: name=value`,
              );
            if (eq === 0) return parseError(line, `${keyword} names can not be blank`);
            pairs.push([unquote(w.slice(0, eq)), unquote(w.slice(eq + 1))]);
          }
        step.pairs = pairs;
        return undefined;
      }
      case 'HEALTHCHECK': {
        if (rest.length === 0)
          return parseError(line, 'HEALTHCHECK requires at least one argument');
        const type = rest[0]!.toUpperCase();
        if (type === 'NONE') return need(rest.length === 1, 'HEALTHCHECK NONE takes no arguments');
        if (type !== 'CMD')
          return parseError(line, `Unknown type "${type}" in HEALTHCHECK (try CMD)`);
        return need(rest.length > 1, 'Missing command after HEALTHCHECK CMD');
      }
    }
    return undefined;
  })();
  if (problem) return problem;
  if (keyword === 'ARG')
    step.pairs = splitWords(afterFlags).map((w) => {
      const eq = w.indexOf('=');
      return eq < 0 ? [w, undefined] : [w.slice(0, eq), unquote(w.slice(eq + 1))];
    });
  return step;
}

/** Words split on blanks outside quotes (ENV/LABEL/ARG's `a=1 b="x y"`). */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += ch + text[++i];
      else {
        if (ch === quote) quote = undefined;
        cur += ch;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === '\\' && i + 1 < text.length) cur += ch + text[++i];
    else if (/\s/.test(ch)) {
      if (cur) words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) words.push(cur);
  return words;
}

/** Parse a Dockerfile into its stages, or BuildKit's error for it. */
export function parseDockerfile(content: string): ParsedDockerfile {
  const doc = DockerfileParser.parse(content);
  const instructions = doc.getInstructions();
  if (instructions.length === 0) {
    // parser.Parse: withLocation(errors.New("file with no instructions"), currentLine, 0)
    return fail('file with no instructions');
  }
  const syntax = doc
    .getDirectives()
    .find((d) => d.getName().toLowerCase() === 'syntax')
    ?.getValue();
  const metaArgs: [string, string | undefined][] = [];
  const stages: Stage[] = [];
  for (const i of instructions) {
    const keyword = i.getKeyword().toUpperCase();
    const line = i.getRange().start.line + 1;
    if (!isKeyword(keyword)) {
      // node.Value: the instruction as typed (dockerfile-ast's keyword is upper-cased).
      const typed = i.getInstruction();
      const hint = suggest(typed, KEYWORDS);
      return parseError(
        line,
        `unknown instruction: ${typed}${hint ? ` (did you mean ${hint}?)` : ''}`,
      );
    }
    if (keyword === 'FROM') {
      const { flags, rest } = takeFlags(i.getArguments().map((a) => a.getValue()));
      for (const f of Object.keys(flags))
        if (f !== 'platform') return parseError(line, unknownFlag(f, ['platform']));
      let name: string | undefined;
      if (rest.length === 3 && rest[1]!.toLowerCase() === 'as') {
        name = rest[2]!.toLowerCase();
        if (!/^[a-z][a-z0-9-_.]*$/.test(name))
          return parseError(
            line,
            `invalid name for build stage: "${rest[2]}", name can't start with a number or contain symbols`,
          );
      } else if (rest.length !== 1)
        return parseError(line, 'FROM requires either one or three arguments');
      stages.push({ base: rest[0]!, name, line, platform: flags.platform, steps: [] });
      continue;
    }
    const step = toStep(i, keyword);
    if ('ok' in step) return step;
    if (stages.length === 0) {
      if (keyword === 'ARG') {
        metaArgs.push(...(step.pairs ?? []));
        continue;
      }
      // instructions.CurrentStage, located but not wrapped as a parse error.
      return fail('no build stage in current context', line);
    }
    stages.at(-1)!.steps.push(step);
  }
  return { ok: true, metaArgs, stages, ...(syntax ? { syntax } : {}) };
}
