// ── sec: `ip link add/delete` inside a container: a netlink request the kernel checks ──
/**
 * BusyBox `ip link add NAME type dummy` sends RTM_NEWLINK over netlink; the
 * kernel creates the device only for a caller with CAP_NET_ADMIN over the
 * network namespace (rtnetlink's netlink_ns_capable check), and answers EPERM
 * otherwise, which `ip` prints as `ip: RTNETLINK answers: Operation not
 * permitted` and exits 2 (iplink.c do_add_or_delete). Docker's default 14
 * capabilities do not include it: `--cap-add NET_ADMIN` or `--privileged` do.
 * DockScope simulates the `dummy` type, and `ip link delete NAME`.
 */
import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import { containerNodeId } from '../core/types';
import { aboutContainer } from '../trace/operations';
import type { ProcessContext } from './processContext';
import { credentialsOf, netNamespaceOwner } from './credentials';
import { DEFAULT_CAPABILITIES } from '../dockerd/ociSpec';

export interface NetlinkRequest {
  call: 'netlink.link';
  containerId: string;
  action: 'add' | 'delete';
  name: string;
  kind: string;
}

/** Devices made with `ip link add`, by the container whose network namespace holds them. */
const added = new WeakMap<Host, Map<string, Array<{ name: string; kind: string; mac: string }>>>();

function linksIn(host: Host, owner: string) {
  let byNs = added.get(host);
  if (!byNs) added.set(host, (byNs = new Map()));
  let list = byNs.get(owner);
  if (!list) byNs.set(owner, (list = []));
  return list;
}

/** A random-looking, locally administered MAC (as the kernel's eth_random_addr gives a dummy). */
function macFor(containerId: string, name: string): string {
  let h = 0;
  for (const ch of containerId + name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const bytes = [
    ((h >>> 24) & 0xfe) | 0x02,
    (h >>> 16) & 255,
    (h >>> 8) & 255,
    h & 255,
    0x3c,
    0x5a,
  ];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The container's network namespace is new (a start): the devices added in the last one went with it. */
export function forgetLinks(host: Host, containerId: string): void {
  added.get(host)?.delete(containerId);
}

/** The kernel's side: RTM_NEWLINK / RTM_DELLINK from a process in the container. */
export function netlinkLink(host: Host, req: NetlinkRequest) {
  const caps = credentialsOf(host, req.containerId)?.caps ?? DEFAULT_CAPABILITIES;
  if (!caps.includes('CAP_NET_ADMIN'))
    return {
      status: -1,
      summary: `EPERM: the process lacks CAP_NET_ADMIN in its network namespace`,
    };
  const list = linksIn(host, netNamespaceOwner(host, req.containerId));
  const at = list.findIndex((l) => l.name === req.name);
  if (req.action === 'add') {
    if (at >= 0) return { status: -17, summary: `EEXIST: ${req.name} exists` };
    list.push({ name: req.name, kind: req.kind, mac: macFor(req.containerId, req.name) });
    return { status: 0, summary: `${req.kind} device ${req.name} created (down)` };
  }
  if (at < 0) return { status: -19, summary: `ENODEV: no ${req.name}` };
  list.splice(at, 1);
  return { status: 0, summary: `${req.name} deleted` };
}

/** `ip link`'s lines for the devices `ip link add` made in this namespace (ifindex 2 up). */
export function addedLinkLines(ctx: ProcessContext): string {
  const list = linksIn(ctx.host, netNamespaceOwner(ctx.host, ctx.containerId));
  return list
    .map(
      (l, i) =>
        `${i + 2}: ${l.name}: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN qlen 1000\n` +
        `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff\n`,
    )
    .join('');
}

const ERRNO_TEXT: Record<number, string> = {
  [-1]: 'Operation not permitted',
  [-17]: 'File exists',
  [-19]: 'No such device',
};

/**
 * `ip link add [name] NAME type dummy` and `ip link del[ete] NAME`: the exit
 * status, or undefined for another `ip` command (netTools.ts handles or refuses it).
 */
export function* ipLinkChange(
  ctx: ProcessContext,
  args: readonly string[],
): Task<number | undefined> {
  const [object = '', verb = '', ...rest] = args;
  if (object === '' || !'link'.startsWith(object)) return undefined;
  const action =
    verb === 'add' ? 'add' : verb === 'del' || verb === 'delete' ? 'delete' : undefined;
  if (!action) return undefined;
  const words = rest[0] === 'name' || rest[0] === 'dev' ? rest.slice(1) : rest;
  const name = words[0] ?? '';
  const typeAt = words.indexOf('type');
  const kind = typeAt >= 0 ? (words[typeAt + 1] ?? '') : '';
  if (!name || (action === 'add' && kind !== 'dummy')) return undefined;
  const r = yield* ctx.host.net.call(containerNodeId(ctx.containerId), {
    to: 'kernel',
    protocol: 'syscall',
    operation: action === 'add' ? `RTM_NEWLINK ${name} type ${kind}` : `RTM_DELLINK ${name}`,
    op: 'kernel.netlink.link',
    subjects: aboutContainer(ctx.containerId),
    request: {
      call: 'netlink.link',
      containerId: ctx.containerId,
      action,
      name,
      kind,
    } satisfies NetlinkRequest,
    summary: `ip asks the kernel over netlink to ${action === 'add' ? 'create' : 'delete'} ${name}; changing interfaces needs CAP_NET_ADMIN`,
  });
  const status = Number(r.status);
  if (status === 0) return 0;
  ctx.write(
    'stderr',
    `ip: RTNETLINK answers: ${ERRNO_TEXT[status] ?? 'Operation not permitted'}\n`,
  );
  return 2;
}
