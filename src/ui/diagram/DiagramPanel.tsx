import { memo, useEffect, useRef } from 'react';
import { Controls, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useAppStore } from '../store';
import { BoundaryNode } from './BoundaryNode';
import { BridgeNode } from './BridgeNode';
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
  bridge: BridgeNode,
};
const edgeTypes = { message: MessageEdge };
/**
 * How the view fits the diagram. One object for every render: React Flow copies a prop
 * into its store whenever its identity changes, and an inline `{ padding }` did so on
 * every hop, running each node's store selectors again (issue 12).
 */
const FIT = { padding: 0.02 } as const;
/** How long the view glides to a new fit (diagram.css, `[data-fitting]`). */
const FIT_MS = 250;

/**
 * Keeps the whole architecture in view when what is drawn changes (rows
 * added, a container appearing, the detail level hiding or showing
 * components, presenter mode) or the panel is resized. Without the refit on
 * a level switch the view kept the old zoom and cut runc and the kernel off.
 */
function useFitOnChange(container: React.RefObject<HTMLElement | null>, shape: string) {
  const { fitView, getViewport } = useReactFlow();
  useEffect(() => {
    const el = container.current;
    // Two frames: React Flow measures the new nodes in the first.
    let second = 0;
    let glided = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        // The view jumps to the new fit at once and a CSS transition on the viewport's
        // transform glides it there, on the compositor. fitView's own animation set the
        // transform in React Flow's store every frame for 250 ms, each time running every
        // node's selectors: with 100 containers drawn, frames were missed (issue 12). A
        // small move (a row added to a long column) jumps: not worth the compositor's
        // re-layering of a large diagram while a transform animates.
        const before = getViewport();
        el?.setAttribute('data-fitting', '');
        glided = window.setTimeout(() => el?.removeAttribute('data-fitting'), FIT_MS + 50);
        // React Flow applies a fit with its next nodes update, before the next frame.
        void fitView(FIT).then(() => {
          const after = getViewport();
          const small =
            Math.abs(after.zoom / before.zoom - 1) < 0.05 &&
            Math.hypot(after.x - before.x, after.y - before.y) < 40;
          if (small) el?.removeAttribute('data-fitting');
        });
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
      clearTimeout(glided);
      el?.removeAttribute('data-fitting');
    };
  }, [shape, fitView, getViewport, container]);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void fitView(FIT));
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
        fitViewOptions={FIT}
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
