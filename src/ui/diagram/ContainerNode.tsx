import { memo, type CSSProperties } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ContainerData } from './layout';
import { NodeHandles } from './NodeHandles';
import { useActivity } from './useActivity';
import { usePick } from './usePick';

/** A container's process, coloured by state; the state is also written out (never colour alone). */
function ContainerNodeView({ id, data }: NodeProps<Node<ContainerData, 'container'>>) {
  const { role, color } = useActivity(id);
  const state = data.state === 'exited' ? `exited (${data.exitCode})` : data.state;
  const pick = usePick(id);
  return (
    <div
      {...pick}
      className="diagram-node diagram-node--container"
      data-state={data.state}
      data-active={role ?? undefined}
      style={color ? ({ '--lit': color } as CSSProperties) : undefined}
      title={`${data.name} (${data.shortId}) · ${data.image} · ${state}${data.ports.length ? ` · ${data.ports.join(', ')}` : ''}`}
    >
      <NodeHandles />
      <div className="diagram-node__title truncate">{data.name}</div>
      <div className="diagram-node__subtitle diagram-node__subtitle--row">
        <span className="truncate">{data.image}</span>
        <span className="state-badge" data-state={data.state}>
          {state}
        </span>
      </div>
      {data.ports.length > 0 && (
        <div className="diagram-node__ports truncate">{data.ports.join(', ')}</div>
      )}
      {/* Its address on each network (one veth pair per network, wired to the network's bridge). */}
      {data.networks && data.networks.length > 0 && (
        <div
          className="diagram-node__networks truncate"
          data-testid="container-networks"
          title={`plugged into ${data.networks.map((n) => `${n.network} (${n.ip}, bridge ${n.bridge})`).join(', ')}: a veth pair per network, its other end on the network's bridge`}
        >
          ⇄ {data.networks.map((n) => `${n.network} ${n.ip}`).join(' · ')}
        </div>
      )}
    </div>
  );
}

export const ContainerNode = memo(ContainerNodeView);
