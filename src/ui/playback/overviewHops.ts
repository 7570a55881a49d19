import { bridge } from '../bridge';
import { stepsAt } from './levels';

/**
 * The overview's hops (pair keys) taken up to message `seq`: a collapsed
 * step travels from dockerd straight to a container, an edge the trace
 * itself never has. Walks the steps once per call, so it is kept for
 * diagrams of ordinary sessions; results are cached per trace length.
 */
let cache: { generation: number; upTo: number; pairs: Map<string, number> } = {
  generation: -1,
  upTo: 0,
  pairs: new Map(),
};

export function overviewPairsUpTo(seq: number): string[] {
  if (cache.generation !== bridge.generation)
    cache = { generation: bridge.generation, upTo: 0, pairs: new Map() };
  const steps = stepsAt('overview');
  const length = bridge.trace.length;
  // Pairs remember the first seq they were used at, so any cursor can be answered from one walk.
  for (let at = cache.upTo + 1; at <= length;) {
    const step = steps.at(at);
    if (!step) break;
    const key = bridge.index.edgeOf(bridge.message(step.first), step.from, step.to);
    if (!cache.pairs.has(key)) cache.pairs.set(key, step.last);
    at = step.last + 1;
    cache.upTo = step.last;
  }
  const out: string[] = [];
  for (const [key, first] of cache.pairs) if (first <= seq) out.push(key);
  return out;
}
