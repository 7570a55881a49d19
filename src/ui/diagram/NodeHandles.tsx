import { Handle, Position } from '@xyflow/react';

/**
 * Edges are drawn border to border (floating), but React Flow still wants a
 * handle on each end; these are invisible and not connectable.
 */
export function NodeHandles() {
  return (
    <>
      <Handle
        type="target"
        position={Position.Top}
        isConnectable={false}
        className="diagram-handle"
      />
      <Handle
        type="source"
        position={Position.Bottom}
        isConnectable={false}
        className="diagram-handle"
      />
    </>
  );
}
