import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { playerMachine, type PlayerEvent } from './playerMachine';

const fresh = () => createActor(playerMachine).start();
const state = (a: ReturnType<typeof fresh>) =>
  a.getSnapshot().value as { mode: string; hop: string };
const run = (...events: PlayerEvent[]) => {
  const a = fresh();
  for (const e of events) a.send(e);
  return a;
};

describe('the player machine: modes', () => {
  it('starts following the present, with no hop on its way', () => {
    expect(state(fresh())).toEqual({ mode: 'following', hop: 'none' });
  });

  it.each<[PlayerEvent[], string]>([
    [[{ type: 'learner.paused' }], 'paused'],
    [[{ type: 'learner.seeked' }], 'paused'],
    [[{ type: 'learner.paused' }, { type: 'learner.played', instant: false }], 'replaying'],
    [[{ type: 'learner.paused' }, { type: 'learner.played', instant: true }], 'following'],
    [
      [
        { type: 'learner.seeked' },
        { type: 'learner.played', instant: false },
        { type: 'trace.caughtUp' },
      ],
      'following',
    ],
    [[{ type: 'learner.stepped', travels: true }], 'stepping'],
    [[{ type: 'learner.stepped', travels: false }], 'paused'],
    [[{ type: 'learner.stepped', travels: true }, { type: 'step.landed' }], 'paused'],
    [
      [
        { type: 'learner.stepped', travels: true },
        { type: 'learner.stepped', travels: true },
      ],
      'stepping',
    ],
    [[{ type: 'learner.seeked' }, { type: 'learner.skipped' }], 'following'],
    [[{ type: 'learner.stepped', travels: true }, { type: 'learner.skipped' }], 'following'],
  ])('%j → %s', (events, mode) => {
    expect(state(run(...events)).mode).toBe(mode);
  });
});

describe('the player machine: events that mean nothing now are ignored', () => {
  it.each<[PlayerEvent[], PlayerEvent]>([
    // Following: nothing to catch up with, no step to land, already playing.
    [[], { type: 'trace.caughtUp' }],
    [[], { type: 'step.landed' }],
    [[], { type: 'learner.played', instant: false }],
    // Paused: catching up or a step landing does not start it playing.
    [[{ type: 'learner.paused' }], { type: 'trace.caughtUp' }],
    [[{ type: 'learner.paused' }], { type: 'step.landed' }],
    // Replaying: a step landing does not pause it.
    [
      [{ type: 'learner.paused' }, { type: 'learner.played', instant: false }],
      { type: 'step.landed' },
    ],
    // No hop on its way: its timer and its packet are nobody's.
    [[], { type: 'hop.arrived', seq: 3 }],
    [[], { type: 'hop.drawn', seq: 3 }],
    [[], { type: 'hop.dropped' }],
    // A hop on its way: another hop's timer or packet does not land it.
    [[{ type: 'hop.launched', seq: 5, drawn: false }], { type: 'hop.arrived', seq: 4 }],
    [[{ type: 'hop.launched', seq: 5, drawn: false }], { type: 'hop.drawn', seq: 4 }],
    // Drawn already: drawn again changes nothing.
    [[{ type: 'hop.launched', seq: 5, drawn: true }], { type: 'hop.drawn', seq: 5 }],
  ])('after %j, %j leaves the snapshot as it was', (events, ignored) => {
    const a = run(...events);
    const before = a.getSnapshot();
    a.send(ignored);
    expect(a.getSnapshot()).toBe(before);
  });
});

describe('the player machine: a hop lands once drawn and due, in either order', () => {
  it('timer first, then the packet', () => {
    const a = run({ type: 'hop.launched', seq: 7, drawn: false }, { type: 'hop.arrived', seq: 7 });
    expect(state(a).hop).toBe('due');
    a.send({ type: 'hop.drawn', seq: 7 });
    expect(state(a).hop).toBe('landed');
  });

  it('packet first, then the timer', () => {
    const a = run({ type: 'hop.launched', seq: 7, drawn: false }, { type: 'hop.drawn', seq: 7 });
    expect(state(a).hop).toBe('drawn');
    a.send({ type: 'hop.arrived', seq: 7 });
    expect(state(a).hop).toBe('landed');
  });

  it('with no diagram to draw it, on its timer alone; dropped, it is gone', () => {
    const a = run({ type: 'hop.launched', seq: 7, drawn: true }, { type: 'hop.arrived', seq: 7 });
    expect(state(a).hop).toBe('landed');
    a.send({ type: 'hop.dropped' });
    expect(state(a).hop).toBe('none');
    expect(a.getSnapshot().context.hop).toBeNull();
  });
});
