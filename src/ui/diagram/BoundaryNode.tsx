import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { BoundaryData } from './layout';

/** A machine boundary: the Docker host, or the registry over the internet. */
function BoundaryNodeView({ data }: NodeProps<Node<BoundaryData, 'boundary'>>) {
  return (
    <div className="diagram-boundary">
      <span className="diagram-boundary__label">{data.label}</span>
      <span className="diagram-boundary__caption">{data.caption}</span>
    </div>
  );
}

export const BoundaryNode = memo(BoundaryNodeView);
