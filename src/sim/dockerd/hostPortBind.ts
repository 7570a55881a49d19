/**
 * dockerd binds each published host port itself before anything else listens
 * there (moby 28: libnetwork/drivers/bridge/port_mapping_linux.go bindTCPOrUDP,
 * a socket with SO_REUSEADDR, then bind(2)); the bound socket is later handed
 * to docker-proxy. moby's own port allocator only knows the ports dockerd gave
 * out: a port a host process (not a container) listens on is found here, when
 * bind(2) fails with EADDRINUSE, and the container does not start:
 *
 *   failed to set up container networking: driver failed programming external
 *   connectivity on endpoint web (…): failed to bind host port for
 *   0.0.0.0:8080:172.17.0.2:80/tcp: address already in use
 *
 * (`Bind for 0.0.0.0:8080 failed: port is already allocated` is the allocator's
 * answer for a port another container holds: network.ts.)
 *
 * Simplified: DockScope binds before it makes the veth pair (moby binds when it
 * programs the endpoint's external connectivity, after the veth pair), so the
 * failed start has no interface to undo.
 */
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import type { ContainerRecord } from './model';
import type { Published, PlannedEndpoint } from './network';
import { aboutContainer } from '../trace/operations';

/** libnetwork's PortBinding.String(): `0.0.0.0:8080:172.17.0.2:80/tcp`, IPv6 in brackets. */
function bindingText(b: Published, containerIp: string): string {
  const host = b.hostIp.includes(':') ? `[${b.hostIp}]` : b.hostIp;
  return `${host}:${b.hostPort}:${containerIp}:${b.containerPort}/${b.proto}`;
}

/**
 * bind(2) every host port of `bindings`; the error text of the first that
 * fails (EADDRINUSE), or undefined when all are bound.
 */
export function* bindHostPorts(
  caller: Caller,
  c: ContainerRecord,
  bindings: readonly Published[],
  plan: readonly PlannedEndpoint[],
): Task<string | undefined> {
  const ip = plan.find((p) => p.network.driver === 'bridge')?.endpoint.ip ?? '';
  for (const b of bindings) {
    const where = b.hostIp.includes(':')
      ? `[${b.hostIp}]:${b.hostPort}`
      : `${b.hostIp}:${b.hostPort}`;
    const r = yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: `bind(fd, ${where})`,
      op: 'kernel.net.bind',
      subjects: aboutContainer(c.id),
      request: {
        call: 'noop',
        what: `bind a ${b.proto} socket to ${where} for the published port`,
        ret: 0,
        port: b.hostPort,
      },
      summary: `dockerd binds ${where} itself (SO_REUSEADDR), to hand the socket to docker-proxy`,
    });
    if (r.status === -98)
      return `failed to set up container networking: driver failed programming external connectivity on endpoint ${c.name} (${c.id}): failed to bind host port for ${bindingText(b, ip)}: address already in use`;
  }
  return undefined;
}
