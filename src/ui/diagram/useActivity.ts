import { useAppStore } from '../store';
import type { AppState } from '../store';
import { shownHop } from './shownHop';

/** `send:http`, `receive:grpc`, or '' — a string, so a node re-renders only when its own role changes. */
const activityOf = (id: string) => (s: AppState) => {
  const hop = shownHop(s);
  if (hop?.from === id) return `send:${hop.protocol}`;
  if (hop?.to === id) return `receive:${hop.protocol}`;
  return '';
};

/** Whether this node is sending or receiving the message shown (in flight, or held while paused), and over which protocol. */
export function useActivity(id: string): {
  role: 'send' | 'receive' | null;
  color: string | undefined;
} {
  const activity = useAppStore(activityOf(id));
  if (!activity) return { role: null, color: undefined };
  const [role, protocol] = activity.split(':') as ['send' | 'receive', string];
  return { role, color: `var(--proto-${protocol})` };
}
