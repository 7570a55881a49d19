import { LOCAL } from '../../sim/core/types';
import { AUTH_MACHINE, HUB_MACHINE } from '../../sim/registry/hub';

/**
 * Machines whose components keep their bare ids as diagram nodes: the
 * learner's own (`client`, `dockerd`, `shim-<id>`) and Docker Hub's two
 * (`registry`, `auth`), so every node id from before there were several
 * machines still names the same node.
 */
const BARE: ReadonlySet<string> = new Set([LOCAL, HUB_MACHINE, AUTH_MACHINE]);

/**
 * The diagram node a message end maps to: component `id` on machine `host`.
 * Another Docker host's components carry its name: `node-2/dockerd`,
 * `node-2/shim-<id>`. Every "which node is this end" question goes through
 * here, never through string-building of its own. A message without a host
 * (from a server older than the world) ran on the learner's machine.
 *
 * @example nodeIdOf('node-2', 'dockerd') // 'node-2/dockerd'
 * @example nodeIdOf('local', 'dockerd') // 'dockerd'
 */
export function nodeIdOf(host: string | undefined, id: string): string {
  return host === undefined || BARE.has(host) ? id : `${host}/${id}`;
}

/** The machine a diagram node belongs to and the component's id within it: the inverse of nodeIdOf. */
export function machineOf(nodeId: string): { host: string; id: string } {
  const slash = nodeId.indexOf('/');
  return slash < 0
    ? { host: LOCAL, id: nodeId }
    : { host: nodeId.slice(0, slash), id: nodeId.slice(slash + 1) };
}
