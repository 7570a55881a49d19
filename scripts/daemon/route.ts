// Which machine's dockerd a listener hands its Engine API requests to. `npm run daemon`
// opens one listener per Docker host of the world; each is bound to one of these, so the
// HTTP code (api.ts, hijack.ts) never needs to know which machine it serves.
import type { Engine, ExternalExchange, ExternalSink, HttpRequest } from '../../src/sim/engine';

/** One machine's Engine API, as the HTTP code calls it. */
export type EngineApi = (
  req: HttpRequest,
  sink: ExternalSink,
  traced?: HttpRequest,
) => ExternalExchange;

/** The Engine API of the dockerd running on `machine` (`local`, `node-2`, …). */
export function routeTo(engine: Engine, machine: string): EngineApi {
  return (req, sink, traced) => engine.serveHttp(req, sink, traced, machine);
}

/** The world's Docker hosts, the learner's own (`local`) first. */
export function dockerHosts(engine: Engine): string[] {
  return [...engine.world.hosts.keys()];
}
