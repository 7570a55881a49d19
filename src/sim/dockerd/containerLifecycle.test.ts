import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { containerLifecycle, type LifecycleEvent } from './containerLifecycle';

type State = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
const STATES: State[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
];
const FACTS: LifecycleEvent['type'][] = [
  'task.started',
  'task.exited',
  'task.paused',
  'task.resumed',
  'restart.scheduled',
  'removal.started',
  'removal.failed',
  'removal.finished',
];

/**
 * Every move moby's flags allow (container/state.go and its callers in
 * daemon/): setRunning, SetStopped, SetRestarting, pause/unpause (freezer),
 * RemovalInProgress, Dead after a failed removal, and the removal itself.
 */
const LEGAL: Array<[State, LifecycleEvent['type'], State | 'removed']> = [
  ['created', 'task.started', 'running'],
  ['created', 'removal.started', 'removing'],
  ['running', 'task.exited', 'exited'],
  ['running', 'task.paused', 'paused'],
  ['running', 'restart.scheduled', 'restarting'],
  ['paused', 'task.resumed', 'running'],
  ['paused', 'task.exited', 'exited'],
  ['restarting', 'task.started', 'running'],
  ['restarting', 'task.exited', 'exited'],
  ['exited', 'task.started', 'running'],
  ['exited', 'removal.started', 'removing'],
  ['removing', 'removal.failed', 'dead'],
  ['removing', 'removal.finished', 'removed'],
  ['dead', 'removal.started', 'removing'],
];

const machineIn = (value: State) =>
  createActor(containerLifecycle, {
    snapshot: containerLifecycle.resolveState({ value, context: undefined }),
  }).start();

describe('a container lifecycle machine', () => {
  it('starts in created', () => {
    expect(createActor(containerLifecycle).start().getSnapshot().value).toBe('created');
  });

  it.each(LEGAL)('%s --%s--> %s', (from, fact, to) => {
    const m = machineIn(from);
    m.send({ type: fact });
    expect(m.getSnapshot().value).toBe(to);
  });

  const illegal = STATES.flatMap((s) =>
    FACTS.filter((f) => !LEGAL.some(([from, fact]) => from === s && fact === f)).map(
      (f) => [s, f] as const,
    ),
  );

  it.each(illegal)('refuses %s --%s-->: the snapshot stays the same object', (from, fact) => {
    const m = machineIn(from);
    const before = m.getSnapshot();
    expect(before.can({ type: fact })).toBe(false);
    m.send({ type: fact });
    // `commit` (core/actors) relies on this to throw on a refused move.
    expect(m.getSnapshot()).toBe(before);
  });

  it('checks every (state, fact) pair exactly once', () => {
    expect(LEGAL.length + illegal.length).toBe(STATES.length * FACTS.length);
  });

  it('ends once removed: nothing moves it afterwards', () => {
    const m = machineIn('removing');
    m.send({ type: 'removal.finished' });
    expect(m.getSnapshot().status).toBe('done');
    for (const f of FACTS) expect(m.getSnapshot().can({ type: f })).toBe(false);
  });
});
