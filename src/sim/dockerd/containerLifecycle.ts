import { setup, type EventFromLogic } from 'xstate';
import { Moves, StateActor } from '../core/stateActor';

/**
 * One container's lifecycle as dockerd keeps it (moby `container/state.go`).
 *
 * moby stores flags (Running, Paused, Restarting, RemovalInProgress, Dead,
 * StartedAt) and derives the state from them in `State()`; the flags only
 * ever change in the combinations below, so here the states are the states
 * and the events are the facts that move a container between them:
 *
 * - `task.started`: containerd started the task (`setRunning`), from created,
 *   exited, or restarting (the restart policy's next try).
 * - `task.exited`: the task exited (`SetStopped`), also while paused (a kill
 *   reaches a frozen process) or between restart tries (`docker stop`).
 * - `task.paused` / `task.resumed`: the freezer cgroup (runc pause / resume).
 * - `restart.scheduled`: the task exited and the restart policy says try
 *   again (`SetRestarting`): moby keeps it "running" for every other check.
 * - `removal.started`: `docker rm` got past its checks (RemovalInProgress).
 * - `removal.failed`: removing its files failed after it was marked Dead.
 * - `removal.finished`: gone; dockerd drops the container and this machine.
 *
 * Any other event in any state is refused: a route that tries a move Docker
 * never makes is an engine bug (`commit` throws on it), not a wrong `docker ps`.
 */
export const containerLifecycle = setup({
  types: {
    events: {} as
      | { type: 'task.started' }
      | { type: 'task.exited' }
      | { type: 'task.paused' }
      | { type: 'task.resumed' }
      | { type: 'restart.scheduled' }
      | { type: 'removal.started' }
      | { type: 'removal.failed' }
      | { type: 'removal.finished' },
  },
}).createMachine({
  id: 'container',
  initial: 'created',
  states: {
    created: {
      on: { 'task.started': 'running', 'removal.started': 'removing' },
    },
    running: {
      on: {
        'task.exited': 'exited',
        'task.paused': 'paused',
        'restart.scheduled': 'restarting',
      },
    },
    paused: {
      on: { 'task.resumed': 'running', 'task.exited': 'exited' },
    },
    restarting: {
      on: { 'task.started': 'running', 'task.exited': 'exited' },
    },
    exited: {
      on: { 'task.started': 'running', 'removal.started': 'removing' },
    },
    removing: {
      on: { 'removal.failed': 'dead', 'removal.finished': 'removed' },
    },
    dead: {
      on: { 'removal.started': 'removing' },
    },
    /** Not a Docker state: the container no longer exists. */
    removed: { type: 'final' },
  },
});

export type LifecycleEvent = EventFromLogic<typeof containerLifecycle>;
export type Lifecycle = StateActor<typeof containerLifecycle>;

/** The machine's moves, asked of xstate once for every container (`core/stateActor.ts`). */
const MOVES = new Moves(containerLifecycle);

/** The states `docker ps -a` and `docker inspect` show (moby's `container.ContainerState`). */
export type ContainerState =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** A new container's machine, in `created`. */
export function newLifecycle(containerId: string): Lifecycle {
  return new StateActor(`lifecycle-${containerId.slice(0, 12)}`, MOVES);
}

/** The Docker state the machine is in (`removed` only once the container is gone). */
export const lifecycleState = (l: Lifecycle) => l.getSnapshot().value as ContainerState;
