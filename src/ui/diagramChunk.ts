// The diagram's chunk (loaded by lazy.tsx): React Flow's styles travel with its code.
import '@xyflow/react/dist/style.css';
export { DiagramPanel } from './diagram/DiagramPanel';
