import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ImagesData } from './layout';
import { NodeHandles } from './NodeHandles';
import { useActivity } from './useActivity';

/** The images stored on the host at the cursor: pulls add them, `docker rmi` takes them away. */
function ImagesNodeView({ id, data }: NodeProps<Node<ImagesData, 'images'>>) {
  const { role } = useActivity(id);
  return (
    <div
      className="diagram-images"
      data-testid="diagram-images"
      data-count={data.tags.length}
      data-active={role ?? undefined}
    >
      <NodeHandles />
      <span className="diagram-images__label">Images</span>
      {data.tags.length === 0 ? (
        <span className="diagram-images__none">none yet</span>
      ) : (
        <span className="diagram-images__tags truncate" title={data.tags.join(', ')}>
          {data.tags.map((t) => (
            <code key={t} className="diagram-images__tag">
              {t}
            </code>
          ))}
        </span>
      )}
    </div>
  );
}

export const ImagesNode = memo(ImagesNodeView);
