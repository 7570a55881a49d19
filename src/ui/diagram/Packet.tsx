import { memo, useLayoutEffect, useRef } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { InFlight } from '../store/playbackSlice';
import { PROTOCOLS } from '../protocols';
import { motionFrames, type Point } from './geometry';
import { useReportDrawn } from './useDrawnHops';

interface PacketProps {
  flight: InFlight;
  path: string;
  /** True when the message goes from the edge's source to its target. */
  forward: boolean;
  /** Where the message arrives (for reduced motion, where it does not travel). */
  end: Point;
  reduced: boolean;
}

/** The packet's box: its shape is drawn centred in it. */
const SIZE = 22;

/**
 * One message on its way. Requests are filled dots, responses rings, stream
 * chunks small dots, events diamonds. It is an HTML element in React Flow's
 * viewport (so it pans and zooms with the diagram), moved along the edge by
 * one Web Animations API call per hop: only its `transform` changes, which
 * the browser animates on the compositor, so no script, style or paint runs
 * on the main thread while it travels (SVG `animateMotion` repainted the
 * edge layer on the main thread every frame: a third of the main thread at
 * 1×). React renders it once, when the hop starts. With reduced motion it
 * appears at its destination instead of travelling.
 */
function PacketView({ flight, path, forward, end, reduced }: PacketProps) {
  const box = useRef<HTMLDivElement>(null);
  useReportDrawn(flight.seq, 'held' in flight && flight.held === true);
  useLayoutEffect(() => {
    const el = box.current;
    if (reduced || !el || typeof el.animate !== 'function') return;
    const animation = el.animate(motionFrames(path, forward), {
      duration: flight.duration,
      easing: 'linear',
      fill: 'forwards',
    });
    return () => animation.cancel();
  }, [path, forward, flight.duration, reduced]);
  const color = PROTOCOLS[flight.protocol].color;
  const c = SIZE / 2;
  const shape =
    flight.kind === 'event' ? (
      <rect
        x={c - 6.5}
        y={c - 6.5}
        width={13}
        height={13}
        transform={`rotate(45 ${c} ${c})`}
        fill={color}
        className="packet-shape"
      />
    ) : flight.kind === 'response' ? (
      <circle
        cx={c}
        cy={c}
        r={7}
        fill="var(--packet-hollow)"
        style={{ stroke: color, strokeWidth: 4 }}
        className="packet-shape"
      />
    ) : (
      <circle
        cx={c}
        cy={c}
        r={flight.kind === 'stream' ? 5.5 : 8}
        fill={color}
        className="packet-shape"
      />
    );
  return (
    <ViewportPortal>
      <div
        ref={box}
        data-testid="packet"
        data-seq={flight.seq}
        data-from={flight.from}
        data-to={flight.to}
        data-edge={flight.edgeId}
        data-protocol={flight.protocol}
        data-duration={flight.duration}
        data-held={'held' in flight && flight.held ? 'true' : undefined}
        className="packet"
        // Where it stands before its animation starts, and for good with reduced motion.
        style={{ transform: `translate(${end.x}px, ${end.y}px)` }}
      >
        <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} aria-hidden="true">
          {shape}
        </svg>
      </div>
    </ViewportPortal>
  );
}

export const Packet = memo(PacketView);
