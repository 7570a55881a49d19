/** What dockerd set up in the kernel for one container's network, to undo it later. */
export interface Endpoint {
  /** The host end of the container's veth pair. */
  veth: string;
  /** PIDs of the docker-proxy processes it started, in order. */
  proxies: number[];
  /** NAT rules it added (`0.0.0.0:8080/tcp`). */
  nat: Set<string>;
}

/**
 * dockerd's own record of each container's network endpoint (libnetwork's
 * endpoint and port mapper): the veth, the proxies and the NAT rules it asked
 * the kernel for. Tearing down reads this, not the kernel's tables.
 */
export class Endpoints {
  private byContainer = new Map<string, Endpoint>();

  created(containerId: string, veth: string): Endpoint {
    const e: Endpoint = { veth, proxies: [], nat: new Set() };
    this.byContainer.set(containerId, e);
    return e;
  }

  get(containerId: string): Endpoint | undefined {
    return this.byContainer.get(containerId);
  }

  released(containerId: string): void {
    this.byContainer.delete(containerId);
  }
}
