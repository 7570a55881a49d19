import { assign, setup } from 'xstate';
import type { SessionMode } from '../store/sessionSlice';

/**
 * The terminal session's states (what `shellSession.ts` used to keep in a
 * mode string, a `booted` flag, a `stdinStarted` flag and a nullable command id):
 *
 * - `booting`: the engine's code is still loading; keys typed are kept.
 * - `editing`: at the `$` prompt, editing a command line.
 * - `running`: a command is being replayed; keys typed are kept (type-ahead)
 *   and fed to whatever comes next.
 * - `attached`: the command holds the terminal (a foreground container with
 *   stdin): keys go to its input. `waiting` until the learner types, then
 *   `typing` a line, which goes to the container on Enter (or Ctrl-D ends
 *   input, or Ctrl-C is forwarded): the command then runs again.
 *
 * A restored session (reload, shared link, lesson) can land in `editing` or
 * `attached` from anywhere. Any other event is ignored: a command cannot start
 * while another runs, input cannot be sent with nothing attached.
 */
export type SessionEvent =
  | { type: 'engine.ready' }
  | { type: 'command.started'; id: number }
  /** Every message of the command has been shown and it has ended. */
  | { type: 'command.finished' }
  /** Every message shown so far, and the command still waits for input. */
  | { type: 'command.attached' }
  | { type: 'line.begun' }
  /** A line, an end of input or a Ctrl-C went to the attached command. */
  | { type: 'input.sent' }
  | { type: 'session.restored'; attached: number | null };

export const sessionMachine = setup({
  types: { context: {} as { commandId: number | null }, events: {} as SessionEvent },
  guards: {
    restoredAttached: ({ event }) => event.type === 'session.restored' && event.attached !== null,
  },
  actions: {
    takeCommand: assign({
      commandId: ({ event }) =>
        event.type === 'command.started'
          ? event.id
          : event.type === 'session.restored'
            ? event.attached
            : null,
    }),
    dropCommand: assign({ commandId: null }),
  },
}).createMachine({
  id: 'session',
  context: { commandId: null },
  initial: 'booting',
  on: {
    'session.restored': [
      // Re-entered: a line half-typed to the old container is not the new one's.
      { guard: 'restoredAttached', target: '.attached', reenter: true, actions: 'takeCommand' },
      { target: '.editing', reenter: true, actions: 'dropCommand' },
    ],
  },
  states: {
    booting: {
      on: { 'engine.ready': 'editing' },
    },
    editing: {
      on: { 'command.started': { target: 'running', actions: 'takeCommand' } },
    },
    running: {
      on: {
        'command.finished': { target: 'editing', actions: 'dropCommand' },
        'command.attached': 'attached',
      },
    },
    attached: {
      initial: 'waiting',
      on: {
        'input.sent': 'running',
        // The container ended while attached (its last output shown).
        'command.finished': { target: 'editing', actions: 'dropCommand' },
      },
      states: {
        waiting: { on: { 'line.begun': 'typing' } },
        typing: {},
      },
    },
  },
});

/** What the page's status bar shows for each state (booting looks like a command running). */
export function sessionModeOf(value: unknown): SessionMode {
  if (value === 'editing') return 'editing';
  if (typeof value === 'object' && value !== null && 'attached' in value) return 'attached';
  return 'running';
}
