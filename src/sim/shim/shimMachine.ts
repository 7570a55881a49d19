import { setup } from 'xstate';
import { commit } from '../core/actors';
import { Moves, StateActor } from '../core/stateActor';

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
 *
 * The machine holds the states only; what the shim knows (its PID, init's PID, the
 * exit status) is kept by `Shim` below. A machine of states alone moves the same way
 * for every shim, so xstate is asked each move once (`core/stateActor.ts`).
 */
export type ShimEvent =
  | { type: 'shim.started' }
  | { type: 'task.created'; pid: number; terminal?: boolean }
  | { type: 'task.started' }
  | { type: 'task.exited'; exitStatus: number }
  | { type: 'task.deleted' }
  | { type: 'shim.shutdown' };

export const shimMachine = setup({
  types: {
    events: {} as ShimEvent,
  },
}).createMachine({
  id: 'shim',
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
      on: { 'task.created': 'created', 'shim.shutdown': 'shutdown' },
    },
    created: {
      on: {
        'task.started': 'running',
        // Deleting a task that never started: runc delete kills the waiting init.
        'task.deleted': 'serving',
        'task.exited': 'stopped',
      },
    },
    running: {
      on: { 'task.exited': 'stopped' },
    },
    stopped: { on: { 'task.deleted': 'serving' } },
    shutdown: { type: 'final' },
  },
});

export type ShimState = 'starting' | 'serving' | 'created' | 'running' | 'stopped' | 'shutdown';

const MOVES = new Moves(shimMachine);

/** One shim process: its states in `shimMachine`, and what it knows. */
export class Shim {
  readonly machine: StateActor<typeof shimMachine>;
  /** init's PID, once `runc create` made it. */
  pid: number | undefined;
  /** The task has a pty (`-t`): its stdin goes to the pty's master, not a pipe. */
  terminal: boolean | undefined;
  /** init's exit status, kept for Delete. */
  exitStatus: number | undefined;

  constructor(
    readonly containerId: string,
    /** The shim's own PID on the host. */
    readonly shimPid: number,
    /** The ttrpc address its `start` printed. */
    readonly address: string,
  ) {
    this.machine = new StateActor(`shim-${containerId.slice(0, 12)}`, MOVES);
  }

  get state(): ShimState {
    return this.machine.getSnapshot().value as ShimState;
  }

  /** Move the machine (a refused move throws, as `commit` does) and keep what the event tells. */
  commit(event: ShimEvent): void {
    commit(this.machine, event);
    if (event.type === 'task.created') {
      this.pid = event.pid;
      this.terminal = event.terminal ?? false;
    } else if (event.type === 'task.exited') this.exitStatus = event.exitStatus;
  }
}
