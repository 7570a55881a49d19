import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { BoundaryData } from './layout';

/** A machine boundary: the learner's machine, another Docker host (a small card while idle), the registry. */
function BoundaryNodeView({ data }: NodeProps<Node<BoundaryData, 'boundary'>>) {
  return (
    <div className="diagram-boundary" data-idle={data.idle || undefined}>
      <span className="diagram-boundary__label">{data.label}</span>
      <span className="diagram-boundary__caption">{data.caption}</span>
    </div>
  );
}

export const BoundaryNode = memo(BoundaryNodeView);
