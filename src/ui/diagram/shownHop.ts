import { bridge } from '../bridge';
import type { AppState } from '../store';
import type { InFlight } from '../store/playbackSlice';
import { nodeIdOf } from './nodeIds';
import { detailLevelOf, stepsAt } from '../playback/levels';

/** The hop the diagram shows: the one in flight, or (paused) the one the cursor rests on. */
export type ShownHop = InFlight & {
  /** True when it stands still at its destination (paused): only its edge and ends are lit. */
  held: boolean;
};

let cache: { key: string; hop: ShownHop | null } = { key: '', hop: null };
let flightCache: { flight: InFlight | null; hop: ShownHop | null } = { flight: null, hop: null };

/**
 * A store selector (stable results, so edges and nodes re-render only when
 * the hop changes): playing, the message in flight; paused, the step that
 * ends at the cursor, held at its destination.
 */
export function shownHop(s: AppState): ShownHop | null {
  if (s.inFlight) {
    if (flightCache.flight !== s.inFlight)
      flightCache = { flight: s.inFlight, hop: { ...s.inFlight, held: false } };
    return flightCache.hop;
  }
  if (s.playing || s.animatedSeq <= 0) return null;
  const level = detailLevelOf(s);
  const key = `${bridge.generation}:${level}:${s.animatedSeq}:${bridge.trace.length > 0}`;
  if (cache.key === key) return cache.hop;
  const m = bridge.message(s.animatedSeq);
  const step = stepsAt(level).at(s.animatedSeq);
  const from = step?.from ?? (m && nodeIdOf(m.fromHost, m.from));
  const to = step?.to ?? (m && nodeIdOf(m.toHost, m.to));
  const hop: ShownHop | null =
    m && from && to
      ? {
          seq: s.animatedSeq,
          from,
          to,
          edgeId: bridge.index.edgeOf(m, from, to),
          protocol: m.protocol,
          kind: m.kind,
          duration: 0,
          firstSeq: step?.first ?? s.animatedSeq,
          held: true,
        }
      : null;
  cache = { key, hop };
  return hop;
}
