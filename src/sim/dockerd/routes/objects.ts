import type { Route } from '../router';
import { DaemonError, notFound } from '../errors';

/**
 * The kinds of object DockScope's dockerd has none of, as moby 28 answers
 * for them: plugins (a managed plugin store with nothing installed) and the
 * Swarm objects (a daemon that is not a swarm manager). `docker inspect`
 * without `--type` asks for them after containers, images, networks and
 * volumes; their "not found" is what lets it say `No such object`.
 */

/** moby's errNoSwarm: a 503 (errdefs.Unavailable). */
const NOT_A_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

const swarmRoute = (kind: string): Route => ({
  method: 'GET',
  path: `/${kind}/{object}`,
  op: 'engine.swarm.inspect',
  handler: () => {
    throw new DaemonError('Unavailable', NOT_A_MANAGER);
  },
});

export const objectRoutes: Route[] = [
  {
    method: 'GET',
    path: '/plugins/{plugin}/json',
    op: 'engine.plugins.inspect',
    // plugin/store.go resolvePluginID: errNotFound, the name as given.
    handler: ({ params }) => {
      throw notFound(`plugin "${params.plugin}" not found`);
    },
  },

  ...['services', 'tasks', 'nodes', 'secrets', 'configs'].map(swarmRoute),
];
