/**
 * dockerd's embedded DNS server (libnetwork `resolver.go`): on a user-defined
 * network each container's resolv.conf names 127.0.0.11, and dockerd answers
 * from its own records: the name, the aliases and the short ID of every
 * container with an endpoint on a network the asker shares. A name it does not
 * know it forwards to the host's resolvers.
 *
 * Simplified: DockScope does not simulate the host's resolvers nor the
 * internet's DNS. A single-label name (`web`) that dockerd does not know is
 * answered NXDOMAIN, as a public resolver would answer it; for other names the
 * answer says the lookup is not simulated.
 */
import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import { contextOf } from '../core/actors';
import type { DockerdState } from './model';
import { dnsNamesOf, endpointsOf, isUserDefined } from './networks';
import { HOST_RESOLVERS } from './etcFiles';

export interface DnsQuery {
  /** The asking container (its network namespace is where 127.0.0.11 answers). */
  containerId: string;
  name: string;
}

export interface DnsAnswer {
  /** `NOERROR` with an address, `NXDOMAIN`, or `NOTSIMULATED` for names beyond the simulation. */
  rcode: 'NOERROR' | 'NXDOMAIN' | 'NOTSIMULATED';
  address?: string;
}

export const DNS_OPERATION = 'DNS query';

/** The answer to a DNS query, or undefined when the message is no DNS query. */
export function dnsAnswer(host: Host, inbound: Inbound): Reply | undefined {
  if (!inbound.operation.startsWith(DNS_OPERATION)) return undefined;
  const q = inbound.request as DnsQuery;
  const d = contextOf<DockerdState>(host.dockerd);
  const asker = d.containers[q.containerId];
  const name = q.name.replace(/\.$/, '').toLowerCase();
  const networks = asker
    ? Object.entries(endpointsOf(asker)).filter(([n, ep]) => ep.endpointId && isUserDefined(n))
    : [];
  for (const [network] of networks) {
    for (const c of Object.values(d.containers)) {
      const ep = endpointsOf(c)[network];
      if (!ep?.endpointId || !ep.ip) continue;
      if (dnsNamesOf(c, ep).some((n) => n.toLowerCase() === name)) {
        const body: DnsAnswer = { rcode: 'NOERROR', address: ep.ip };
        return {
          status: 'NOERROR',
          body,
          summary: `dockerd knows ${q.name} on network ${network}: ${c.name}, ${ep.ip}`,
        };
      }
    }
  }
  const upstream = HOST_RESOLVERS.join(', ');
  if (!name.includes('.')) {
    const body: DnsAnswer = { rcode: 'NXDOMAIN' };
    return {
      status: 'NXDOMAIN',
      body,
      summary: `no container on the asker's networks is called ${q.name}: dockerd forwards the query to the host's resolver (${upstream}, not simulated), and a single-label name is in no public zone: NXDOMAIN`,
    };
  }
  const body: DnsAnswer = { rcode: 'NOTSIMULATED' };
  return {
    status: 'not simulated',
    body,
    summary: `${q.name} is no container name: dockerd forwards the query to the host's resolver (${upstream}); DockScope does not simulate DNS beyond the host`,
  };
}
