/** A node's box in flow coordinates. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

const center = (r: Rect): Point => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

/** Wide nodes (the kernel bar) are aimed at right above or below the other end, not at their middle. */
const WIDE = 3.5;

function aim(r: Rect, toward: Point): Point {
  const c = center(r);
  if (r.w / r.h < WIDE) return c;
  return { x: Math.min(r.x + r.w - 24, Math.max(r.x + 24, toward.x)), y: c.y };
}

/** Where the segment from the box's aim point toward `p` leaves the box. */
function border(r: Rect, from: Point, p: Point): Point {
  const dx = p.x - from.x;
  const dy = p.y - from.y;
  if (dx === 0 && dy === 0) return from;
  const hw = r.w / 2;
  const hh = r.h / 2;
  const c = center(r);
  // Scale the direction until it hits a side of the box (measured from the box centre).
  const ox = from.x - c.x;
  const oy = from.y - c.y;
  const tx = dx > 0 ? (hw - ox) / dx : dx < 0 ? (-hw - ox) / dx : Infinity;
  const ty = dy > 0 ? (hh - oy) / dy : dy < 0 ? (-hh - oy) / dy : Infinity;
  const t = Math.min(tx, ty);
  return { x: from.x + dx * t, y: from.y + dy * t };
}

/** A straight line between the borders of two boxes, from `a` to `b`. */
/** An edge's SVG path, its midpoint (for a label) and its length. */
export interface EdgeGeometry {
  path: string;
  mid: Point;
  length: number;
}

export function straightPath(a: Rect, b: Rect): EdgeGeometry {
  const pa = aim(a, center(b));
  const pb = aim(b, pa);
  const pa2 = aim(a, pb);
  const s = border(a, pa2, pb);
  const t = border(b, pb, pa2);
  return {
    path: `M ${s.x} ${s.y} L ${t.x} ${t.y}`,
    mid: { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 },
    length: Math.hypot(t.x - s.x, t.y - s.y),
  };
}

/**
 * An orthogonal route through a vertical lane at `laneX`: out of `a`'s side,
 * down (or up) the lane, into `b` from above or below. Used where a straight
 * line would cut through the nodes stacked between the two ends.
 */
export function lanePath(a: Rect, b: Rect, laneX: number): EdgeGeometry {
  const ca = center(a);
  const sx = laneX > ca.x ? a.x + a.w : a.x;
  const entry = center(b).y > ca.y ? b.y : b.y + b.h;
  const path = `M ${sx} ${ca.y} L ${laneX} ${ca.y} L ${laneX} ${entry}`;
  return {
    path,
    mid: { x: laneX, y: (ca.y + entry) / 2 },
    length: Math.abs(laneX - sx) + Math.abs(entry - ca.y),
  };
}

/** Left of the learner's machine, and above every box: where lines between machines run. */
export const CORRIDOR = { x: 10, y: -20 } as const;

/**
 * A line between machines, from `a` in the learner's CLI column: out of its
 * left side to the corridor left of the machine, up over the top of the boxes,
 * and down into `b` from above, so it crosses no component on the way.
 * `reverse` draws the same line from `b` to `a`.
 */
export function corridorPath(a: Rect, b: Rect, reverse = false): EdgeGeometry {
  const ca = center(a);
  const cb = center(b);
  const points: Point[] = [
    { x: a.x, y: ca.y },
    { x: CORRIDOR.x, y: ca.y },
    { x: CORRIDOR.x, y: CORRIDOR.y },
    { x: cb.x, y: CORRIDOR.y },
    { x: cb.x, y: b.y },
  ];
  if (reverse) points.reverse();
  // The label sits on the run over the top.
  return { ...orthogonal(points), mid: { x: (CORRIDOR.x + cb.x) / 2, y: CORRIDOR.y } };
}

/**
 * A container's veth pair to its bridge in the kernel: out of the container's
 * right side, down the bridge's lane at `laneX`, into the bridge from its
 * right. `reverse` draws it from the bridge to the container.
 */
export function vethPath(
  container: Rect,
  bridge: Rect,
  laneX: number,
  reverse = false,
): EdgeGeometry {
  const cy = container.y + container.h / 2;
  const by = bridge.y + bridge.h / 2;
  const points: Point[] = [
    { x: container.x + container.w, y: cy },
    { x: laneX, y: cy },
    { x: laneX, y: by },
    { x: bridge.x + bridge.w, y: by },
  ];
  if (reverse) points.reverse();
  return { ...orthogonal(points), mid: { x: laneX, y: (cy + by) / 2 } };
}

/** The path through `points` (horizontal and vertical runs) and its length. */
function orthogonal(points: readonly Point[]): { path: string; length: number } {
  let length = 0;
  for (let i = 1; i < points.length; i++)
    length += Math.abs(points[i]!.x - points[i - 1]!.x) + Math.abs(points[i]!.y - points[i - 1]!.y);
  return { path: points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' '), length };
}

/** The corners of a path drawn here (`M x y L x y …`, straight runs only), in order. */
export function pathPoints(path: string): Point[] {
  const nums = path.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)?.map(Number) ?? [];
  const points: Point[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) points.push({ x: nums[i]!, y: nums[i + 1]! });
  return points;
}

/** One keyframe of a packet's trip: where it is, at which fraction of the trip. */
export type MotionFrame = { transform: string; offset: number };

/**
 * The keyframes that carry a packet along a path at an even speed: one per
 * corner, at the fraction of the length run so far. Handed to the Web
 * Animations API once per hop, so the browser moves the packet (on the
 * compositor: only `transform` changes) and no script runs while it travels.
 * `forward` false runs the path from its end to its start (a reply).
 *
 * @example motionFrames('M 0 0 L 10 0 L 10 30', true) // translate(0px, 0px) @0, (10, 0) @0.25, (10, 30) @1
 */
export function motionFrames(path: string, forward: boolean): MotionFrame[] {
  const points = pathPoints(path);
  if (!forward) points.reverse();
  if (points.length === 0) return [];
  const run = [0];
  for (let i = 1; i < points.length; i++)
    run.push(
      run[i - 1]! + Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y),
    );
  const total = run[run.length - 1]!;
  return points.map((p, i) => ({
    transform: `translate(${p.x}px, ${p.y}px)`,
    // A path of no length (both ends in one spot): the packet sits there the whole trip.
    offset: total > 0 ? run[i]! / total : i / Math.max(1, points.length - 1),
  }));
}

/**
 * One line through several legs, each drawn as its own edge would be (the
 * ssh tunnel: the CLI, ssh, over to sshd, dial-stdio, then the remote
 * dockerd). Between legs it runs through the node they share (under the
 * node's box); the label sits on the last leg, the one only this line draws.
 */
export function chainPath(legs: readonly EdgeGeometry[]): EdgeGeometry {
  const points = legs.flatMap((leg) => pathPoints(leg.path));
  const last = legs[legs.length - 1];
  let length = 0;
  for (let i = 1; i < points.length; i++)
    length += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  return {
    path: points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' '),
    mid: last?.mid ?? points[0] ?? { x: 0, y: 0 },
    length: last?.length ?? length,
  };
}
