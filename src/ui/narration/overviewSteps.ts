import { bridge } from '../bridge';
import { OverviewIndex, type OverviewStep } from '../../sim/trace/overview';

/**
 * The page's one overview grouping of the bridge's trace, caught up lazily
 * (O(new messages) per call) and started over when the bridge's host is
 * replaced (restore, reset).
 */
const index = new OverviewIndex();
let generation = -1;

export function overviewIndex(): OverviewIndex {
  if (generation !== bridge.generation) {
    generation = bridge.generation;
    index.reset();
  }
  index.catchUp(bridge.trace);
  return index;
}

/** The overview step holding message `seq`, if that message exists. */
export const overviewStepAt = (seq: number): OverviewStep | undefined =>
  overviewIndex().stepOf(seq);
