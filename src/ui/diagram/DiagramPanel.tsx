import { memo, useEffect, useRef } from 'react';
import { Controls, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useAppStore } from '../store';
import { BoundaryNode } from './BoundaryNode';
import { ComponentNode } from './ComponentNode';
import { ContainerNode } from './ContainerNode';
import { DotGrid } from './DotGrid';
import { ImagesNode } from './ImagesNode';
import { MessageEdge } from './MessageEdge';
import { PlaceholderNode } from './PlaceholderNode';
import { ShimNode } from './ShimNode';
import { useDiagram } from './useDiagram';
import { useDrawnHops } from './useDrawnHops';

// Module scope: React Flow re-creates every node when these objects change.
const nodeTypes = {
  component: ComponentNode,
  shim: ShimNode,
  container: ContainerNode,
  boundary: BoundaryNode,
  placeholder: PlaceholderNode,
  images: ImagesNode,
};
const edgeTypes = { message: MessageEdge };
const FIT = { padding: 0.02, duration: 250 } as const;

/**
 * Keeps the whole architecture in view when what is drawn changes (rows
 * added, a container appearing, the detail level hiding or showing
 * components, presenter mode) or the panel is resized. Without the refit on
 * a level switch the view kept the old zoom and cut runc and the kernel off.
 */
function useFitOnChange(container: React.RefObject<HTMLElement | null>, shape: string) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    // Two frames: React Flow measures the new nodes in the first.
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => void fitView(FIT));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [shape, fitView]);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void fitView({ padding: FIT.padding }));
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [container, fitView]);
}

function Diagram() {
  const { nodes, edges, rows } = useDiagram();
  useDrawnHops(edges);
  const theme = useAppStore((s) => s.theme);
  const animating = useAppStore((s) => s.inFlight !== null);
  const level = useAppStore((s) => s.detailLevel);
  const presenter = useAppStore((s) => s.presenter);
  const container = useRef<HTMLDivElement>(null);
  const visible = nodes
    .filter((n) => !n.hidden)
    .map((n) => n.id)
    .join(' ');
  useFitOnChange(container, `${rows}|${level}|${presenter}|${visible}`);
  return (
    <div
      ref={container}
      className="h-full w-full"
      data-testid="diagram"
      data-animating={animating}
      // Reached with F6 (not Tab): the diagram's zoom buttons then follow with Tab.
      tabIndex={-1}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode={theme}
        fitView
        fitViewOptions={{ padding: FIT.padding }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        minZoom={0.2}
        maxZoom={2}
        aria-label="Architecture diagram: the Docker client, the Docker host and the registry"
      >
        <DotGrid />
        {/* Bottom left: under the CLI, the one corner no machine's components reach. */}
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </div>
  );
}

/** The architecture diagram, where every trace message travels as a packet. */
export const DiagramPanel = memo(function DiagramPanel() {
  return (
    <ReactFlowProvider>
      <Diagram />
    </ReactFlowProvider>
  );
});
