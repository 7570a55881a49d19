import { distance, type ParsedDockerfile, type Stage, type Step } from './dockerfile';

/**
 * What dockerfile2llb (moby/buildkit frontend/dockerfile/dockerfile2llb/convert.go)
 * decides before it solves anything: ARGs substituted into FROM, the target
 * stage (`--target`), which stages it needs (COPY --from), and the name of
 * each step's vertex as the progress output prints it (`[build 2/4] RUN …`).
 *
 * @example
 * const p = planBuild(parsed, { buildArgs: new Map(), target: 'build' });
 */

export interface PlannedStep {
  step: Step;
  /** The vertex name: `[stage i/n] KEYWORD args` for ADD/COPY/RUN/WORKDIR, else undefined (no vertex). */
  vertex?: string;
}

export interface PlannedStage {
  /** Index in the Dockerfile. */
  index: number;
  /** The name in vertex prefixes: the AS name, `stage-N` without one, '' when the file has one stage. */
  displayName: string;
  /** The base image reference after ARG substitution (undefined when the base is another stage or scratch). */
  image?: string;
  /** The stage this one starts from (`FROM build`). */
  baseStage?: number;
  /** Vertices counted in `i/n`: FROM an image, then each ADD, COPY, RUN and WORKDIR. */
  total: number;
  steps: PlannedStep[];
}

export type BuildPlan =
  | { ok: true; stages: PlannedStage[]; target: number }
  | { ok: false; message: string; line?: number };

/** The shell-style `$NAME` / `${NAME}` substitution BuildKit's shlex does (unset: empty). */
export function expand(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, braced?: string, fallback?: string, bare?: string) => {
      if (m === '\\$') return '\\$';
      const name = braced ?? bare!;
      const v = env.get(name);
      return v !== undefined && v !== '' ? v : (fallback ?? v ?? '');
    },
  );
}

/** convert.go's prefixCommand: `[name i/n] ` with i right-aligned to n's width. */
function prefix(stage: PlannedStage, index: number, text: string): string {
  const width = Math.floor(1 + Math.log10(stage.total));
  const name = stage.displayName ? `${stage.displayName} ` : '';
  return `[${name}${String(index).padStart(width)}/${stage.total}] ${text}`;
}

/** The FROM vertex, once the base is resolved (`docker.io/library/alpine:3.20@sha256:…`). */
export function fromVertex(stage: PlannedStage, resolvedRef: string): string {
  return prefix(stage, 1, `FROM ${resolvedRef}`);
}

/** uppercaseCmd: the first word upper-cased (the instruction as typed may be lower-case). */
const uppercaseCmd = (s: string): string => {
  const sp = s.indexOf(' ');
  return sp < 0 ? s.toUpperCase() : s.slice(0, sp).toUpperCase() + s.slice(sp);
};

/**
 * Plan a build: `buildArgs` are `--build-arg`s, `target` is `--target`.
 * Errors are the frontend's (target not found, COPY --from a later stage).
 */
export function planBuild(
  parsed: Extract<ParsedDockerfile, { ok: true }>,
  options: { buildArgs: ReadonlyMap<string, string>; target?: string },
): BuildPlan {
  const meta = new Map<string, string>();
  for (const [k, v] of parsed.metaArgs) {
    const given = options.buildArgs.get(k);
    if (given !== undefined) meta.set(k, given);
    else if (v !== undefined) meta.set(k, expand(v, meta));
  }
  const byName = new Map<string, number>();
  const stages: PlannedStage[] = parsed.stages.map((s: Stage, index) => {
    const base = expand(s.base, meta);
    const baseStage = byName.get(base.toLowerCase());
    if (s.name) byName.set(s.name, index);
    const image = baseStage === undefined && base !== 'scratch' ? base : undefined;
    let total = image !== undefined ? 1 : 0;
    for (const st of s.steps) if (['ADD', 'COPY', 'RUN', 'WORKDIR'].includes(st.keyword)) total++;
    return {
      index,
      displayName: s.name ?? `stage-${index}`,
      image,
      baseStage,
      total,
      steps: [],
    };
  });
  if (stages.length === 1) stages[0]!.displayName = '';

  let target = stages.length - 1;
  if (options.target !== undefined) {
    const t = byName.get(options.target.toLowerCase());
    if (t === undefined) {
      const hint = nearest(options.target, [...byName.keys()]);
      return {
        ok: false,
        message: `target stage "${options.target}" could not be found${hint ? ` (did you mean ${hint}?)` : ''}`,
      };
    }
    target = t;
  }

  for (const [index, s] of parsed.stages.entries()) {
    const stage = stages[index]!;
    const env = new Map(meta);
    let counter = stage.image !== undefined ? 1 : 0;
    for (const step of s.steps) {
      if (step.keyword === 'ENV' || step.keyword === 'ARG')
        for (const [k, v] of step.pairs ?? []) {
          const given = step.keyword === 'ARG' ? options.buildArgs.get(k) : undefined;
          const value = given ?? (v !== undefined ? expand(v, env) : meta.get(k));
          if (value !== undefined) env.set(k, value);
        }
      if (step.keyword === 'COPY' && step.flags.from !== undefined) {
        const from = byName.get(step.flags.from.toLowerCase());
        if (from !== undefined && from >= index)
          return {
            ok: false,
            message: `cannot copy from stage "${step.flags.from}", it needs to be defined before current stage "${stage.displayName || s.name || `stage-${index}`}"`,
            line: step.line,
          };
      }
      const counted = ['ADD', 'COPY', 'RUN', 'WORKDIR'].includes(step.keyword);
      stage.steps.push({
        step,
        ...(counted
          ? { vertex: prefix(stage, ++counter, uppercaseCmd(expand(step.original, env))) }
          : {}),
      });
    }
  }

  // Only the stages the target needs: its base chain and the stages its COPY --from name.
  const needed = new Set<number>();
  const visit = (i: number) => {
    if (needed.has(i)) return;
    needed.add(i);
    const st = stages[i]!;
    if (st.baseStage !== undefined) visit(st.baseStage);
    for (const { step } of st.steps) {
      const from = step.keyword === 'COPY' ? step.flags.from : undefined;
      const dep = from !== undefined ? byName.get(from.toLowerCase()) : undefined;
      if (dep !== undefined) visit(dep);
    }
  };
  visit(target);
  return { ok: true, stages: stages.filter((s) => needed.has(s.index)), target };
}

/** util/suggest.Search, case-sensitive: the nearest name under distance 3. */
function nearest(typed: string, names: readonly string[]): string | undefined {
  let match: string | undefined;
  let best = 3;
  for (const n of names) {
    if (n === typed) return undefined;
    const d = distance(typed, n);
    if (d < best) {
      best = d;
      match = n;
    }
  }
  return match;
}
