/**
 * The lifecycle flags of `docker run` / `docker create`, read as docker/cli
 * 28.2 reads them (cli/command/container/opts.go parse): `--restart`,
 * `--init` and the health check flags. Each becomes a part of the create
 * body: HostConfig.RestartPolicy, HostConfig.Init, Config.Healthcheck.
 */
import { isOn, last, type FlagValues } from '../flags';
import { parseGoDuration } from '../goDuration';

/** `container.RestartPolicy` as the CLI sends it. */
export interface RestartPolicyBody {
  Name: string;
  MaximumRetryCount: number;
}

/** `container.HealthConfig` as Go marshals it: every field `omitempty`, durations in ns. */
export interface HealthcheckBody {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface LifecycleFlags {
  restart: RestartPolicyBody;
  /** `--init` given (true or false): HostConfig.Init; absent when the flag was not used. */
  init?: boolean;
  /** Config.Healthcheck; absent when no health flag was given. */
  healthcheck?: HealthcheckBody;
}

/**
 * docker/cli opts.ParseRestartPolicy: `name[:count]`. The flag's default is
 * "no", so the body always carries a policy; dockerd checks the name.
 */
export function parseRestartPolicy(policy: string): RestartPolicyBody | { error: string } {
  if (policy === '') return { Name: '', MaximumRetryCount: 0 };
  const colon = policy.indexOf(':');
  const name = colon === -1 ? policy : policy.slice(0, colon);
  const count = colon === -1 ? '' : policy.slice(colon + 1);
  if (colon !== -1 && name === '')
    return { error: 'invalid restart policy format: no policy provided before colon' };
  let retries = 0;
  if (count !== '') {
    // Go's strconv.Atoi: an optional sign and decimal digits.
    if (!/^[+-]?\d+$/.test(count))
      return { error: 'invalid restart policy format: maximum retry count must be an integer' };
    retries = Number(count);
  }
  return { Name: name, MaximumRetryCount: retries };
}

/** The health flags that take a duration, in the order opts.go checks them for a negative value. */
const HEALTH_DURATIONS = [
  ['health-interval', 'Interval'],
  ['health-timeout', 'Timeout'],
  ['health-retries', 'Retries'],
  ['health-start-period', 'StartPeriod'],
  ['health-start-interval', 'StartInterval'],
] as const;

/** A duration flag's value in ns (pflag has already refused a malformed one). */
const durationOf = (flags: FlagValues, name: string): number => {
  const v = last(flags, name);
  if (v === undefined) return 0;
  const d = parseGoDuration(v);
  return d.ok ? d.ns : 0;
};

/**
 * The health check part of opts.go's parse: `--no-healthcheck` is `{"Test":["NONE"]}`
 * and conflicts with any `--health-*`; otherwise the settings given, none negative.
 */
function parseHealth(flags: FlagValues): { healthcheck?: HealthcheckBody } | { error: string } {
  const cmd = last(flags, 'health-cmd') ?? '';
  const retries = Number(last(flags, 'health-retries') ?? 0);
  const values: Record<string, number> = {
    Interval: durationOf(flags, 'health-interval'),
    Timeout: durationOf(flags, 'health-timeout'),
    StartPeriod: durationOf(flags, 'health-start-period'),
    StartInterval: durationOf(flags, 'health-start-interval'),
    Retries: retries,
  };
  const haveSettings = cmd !== '' || Object.values(values).some((v) => v !== 0);
  if (isOn(flags, 'no-healthcheck')) {
    if (haveSettings) return { error: '--no-healthcheck conflicts with --health-* options' };
    return { healthcheck: { Test: ['NONE'] } };
  }
  if (!haveSettings) return {};
  for (const [flag, field] of HEALTH_DURATIONS)
    if (values[field]! < 0) return { error: `--${flag} cannot be negative` };
  // Go's omitempty: a zero duration or an unset probe is left out of the JSON.
  const hc: HealthcheckBody = {};
  if (cmd !== '') hc.Test = ['CMD-SHELL', cmd];
  for (const field of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const)
    if (values[field]) hc[field] = values[field];
  return { healthcheck: hc };
}

/** Read the lifecycle flags, or the CLI's error (printed `docker: …`, exit 125). */
export function lifecycleFlags(
  flags: FlagValues,
  autoRemove: boolean,
): LifecycleFlags | { error: string } {
  const restart = parseRestartPolicy(last(flags, 'restart') ?? 'no');
  if ('error' in restart) return restart;
  const health = parseHealth(flags);
  if ('error' in health) return health;
  // container.RestartPolicy.IsNone: "no" or "" (checked after the whole config is built).
  if (autoRemove && restart.Name !== 'no' && restart.Name !== '')
    return { error: 'conflicting options: cannot specify both --restart and --rm' };
  return {
    restart,
    ...(flags.init !== undefined ? { init: isOn(flags, 'init') } : {}),
    ...health,
  };
}
