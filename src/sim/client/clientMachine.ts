import { storeLogic } from '../core/store';
import { put, stateDict } from '../core/records';

/**
 * The docker CLI. Each typed command is one short-lived `docker` process; this
 * actor tracks them: which are running, which stay attached to a container,
 * and how each ended.
 */
export interface ClientState {
  commands: Record<
    number,
    { line: string; status: 'running' | 'attached' | 'exited'; exitCode?: number }
  >;
}

export type ClientEvent =
  | { type: 'command.started'; id: number; line: string }
  | { type: 'command.attached'; id: number }
  | { type: 'command.exited'; id: number; exitCode: number };

const isLive = (context: ClientState, event: { id: number }): boolean => {
  const c = context.commands[event.id];
  return !!c && c.status !== 'exited';
};

export const clientMachine = storeLogic<ClientState, ClientEvent>(
  () => ({ commands: stateDict() }),
  {
    'command.started': {
      update: (context, event) => ({
        commands: put(context.commands, event.id, {
          line: event.line,
          status: 'running' as const,
        }),
      }),
    },
    'command.attached': {
      guard: isLive,
      update: (context, event) => ({
        commands: put(context.commands, event.id, {
          ...context.commands[event.id]!,
          status: 'attached' as const,
        }),
      }),
    },
    'command.exited': {
      guard: isLive,
      update: (context, event) => ({
        commands: put(context.commands, event.id, {
          ...context.commands[event.id]!,
          status: 'exited' as const,
          exitCode: event.exitCode,
        }),
      }),
    },
  },
);
