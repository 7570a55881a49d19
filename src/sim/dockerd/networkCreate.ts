/**
 * What `POST /containers/create` does with a container's network settings
 * (moby `validateNetworkingConfig` and `updateContainerNetworkSettings`): each
 * endpoint config is checked, and kept by network name for the container's
 * start, where libnetwork connects it.
 */
import type { Host } from '../host';
import type { CreateRequest } from './createRequest';
import type { ContainerEndpoint, ContainerRecord } from './model';
import { invalid } from './errors';
import { dict } from '../core/records';
import {
  contains,
  emptyEndpoint,
  isUserDefined,
  lookupNetwork,
  modeNetwork,
  parseCidr,
  parseIpv4,
} from './networks';

/**
 * The container's endpoints by network name, or the daemon's 400: `invalid
 * config for network X: invalid endpoint settings:` and what is wrong (moby joins
 * several with `* `).
 */
export function createEndpoints(
  host: Host,
  body: CreateRequest,
): Record<string, ContainerEndpoint> {
  const mode = body.HostConfig?.NetworkMode || 'default';
  // ── sec: `container:<name>` joins the donor's network namespace: no endpoint of its own ──
  if (mode.startsWith('container:')) return dict<ContainerEndpoint>();
  const configs = body.NetworkingConfig?.EndpointsConfig ?? {};
  const errors: string[] = [];
  const out = dict<ContainerEndpoint>();
  for (const [key, config] of Object.entries(configs)) {
    if (!config) {
      errors.push(`invalid config for network ${key}: EndpointsConfig is nil`);
      continue;
    }
    const requested = config.IPAMConfig?.IPv4Address ?? '';
    const aliases = config.Aliases?.length ? config.Aliases : null;
    const network = lookupNetwork(host, key);
    const problems: string[] = [];
    if (!isUserDefined(key)) {
      if (requested)
        problems.push('user specified IP address is supported on user defined networks only');
      if (aliases)
        problems.push(
          'network-scoped alias is supported only for containers in user defined networks',
        );
    }
    const ip = parseIpv4(requested);
    if (requested && ip === undefined) problems.push(`invalid IPv4 address: ${requested}`);
    else if (requested && network && network.driver === 'bridge') {
      if (!network.userSubnet)
        problems.push(
          'user specified IP address is supported only when connecting to networks with user configured subnets',
        );
      else if (!contains(parseCidr(network.subnet)!.cidr, ip!))
        problems.push(`no configured subnet or ip-range contain the IP address ${requested}`);
    }
    if (problems.length)
      errors.push(
        `invalid config for network ${key}: invalid endpoint settings:\n${joinErrors(problems)}`,
      );
    const name = network?.name ?? modeNetwork(key);
    out[name] = emptyEndpoint(network?.id ?? '', aliases, requested);
  }
  if (errors.length) throw invalid(joinErrors(errors));
  // No endpoint config (the CLI sends none for host and none): the mode's network alone.
  if (Object.keys(out).length === 0) {
    const network = lookupNetwork(host, modeNetwork(mode));
    out[network?.name ?? modeNetwork(mode)] = emptyEndpoint(network?.id ?? '');
  }
  return out;
}

/** moby's multierror.Join: one error as it is, several as a `* ` list (continuation lines tabbed). */
function joinErrors(errs: readonly string[]): string {
  if (errs.length === 1) return errs[0]!.trim();
  return `* ${errs.map((e) => e.replace(/\n/g, '\n\t')).join('\n* ')}`;
}

/** The create response's Warnings (moby verifyPlatformContainerSettings). */
export function createWarnings(c: ContainerRecord): string[] {
  const warnings: string[] = [];
  if (c.hostConfig.NetworkMode === 'host' && Object.keys(c.hostConfig.PortBindings).length > 0)
    warnings.push('Published ports are discarded when using host network mode');
  return warnings;
}
