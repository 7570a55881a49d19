/**
 * What the lifecycle adds to `docker ps` and `docker inspect` (moby
 * container.State.String and api/types/container.Health): the health status
 * after `Up …`, State.Health with the last probes, Config.Healthcheck and
 * HostConfig.Init.
 */
import type { Host } from '../host';
import type { ContainerRecord } from './model';
import { healthText } from './healthMonitor';

/** ` (healthy)`, ` (unhealthy)`, ` (health: starting)`, or nothing without a health check. */
export const healthSuffix = (c: ContainerRecord) => (c.health ? ` (${healthText(c.health)})` : '');

/** State.Health (omitted when the container has no health check). */
export function stateHealthView(host: Host, c: ContainerRecord) {
  if (!c.health) return {};
  return {
    Health: {
      Status: c.health.status,
      FailingStreak: c.health.failingStreak,
      Log: c.health.log.map((r) => ({
        Start: host.isoTime(r.start),
        End: host.isoTime(r.end),
        ExitCode: r.exitCode,
        Output: r.output,
      })),
    },
  };
}

/** Config.Healthcheck as the container keeps it (omitted when none). */
export const configHealthcheckView = (c: ContainerRecord) =>
  c.config.Healthcheck ? { Healthcheck: c.config.Healthcheck } : {};

/** HostConfig.Init: a *bool with omitempty, shown only when the create request set it. */
export const hostConfigInitView = (c: ContainerRecord) =>
  c.hostConfig.Init === true || c.hostConfig.Init === false ? { Init: c.hostConfig.Init } : {};
