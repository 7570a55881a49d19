import { bridge } from '../bridge';
import type { AppState } from '../store';
import type { DetailLevel } from '../store/detailSlice';
import { overviewIndex } from '../narration/overviewSteps';
import { isOverviewComponent, type OverviewStep } from '../../sim/trace/overview';
import { isImageWork } from '../../sim/trace/operations';
import { messageSteps, type Step, type Steps } from './steps';
import { nodeIdOf } from '../diagram/nodeIds';
import type { Message } from '../../sim/engine';

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
 * works on (a shim or a container in its messages names it), to the host's
 * images for content, snapshot and image work, else to the container it
 * prepares (its network and docker-proxy come before its shim).
 */
export function overviewHop(step: OverviewStep): Step {
  if (endsGeneration !== bridge.generation) {
    ends = new Map();
    endsGeneration = bridge.generation;
  }
  const known = ends.get(step.index);
  if (known && known.last === step.last) return known;
  const lead = bridge.message(step.first);
  // A step's ends are components; the diagram's are components on their machines.
  const node = (end: string): string =>
    lead && end === lead.from
      ? nodeIdOf(lead.fromHost, end)
      : lead && end === lead.to
        ? nodeIdOf(lead.toHost, end)
        : nodeIdOf(insideHost(lead), end);
  const target = step.collapsed ? hopTarget(step) : '';
  const hop: Step = {
    first: step.first,
    last: step.last,
    from: isOverviewComponent(step.from) ? node(step.from) : target,
    to: isOverviewComponent(step.to) ? node(step.to) : target,
  };
  ends.set(step.index, hop);
  return hop;
}

const CONTAINER_END = /^(?:shim|container)-([0-9a-f]{12})$/;
/** How far past a step to look for the container it prepares (docker-proxy before Tasks/Start). */
const LOOK_AHEAD = 200;

/** The Docker host a collapsed step works inside: the machine of its lead message's inner end. */
function insideHost(lead: Message | undefined): string | undefined {
  if (!lead) return undefined;
  return isOverviewComponent(lead.to) ? lead.fromHost : lead.toHost;
}

function containerIn(first: number, last: number, commandId: number | undefined): string | null {
  for (let seq = first; seq <= last; seq++) {
    const m = bridge.message(seq);
    if (!m || (commandId !== undefined && m.commandId !== undefined && m.commandId !== commandId))
      return null;
    for (const [id, host] of [
      [m.from, m.fromHost],
      [m.to, m.toHost],
    ] as const) {
      const match = CONTAINER_END.exec(id);
      if (match) return nodeIdOf(host, `container-${match[1]}`);
    }
  }
  return null;
}

function hopTarget(step: OverviewStep): string {
  const lead = bridge.message(step.first);
  const inside = containerIn(step.first, step.last, lead?.commandId);
  if (inside) return inside;
  const images = nodeIdOf(insideHost(lead), 'images');
  for (let seq = step.first; seq <= step.last; seq++)
    if (isImageWork(bridge.message(seq)?.op ?? '')) return images;
  // Work for a container that has no shim yet (its network, docker-proxy): the one it prepares.
  return containerIn(step.last + 1, step.last + LOOK_AHEAD, lead?.commandId) ?? images;
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
