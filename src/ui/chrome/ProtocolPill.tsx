import type { Protocol } from '../../sim/core/types';
import { PROTOCOLS } from '../protocols';

/**
 * A protocol's name with its colour dot, as the legend draws it. `bare`
 * leaves out the outline (the timeline's dense rows).
 */
export function ProtocolPill({
  protocol,
  bare = false,
  className,
}: {
  protocol: Protocol;
  bare?: boolean;
  className?: string;
}) {
  const style = PROTOCOLS[protocol];
  return (
    <span
      className={className ?? (bare ? undefined : 'protocol-pill')}
      style={bare ? undefined : { borderColor: style.color }}
    >
      <span className="protocol-pill__dot" style={{ background: style.color }} aria-hidden="true" />
      {style.label}
    </span>
  );
}
