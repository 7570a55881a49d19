import { useMemo, useState, useSyncExternalStore } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { detailLevelOf } from '../playback/levels';
import { overviewPairsUpTo } from '../playback/overviewHops';
import { layoutEdges, layoutNodes, type DiagramEdge, type DiagramNode } from './layout';
import { shownHop } from './shownHop';
import { addressOf, deriveWorld, type World } from './world';
import { machinesInvolved } from '../traceIndex';

/**
 * The diagram's nodes and edges at the cursor. The world is small, so it is
 * compared by value: React Flow gets new arrays only when something it draws
 * changed (a shim appeared, a container turned green), not on every message.
 */
export function useDiagram(): { nodes: DiagramNode[]; edges: DiagramEdge[]; rows: number } {
  const snapshot = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot);
  const seq = useAppStore((s) => s.inFlight?.seq ?? s.animatedSeq);
  const landed = useAppStore((s) => s.animatedSeq);
  const level = useAppStore(detailLevelOf);
  const focus = useAppStore((s) => {
    const hop = shownHop(s);
    return hop ? `${hop.from}>${hop.to}>${hop.edgeId}` : '';
  });
  const key = useMemo(() => {
    const [from, to, edge] = focus ? (focus.split('>') as [string, string, string]) : [];
    const world = deriveWorld({
      machines: bridge.dockerHosts().map((setup) => ({
        name: setup.name,
        view: bridge.hostAt(landed, setup.name),
        address: addressOf(setup),
      })),
      index: bridge.index,
      seq,
      focus: from && to ? { from, to, edge } : null,
      level,
      overviewPairs: level === 'overview' ? overviewPairsUpTo(seq) : undefined,
      involved: machinesInvolved(bridge.index, bridge.message(seq)),
    });
    return JSON.stringify(world);
    // snapshot: a new trace or host means a new world even at the same cursor.
  }, [snapshot, seq, landed, focus, level]); // eslint-disable-line react-hooks/exhaustive-deps
  const world = useMemo(() => JSON.parse(key) as World, [key]);
  const [keptNodes] = useState(() => new Kept<DiagramNode>());
  const [keptEdges] = useState(() => new Kept<DiagramEdge>());
  const nodes = useMemo(() => keptNodes.take(layoutNodes(world)), [world, keptNodes]);
  const edges = useMemo(() => keptEdges.take(layoutEdges(world)), [world, keptEdges]);
  const rows = world.machines.reduce((n, m) => n + m.rows.length, 0);
  return { nodes, edges, rows };
}

/**
 * The nodes (or edges) of the last world, kept where they have not changed: a world that
 * changed (a container turned green, a pair first used) gives React Flow the same objects
 * for everything else, so it keeps their measurements and re-renders only what changed.
 * With fresh objects it re-created every node, measured them all again and re-rendered
 * every node and edge: with 100 containers drawn, a missed frame (issue 12).
 */
export class Kept<T extends { id: string }> {
  private last = new Map<string, { json: string; item: T }>();
  private list: T[] = [];

  take(items: T[]): T[] {
    const next = new Map<string, { json: string; item: T }>();
    let same = items.length === this.list.length;
    const out = items.map((item, i) => {
      const json = JSON.stringify(item);
      const before = this.last.get(item.id);
      const kept = before !== undefined && before.json === json ? before.item : item;
      next.set(item.id, { json, item: kept });
      same &&= kept === this.list[i];
      return kept;
    });
    this.last = next;
    if (!same) this.list = out;
    return this.list;
  }
}
