import { assign, setup } from 'xstate';

/**
 * One `containerd-shim-runc-v2` per container. It outlives the `start`
 * invocation that forked it, serves containerd over ttrpc, parents the
 * container's init process and remembers its exit status.
 *
 * Its states: `starting` while the `start` helper runs (containerd waits for
 * the address it prints); `serving` with no task; `created` once `runc create`
 * left init waiting on exec.fifo; `running` after `runc start`; `stopped` once
 * init exited (the status kept for Delete); `shutdown` after containerd's
 * Shutdown, when the process exits. Every other move is refused.
 */
export interface ShimContext {
  containerId: string;
  /** The shim's own PID on the host. */
  shimPid: number;
  address: string;
  pid?: number;
  /** The task has a pty (`-t`): its stdin goes to the pty's master, not a pipe. */
  terminal?: boolean;
  exitStatus?: number;
}

export type ShimEvent =
  | { type: 'shim.started' }
  | { type: 'task.created'; pid: number; terminal?: boolean }
  | { type: 'task.started' }
  | { type: 'task.exited'; exitStatus: number }
  | { type: 'task.deleted' }
  | { type: 'shim.shutdown' };

export const shimMachine = setup({
  types: {
    context: {} as ShimContext,
    events: {} as ShimEvent,
    input: {} as { containerId: string; shimPid: number; address: string },
  },
}).createMachine({
  id: 'shim',
  context: ({ input }) => ({ ...input }),
  initial: 'starting',
  states: {
    starting: {
      on: {
        // The start helper printed the ttrpc address and exited; the server it forked answers.
        'shim.started': 'serving',
        // containerd gave up on a shim that never came up: it is killed.
        'shim.shutdown': 'shutdown',
      },
    },
    serving: {
      on: {
        'task.created': {
          target: 'created',
          actions: assign(({ event }) => ({ pid: event.pid, terminal: event.terminal ?? false })),
        },
        'shim.shutdown': 'shutdown',
      },
    },
    created: {
      on: {
        'task.started': 'running',
        // Deleting a task that never started: runc delete kills the waiting init.
        'task.deleted': 'serving',
        'task.exited': {
          target: 'stopped',
          actions: assign(({ event }) => ({ exitStatus: event.exitStatus })),
        },
      },
    },
    running: {
      on: {
        'task.exited': {
          target: 'stopped',
          actions: assign(({ event }) => ({ exitStatus: event.exitStatus })),
        },
      },
    },
    stopped: { on: { 'task.deleted': 'serving' } },
    shutdown: { type: 'final' },
  },
});
