import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { PlaceholderData } from './layout';

/** Where containers will go, while there are none: tells the learner what to expect. */
function PlaceholderNodeView({ data }: NodeProps<Node<PlaceholderData, 'placeholder'>>) {
  return <div className="diagram-placeholder">{data.text}</div>;
}

export const PlaceholderNode = memo(PlaceholderNodeView);
