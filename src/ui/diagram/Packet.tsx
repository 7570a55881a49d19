import { memo, useLayoutEffect, useRef } from 'react';
import type { InFlight } from '../store/playbackSlice';
import { PROTOCOLS } from '../protocols';
import type { Point } from './geometry';
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

/**
 * One message on its way: an SVG shape moved along the edge path by
 * `animateMotion` (no per-frame JavaScript). Requests are filled dots,
 * responses rings, stream chunks small dots, events diamonds. With reduced
 * motion it appears at its destination instead of travelling.
 */
function PacketView({ flight, path, forward, end, reduced }: PacketProps) {
  const motion = useRef<SVGAnimateMotionElement>(null);
  useReportDrawn(flight.seq, 'held' in flight && flight.held === true);
  useLayoutEffect(() => {
    // Added after the document timeline started, so it must be started by hand.
    motion.current?.beginElement();
  }, []);
  const color = PROTOCOLS[flight.protocol].color;
  const shape =
    flight.kind === 'event' ? (
      <rect
        x={-6.5}
        y={-6.5}
        width={13}
        height={13}
        transform="rotate(45)"
        fill={color}
        className="packet-shape"
      />
    ) : flight.kind === 'response' ? (
      <circle
        r={7}
        fill="var(--packet-hollow)"
        style={{ stroke: color, strokeWidth: 4 }}
        className="packet-shape"
      />
    ) : (
      <circle r={flight.kind === 'stream' ? 5.5 : 8} fill={color} className="packet-shape" />
    );
  return (
    <g
      data-testid="packet"
      data-seq={flight.seq}
      data-from={flight.from}
      data-to={flight.to}
      data-protocol={flight.protocol}
      data-held={'held' in flight && flight.held ? 'true' : undefined}
      className="packet"
      transform={reduced ? `translate(${end.x} ${end.y})` : undefined}
    >
      {shape}
      {!reduced && (
        <animateMotion
          ref={motion}
          begin="indefinite"
          dur={`${flight.duration}ms`}
          fill="freeze"
          path={path}
          keyPoints={forward ? '0;1' : '1;0'}
          keyTimes="0;1"
          calcMode="linear"
        />
      )}
    </g>
  );
}

export const Packet = memo(PacketView);
