import { qualifiedId } from '../../sim/core/components';
import { LOCAL } from '../../sim/core/types';

/**
 * The diagram node a message end maps to: component `id` on machine `host`
 * (the learner's and Docker Hub's keep their bare ids, another Docker host's
 * carry its name: `node-2/dockerd`). Every "which node is this end" question
 * in the page goes through here, never through string-building of its own.
 *
 * @example nodeIdOf('node-2', 'dockerd') // 'node-2/dockerd'
 * @example nodeIdOf('local', 'dockerd') // 'dockerd'
 */
export const nodeIdOf: (host: string | undefined, id: string) => string = qualifiedId;

/** The diagram node of a Linux bridge in a machine's kernel (`bridge-docker0`, `node-2/bridge-br-…`). */
export const bridgeNodeId = (machine: string, device: string): string =>
  nodeIdOf(machine, `bridge-${device}`);

/** The machine a diagram node belongs to and the component's id within it: the inverse of nodeIdOf. */
export function machineOf(nodeId: string): { host: string; id: string } {
  const slash = nodeId.indexOf('/');
  return slash < 0
    ? { host: LOCAL, id: nodeId }
    : { host: nodeId.slice(0, slash), id: nodeId.slice(slash + 1) };
}
