/** One entry of a mount table, as the OCI spec's `mounts` and /proc/mounts name it. */
export interface MountEntry {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

/** A mount on the host side: what dockerd's mount(2) of a container's root made. */
export interface HostMount {
  source: string;
  fstype: string;
  options: readonly string[];
}

/** The overlay a container's root is: its read-only layer directories (top first) and its writable one. */
export interface OverlayRoot {
  /** The directories of `lowerdir=`, top first: the init layer, then the image's layers. */
  lowerdirs: string[];
  /** `upperdir=`: where the container's own writes go. */
  upperdir: string;
  /** `workdir=`: overlayfs's scratch directory beside the upperdir. */
  workdir: string;
  /** Where the overlay is mounted on the host (the spec's root.path). */
  target: string;
}

/** What the kernel holds for one container's mount and UTS namespaces. */
export interface ContainerNamespaces {
  root?: OverlayRoot;
  /** The spec's mounts, as runc init mounted them inside the new root. */
  mounts: readonly MountEntry[];
  /** What runc init's sethostname(2) set in the UTS namespace. */
  hostname?: string;
  /** The network namespace's eth0: the container end of the veth dockerd made, as netlink set it up. */
  eth0?: Link;
  /** Every interface dockerd plugged in, one per network (eth0 first). */
  links?: Link[];
}

/**
 * The kernel's mount table and the namespaces of each container: what mount(2),
 * sethostname(2), pivot_root(2) and netlink recorded as dockerd and runc called them.
 * Programs in a container read their view of the system from here (and from
 * the files the kernel holds), never from the records of the daemons that set
 * it up. A container's entry goes when dockerd unmounts its root at cleanup:
 * by then its last process has exited and the namespaces are gone.
 */
/** One network interface inside a container: the container end of a veth pair. */
export interface Link {
  /** The host end's name (`veth1a2b3c4`). */
  veth: string;
  /** `172.18.0.2/16` */
  address: string;
  mac: string;
  /** eth0, eth1… in the order the container joined its networks. */
  ifname?: string;
  /** The bridge the host end is plugged into (`docker0`, `br-…`). */
  bridge?: string;
}

export class MountNamespaces {
  /** Host mounts by target path (dockerd's overlay mounts of container roots). */
  private readonly table = new Map<string, HostMount>();
  private readonly byContainer = new Map<string, ContainerNamespaces>();
  /** Which container pivoted into the mount at a target. */
  private readonly rootOwner = new Map<string, string>();

  mounted(target: string, mount: HostMount): void {
    this.table.set(target, mount);
  }

  /** The mount at `target` is gone; the container whose root it was, if any (its namespaces go too). */
  unmounted(target: string): string | undefined {
    this.table.delete(target);
    const owner = this.rootOwner.get(target);
    if (owner === undefined) return undefined;
    this.rootOwner.delete(target);
    this.byContainer.delete(owner);
    return owner;
  }

  /** runc init bind-mounts root.path onto itself: that overlay becomes the container's root. */
  rootBound(containerId: string, target: string): void {
    const m = this.table.get(target);
    const ns = this.entry(containerId);
    ns.root = m && m.fstype === 'overlay' ? overlayRoot(target, m.options) : undefined;
    this.rootOwner.set(target, containerId);
  }

  specMounted(containerId: string, mounts: readonly MountEntry[]): void {
    this.entry(containerId).mounts = mounts;
  }

  hostnameSet(containerId: string, hostname: string): void {
    this.entry(containerId).hostname = hostname;
  }

  /** dockerd's netlink request put a veth's peer into the container's network namespace. */
  linkAdded(containerId: string, link: Link): void {
    const ns = this.entry(containerId);
    ns.links = [...(ns.links ?? []).filter((l) => l.veth !== link.veth), link];
    ns.eth0 = ns.links.find((l) => l.ifname === 'eth0') ?? ns.links[0];
  }

  linkRemoved(containerId: string, veth: string): void {
    const ns = this.byContainer.get(containerId);
    if (!ns) return;
    ns.links = (ns.links ?? []).filter((l) => l.veth !== veth);
    if (ns.eth0?.veth === veth) ns.eth0 = ns.links[0];
  }

  of(containerId: string): ContainerNamespaces | undefined {
    return this.byContainer.get(containerId);
  }

  private entry(containerId: string): ContainerNamespaces {
    let ns = this.byContainer.get(containerId);
    if (!ns) this.byContainer.set(containerId, (ns = { mounts: [] }));
    return ns;
  }
}

/** `lowerdir=/a:/b,upperdir=/c,workdir=/d` → the layers, top first, and the writable directory. */
function overlayRoot(target: string, options: readonly string[]): OverlayRoot {
  const value = (key: string) =>
    options.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1) ?? '';
  const lower = value('lowerdir');
  return {
    target,
    upperdir: value('upperdir'),
    workdir: value('workdir'),
    lowerdirs: lower ? lower.split(':') : [],
  };
}
