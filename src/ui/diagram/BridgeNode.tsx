import { memo, type CSSProperties } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useAppStore } from '../store';
import type { AppState } from '../store';
import type { BridgeData } from './layout';
import { NodeHandles } from './NodeHandles';
import { shownHop } from './shownHop';

/** The protocol of the hop shown if it travels one of this bridge's wires, else '' (a string: re-render only on change). */
const carrying = (id: string) => (s: AppState) => {
  const hop = shownHop(s);
  return hop && hop.edgeId.split('~').includes(id) ? hop.protocol : '';
};

/**
 * A Linux bridge in the host's kernel (`docker0`, `br-…`): the virtual switch
 * of one Docker network. Each container on the network is wired to it by its
 * veth pair; a packet between two of them crosses it. It lights while a packet
 * travels one of its wires.
 */
function BridgeNodeView({ id, data }: NodeProps<Node<BridgeData, 'bridge'>>) {
  const protocol = useAppStore(carrying(id));
  const plugged = data.members === 1 ? '1 veth' : `${data.members} veths`;
  return (
    <div
      className="diagram-bridge"
      data-testid="diagram-bridge"
      data-device={data.device}
      data-active={protocol ? 'carry' : undefined}
      style={protocol ? ({ '--lit': `var(--proto-${protocol})` } as CSSProperties) : undefined}
      title={`Linux bridge ${data.device} in the host's kernel: network ${data.network}, ${plugged} plugged in (one per container)`}
    >
      <NodeHandles />
      <span className="diagram-bridge__device truncate">{data.device}</span>
      <span className="diagram-bridge__network truncate">{data.network}</span>
    </div>
  );
}

export const BridgeNode = memo(BridgeNodeView);
