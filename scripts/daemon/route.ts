// Which machine's dockerd a listener hands its Engine API requests to. `npm run daemon`
// opens one listener per Docker host of the world; each is bound to one of these, so the
// HTTP code (api.ts, hijack.ts) never needs to know which machine it serves.
import type { Engine, ExternalExchange, ExternalSink, HttpRequest } from '../../src/sim/engine';
import { addressOf } from '../../src/sim/core/network';

/** One machine's Engine API, as the HTTP code calls it. */
export type EngineApi = (
  req: HttpRequest,
  sink: ExternalSink,
  traced?: HttpRequest,
) => ExternalExchange;

/**
 * The Engine API of the dockerd running on `machine` (`local`, `node-2`, …), or of the
 * daemon at an address (`dockerd-bootstrap`: the learner's machine's second dockerd).
 */
export function routeTo(engine: Engine, machine: string): EngineApi {
  return (req, sink, traced) => engine.serveHttp(req, sink, traced, machine);
}

/** The world's Docker hosts, the learner's own (`local`) first. */
export function dockerHosts(engine: Engine): string[] {
  return [...engine.world.hosts.keys()];
}

/**
 * Every dockerd `npm run daemon` serves, each on its own listener: the world's Docker
 * hosts (`local` first), then each second daemon by its address (`dockerd-bootstrap`).
 */
export function servedDaemons(engine: Engine): string[] {
  const seconds = engine.world.daemons
    .filter((d) => d.machine !== d)
    .map((d) => addressOf(d.name, d.daemonId));
  return [...dockerHosts(engine), ...seconds];
}
