/** What dockerd set up in the kernel for one container's network, to undo it later. */
export interface Endpoint {
  /** The host end of the container's veth pair. */
  veth: string;
  /** PIDs of the docker-proxy processes it started, in order. */
  proxies: number[];
}

/**
 * dockerd's own record of each container's network endpoint (libnetwork's
 * endpoint): the veth and the proxies it asked the kernel for. The published
 * ports, and so the NAT rules to remove, are the container's record's
 * (NetworkSettings.Ports). Tearing down reads these, not the kernel's tables.
 */
export class Endpoints {
  private byContainer = new Map<string, Endpoint>();

  created(containerId: string, veth: string): Endpoint {
    const e: Endpoint = { veth, proxies: [] };
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
