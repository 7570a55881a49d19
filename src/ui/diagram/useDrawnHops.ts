import { useEffect, useLayoutEffect } from 'react';
import { player } from '../playback/player';
import { useAppStore } from '../store';
import type { DiagramEdge } from './layout';

/**
 * Frames a hop may wait for its packet before the diagram gives up on it. An
 * edge React Flow holds back until it has re-measured its nodes is drawn at
 * the next frame, however late that frame comes; this only keeps playback
 * from stalling should an edge never render (a count of frames, not of
 * milliseconds, so a slow machine waits longer rather than skipping).
 */
const GIVE_UP_FRAMES = 30;

/**
 * The diagram's side of "every message is seen": while it is mounted, the
 * player lands a hop only once the hop's packet has been painted (Packet
 * reports that). A hop with no edge in the diagram (an overview step to a
 * container not drawn yet) has nothing to draw and is let go at once.
 */
export function useDrawnHops(edges: readonly DiagramEdge[]): void {
  useEffect(() => player.attachCanvas(), []);
  const hop = useAppStore((s) => s.inFlight);
  const drawable = hop !== null && edges.some((e) => e.id === hop.edgeId);
  useLayoutEffect(() => {
    if (!hop) return;
    if (!drawable) {
      player.drawn(hop.seq);
      return;
    }
    let frames = 0;
    // Stops as soon as the packet has reported itself: a frame callback left
    // running wakes the main thread for a frame it would otherwise skip.
    let id = requestAnimationFrame(function tick() {
      if (!player.awaitsDrawing(hop.seq)) return;
      if (++frames >= GIVE_UP_FRAMES) player.drawn(hop.seq);
      else id = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(id);
  }, [hop, drawable]);
}

/**
 * Tells the player once packet `seq` has been on screen for a frame: the
 * first frame callback runs before the frame that paints it, the second
 * after that paint. Held packets (paused) stand still and report nothing.
 */
export function useReportDrawn(seq: number, held: boolean): void {
  useLayoutEffect(() => {
    if (held) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => player.drawn(seq));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [seq, held]);
}
