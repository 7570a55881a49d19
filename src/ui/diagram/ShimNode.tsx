import { memo, type CSSProperties } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ShimData } from './layout';
import { NodeHandles } from './NodeHandles';
import { useActivity } from './useActivity';
import { usePick } from './usePick';

/** `containerd-shim-runc-v2`, one per container: the parent of its process. */
function ShimNodeView({ id, data }: NodeProps<Node<ShimData, 'shim'>>) {
  const { role, color } = useActivity(id);
  const pick = usePick(id);
  return (
    <div
      {...pick}
      className="diagram-node diagram-node--shim"
      data-active={role ?? undefined}
      style={color ? ({ '--lit': color } as CSSProperties) : undefined}
    >
      <NodeHandles />
      <div className="diagram-node__title">
        shim <span className="diagram-node__id">{data.shortId.slice(0, 8)}</span>
      </div>
      <div className="diagram-node__subtitle" title="containerd-shim-runc-v2">
        {data.name === data.shortId ? 'containerd-shim-runc-v2' : `parent of ${data.name}`}
      </div>
    </div>
  );
}

export const ShimNode = memo(ShimNodeView);
