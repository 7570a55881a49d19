import { memo, useCallback } from 'react';
import {
  BaseEdge,
  EdgeLabelRenderer,
  useStore,
  type EdgeProps,
  type InternalNode,
  type ReactFlowState,
} from '@xyflow/react';
import { useAppStore } from '../store';
import type { AppState } from '../store';
import { PROTOCOLS } from '../protocols';
import { bridge } from '../bridge';
import { shortOperation } from '../narration/narrate';
import { chainPath, corridorPath, lanePath, straightPath, vethPath, type Rect } from './geometry';
import { machineOf } from './nodeIds';
import type { DiagramEdge } from './layout';
import { Packet } from './Packet';
import { shownHop } from './shownHop';

function rectOf(node: InternalNode): Rect {
  const { x, y } = node.internals.positionAbsolute;
  return { x, y, w: node.measured.width ?? 0, h: node.measured.height ?? 0 };
}

/** The same box on the diagram (where the edge is drawn from), whatever else of the node changed. */
function sameBox(a: InternalNode | undefined, b: InternalNode | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const p = a.internals.positionAbsolute;
  const q = b.internals.positionAbsolute;
  return (
    p.x === q.x &&
    p.y === q.y &&
    a.measured.width === b.measured.width &&
    a.measured.height === b.measured.height
  );
}

/**
 * A node as this edge needs it: its box. React Flow's useInternalNode re-renders on any new
 * internal node object, and React Flow makes new ones for every node when one is added or
 * measured: with 100 containers drawn, every edge re-rendered each time one appeared.
 */
function useNodeBox(id: string): InternalNode | undefined {
  return useStore(
    useCallback((s: ReactFlowState) => s.nodeLookup.get(id), [id]),
    sameBox,
  );
}

/** Shorter edges get no label: it would cover the nodes at both ends (the narration says it all). */
const MIN_LABEL_LENGTH = 150;

/** The message shown if it is on this edge, else null (so other edges do not re-render). */
const flightOn = (id: string) => (s: AppState) => {
  const hop = shownHop(s);
  return hop?.edgeId === id ? hop : null;
};

/** The end point of an SVG path string `M … L x y`. */
function endOf(path: string, forward: boolean): { x: number; y: number } {
  const nums = path.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [0, 0];
  return forward
    ? { x: nums[nums.length - 2]!, y: nums[nums.length - 1]! }
    : { x: nums[0]!, y: nums[1]! };
}

/**
 * The line between two components that have talked, drawn border to border.
 * It lights up in the protocol's colour while a message travels on it, with
 * the message's packet and a short label of its operation.
 */
function MessageEdgeView({ id, source, target, data }: EdgeProps<DiagramEdge>) {
  const from = useNodeBox(source);
  const to = useNodeBox(target);
  // An ssh tunnel's line starts at the CLI (a fixed number of hooks: the source stands in for none).
  const via = data?.route === 'tunnel' ? data.via : undefined;
  const cli = useNodeBox(via?.[0] ?? source);
  const ssh = useNodeBox(via?.[1] ?? source);
  const sshd = useNodeBox(via?.[2] ?? source);
  const flight = useAppStore(flightOn(id));
  const reduced = useAppStore((s) => s.reducedMotion);
  if (!from || !to) return null;
  // Cheap arithmetic: recomputed only when this edge re-renders (its nodes moved or its packet changed).
  const lastLeg = straightPath(rectOf(from), rectOf(to));
  const geometry =
    via && cli && ssh && sshd
      ? chainPath([
          straightPath(rectOf(cli), rectOf(ssh)),
          corridorPath(rectOf(ssh), rectOf(sshd)),
          straightPath(rectOf(sshd), rectOf(from)),
          lastLeg,
        ])
      : data?.route === 'veth'
        ? // The bridge end sorts first (`bridge-…` < `container-…`), but either way round draws.
          machineOf(source).id.startsWith('bridge-')
          ? vethPath(rectOf(to), rectOf(from), data.laneX, true)
          : vethPath(rectOf(from), rectOf(to), data.laneX)
        : data?.route === 'lane'
          ? lanePath(rectOf(from), rectOf(to), data.laneX)
          : data?.route === 'corridor'
            ? data.start === 'source'
              ? corridorPath(rectOf(from), rectOf(to))
              : corridorPath(rectOf(to), rectOf(from), true)
            : straightPath(rectOf(from), rectOf(to));
  const style = flight ? PROTOCOLS[flight.protocol] : undefined;
  // The CLI's requests through a tunnel run the whole line from the CLI; dial-stdio's own, the last leg.
  const tunnelled =
    via !== undefined && flight !== null && (flight.from === 'client' || flight.to === 'client');
  const packetPath = via && !tunnelled ? lastLeg.path : geometry.path;
  const forward = flight ? (tunnelled ? flight.to === target : flight.from === source) : true;
  const message = flight ? bridge.message(flight.seq) : undefined;
  return (
    <>
      <BaseEdge
        id={id}
        path={geometry.path}
        className={flight ? 'message-edge message-edge--active' : 'message-edge'}
        style={style ? { stroke: style.color, strokeDasharray: style.dash } : undefined}
      />
      {flight && (
        <Packet
          key={`${flight.seq}:${flight.held}`}
          flight={flight}
          path={packetPath}
          forward={forward}
          end={endOf(packetPath, forward)}
          reduced={reduced || flight.held}
        />
      )}
      {flight && message && geometry.length >= MIN_LABEL_LENGTH && (
        <EdgeLabelRenderer>
          <div
            className="edge-label"
            style={{
              transform: `translate(-50%, -50%) translate(${geometry.mid.x}px, ${geometry.mid.y}px)`,
              borderColor: style?.color,
            }}
          >
            <span className="edge-label__protocol">
              <span
                className="protocol-pill__dot"
                style={{ background: style?.color }}
                aria-hidden="true"
              />
              {style?.label}
            </span>{' '}
            {shortOperation(message.operation, 40)}
            {message.status !== undefined && (
              <span className="edge-label__status"> {String(message.status)}</span>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const MessageEdge = memo(MessageEdgeView);
