import { useAppStore } from '../store';
import type { AppState } from '../store';

/** `send:http`, `receive:grpc`, or '' — a string, so a node re-renders only when its own role changes. */
const activityOf = (id: string) => (s: AppState) =>
  s.inFlight?.from === id
    ? `send:${s.inFlight.protocol}`
    : s.inFlight?.to === id
      ? `receive:${s.inFlight.protocol}`
      : '';

/** Whether this node is sending or receiving the message in flight, and over which protocol. */
export function useActivity(id: string): {
  role: 'send' | 'receive' | null;
  color: string | undefined;
} {
  const activity = useAppStore(activityOf(id));
  if (!activity) return { role: null, color: undefined };
  const [role, protocol] = activity.split(':') as ['send' | 'receive', string];
  return { role, color: `var(--proto-${protocol})` };
}
