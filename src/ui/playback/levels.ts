import { bridge } from '../bridge';
import type { AppState } from '../store';
import type { DetailLevel } from '../store/detailSlice';
import { overviewIndex } from '../narration/overviewSteps';
import { isOverviewComponent, type OverviewStep } from '../../sim/trace/overview';
import { messageSteps, type Step, type Steps } from './steps';

export type { DetailLevel };

/** The detail level the learner chose. */
export function detailLevelOf(state: AppState): DetailLevel {
  return state.detailLevel === 'overview' ? 'overview' : 'full';
}

/** Ends already worked out, per overview step (a step still growing is redone). */
let ends = new Map<number, Step>();
let endsGeneration = -1;

/**
 * Where a collapsed overview step travels in the diagram, which draws no
 * containerd, shim, runc or kernel: from dockerd to the container the step
 * works on (a shim or a container in any of its messages names it), or to
 * the host's images when it concerns none (pulling layers into the content
 * store, unpacking them).
 */
export function overviewHop(step: OverviewStep): Step {
  if (endsGeneration !== bridge.generation) {
    ends = new Map();
    endsGeneration = bridge.generation;
  }
  if (!step.collapsed) return step;
  const known = ends.get(step.index);
  if (known && known.last === step.last) return known;
  let target = 'images';
  search: for (let seq = step.first; seq <= step.last; seq++) {
    const m = bridge.message(seq);
    if (!m) break;
    for (const id of [m.from, m.to]) {
      const match = /^(?:shim|container)-([0-9a-f]{12})$/.exec(id);
      if (match) {
        target = `container-${match[1]}`;
        break search;
      }
    }
  }
  const hop: Step = {
    first: step.first,
    last: step.last,
    from: isOverviewComponent(step.from) ? step.from : target,
    to: isOverviewComponent(step.to) ? step.to : target,
  };
  ends.set(step.index, hop);
  return hop;
}

const overviewSteps: Steps = {
  at(seq) {
    const step = overviewIndex().stepOf(seq);
    return step ? overviewHop(step) : undefined;
  },
};

/** How the current trace is cut into steps at a level. */
export function stepsAt(level: DetailLevel): Steps {
  return level === 'overview' ? overviewSteps : messageSteps(bridge.trace);
}
