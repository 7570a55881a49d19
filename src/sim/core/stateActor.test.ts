import { describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';
import { Moves, StateActor } from './stateActor';
import { containerLifecycle, type LifecycleEvent } from '../dockerd/containerLifecycle';
import { shimMachine, type ShimEvent } from '../shim/shimMachine';

const LIFECYCLE_FACTS: LifecycleEvent['type'][] = [
  'task.started',
  'task.exited',
  'task.paused',
  'task.resumed',
  'restart.scheduled',
  'removal.started',
  'removal.failed',
  'removal.finished',
];
const SHIM_EVENTS: ShimEvent[] = [
  { type: 'shim.started' },
  { type: 'task.created', pid: 2 },
  { type: 'task.started' },
  { type: 'task.exited', exitStatus: 0 },
  { type: 'task.deleted' },
  { type: 'shim.shutdown' },
];

/** Seeded walks: the same events to xstate's own actor and to a StateActor, compared after each. */
function agreeOnWalks(
  machine: typeof containerLifecycle | typeof shimMachine,
  events: Array<{ type: string }>,
) {
  const moves = new Moves(machine as typeof containerLifecycle);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let walk = 0; walk < 200; walk++) {
    const real = createActor(machine as typeof containerLifecycle).start();
    const light = new StateActor('x', moves);
    // Until the final state: xstate's own actor stops there (and warns at every event after).
    for (let step = 0; step < 12 && real.getSnapshot().status === 'active'; step++) {
      const e = events[Math.floor(rand() * events.length)]! as LifecycleEvent;
      const before = light.getSnapshot();
      real.send(e);
      light.send(e);
      expect(light.getSnapshot().value).toEqual(real.getSnapshot().value);
      expect(light.getSnapshot().status).toBe(real.getSnapshot().status);
      // A refused event leaves the very same snapshot (how `commit` tells).
      if (!before.can(e)) expect(light.getSnapshot()).toBe(before);
    }
  }
}

describe('a StateActor (one xstate answer per move, kept)', () => {
  it('moves as xstate moves the container lifecycle, refusals included', () => {
    agreeOnWalks(
      containerLifecycle,
      LIFECYCLE_FACTS.map((type) => ({ type })),
    );
  });

  it('moves as xstate moves the shim', () => {
    agreeOnWalks(shimMachine, SHIM_EVENTS);
  });

  it('keeps one snapshot per state, however many times a state is entered', () => {
    const a = new StateActor('a', new Moves(containerLifecycle));
    a.send({ type: 'task.started' });
    const running = a.getSnapshot();
    a.send({ type: 'task.exited' });
    a.send({ type: 'task.started' });
    expect(a.getSnapshot()).toBe(running);
  });

  it('refuses a machine whose moves depend on more than the state and the event type', () => {
    const counter = setup({ types: { context: {} as { n: number } } }).createMachine({
      context: { n: 0 },
      initial: 'on',
      states: { on: { on: { tick: { actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
    });
    expect(() => new Moves(counter)).toThrow(/has a context/);
    const guarded = setup({ guards: { never: () => false } }).createMachine({
      initial: 'a',
      states: { a: { on: { go: { target: 'b', guard: 'never' } } }, b: {} },
    });
    expect(() => new Moves(guarded)).toThrow(/has guards/);
    const entering = createMachineWithEntry();
    expect(() => new Moves(entering)).toThrow(/entry\/exit actions/);
  });
});

function createMachineWithEntry() {
  return setup({ actions: { hello: () => {} } }).createMachine({
    initial: 'a',
    states: { a: { entry: 'hello' } },
  });
}
