import { memo, type CSSProperties } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ComponentData } from './layout';
import { NodeHandles } from './NodeHandles';
import { useActivity } from './useActivity';
import { usePick } from './usePick';

/** A fixed part of the architecture: the CLI, a daemon, runc, the kernel, the registry. */
function ComponentNodeView({ id, data }: NodeProps<Node<ComponentData, 'component'>>) {
  const { role, color } = useActivity(id);
  const pick = usePick(id);
  return (
    <div
      {...pick}
      className="diagram-node"
      data-role={id}
      data-active={role ?? undefined}
      data-stopped={data.stopped ? 'true' : undefined}
      style={color ? ({ '--lit': color } as CSSProperties) : undefined}
    >
      <NodeHandles />
      <div className="diagram-node__title">{data.title}</div>
      <div className="diagram-node__subtitle">
        {data.stopped ? 'stopped: not running' : data.subtitle}
      </div>
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);
