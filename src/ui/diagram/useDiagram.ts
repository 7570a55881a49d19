import { useMemo, useSyncExternalStore } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { layoutEdges, layoutNodes, type DiagramEdge, type DiagramNode } from './layout';
import { worldAt, type World } from './world';

/**
 * The diagram's nodes and edges at the current animation position. The
 * world is small, so it is compared by value: React Flow gets new arrays only
 * when something it draws changed (a shim appeared, a container turned
 * green), not on every message.
 */
export function useDiagram(): { nodes: DiagramNode[]; edges: DiagramEdge[]; rows: number } {
  const snapshot = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot);
  const seq = useAppStore((s) => s.inFlight?.seq ?? s.animatedSeq);
  const landed = useAppStore((s) => s.animatedSeq);
  const key = useMemo(
    () => JSON.stringify(worldAt(snapshot, bridge.index, bridge.trace, seq, landed)),
    [snapshot, seq, landed],
  );
  const world = useMemo(() => JSON.parse(key) as World, [key]);
  const nodes = useMemo(() => layoutNodes(world), [world]);
  const edges = useMemo(() => layoutEdges(world), [world]);
  return { nodes, edges, rows: world.rows.length };
}
