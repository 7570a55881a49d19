import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { sessionMachine, sessionModeOf, type SessionEvent } from './sessionMachine';

const run = (...events: SessionEvent[]) => {
  const a = createActor(sessionMachine).start();
  for (const e of events) a.send(e);
  return a;
};
const ready: SessionEvent = { type: 'engine.ready' };
const started: SessionEvent = { type: 'command.started', id: 4 };

describe('the terminal session machine', () => {
  it('boots, then shows the prompt once the engine is ready', () => {
    const a = run();
    expect(a.getSnapshot().value).toBe('booting');
    expect(sessionModeOf(a.getSnapshot().value)).toBe('running');
    a.send(ready);
    expect(a.getSnapshot().value).toBe('editing');
  });

  it.each<[SessionEvent[], unknown, number | null]>([
    [[ready, started], 'running', 4],
    [[ready, started, { type: 'command.finished' }], 'editing', null],
    [[ready, started, { type: 'command.attached' }], { attached: 'waiting' }, 4],
    [
      [ready, started, { type: 'command.attached' }, { type: 'line.begun' }],
      { attached: 'typing' },
      4,
    ],
    [
      [
        ready,
        started,
        { type: 'command.attached' },
        { type: 'line.begun' },
        { type: 'input.sent' },
      ],
      'running',
      4,
    ],
    [[ready, started, { type: 'command.attached' }, { type: 'command.finished' }], 'editing', null],
    [[{ type: 'session.restored', attached: 9 }], { attached: 'waiting' }, 9],
    [[{ type: 'session.restored', attached: null }], 'editing', null],
    [
      [
        ready,
        started,
        { type: 'command.attached' },
        { type: 'line.begun' },
        { type: 'session.restored', attached: 9 },
      ],
      { attached: 'waiting' },
      9,
    ],
  ])('%j → %j', (events, value, commandId) => {
    const a = run(...events);
    expect(a.getSnapshot().value).toEqual(value);
    expect(a.getSnapshot().context.commandId).toBe(commandId);
  });

  it.each<[SessionEvent[], SessionEvent]>([
    // Booting: no command runs before the engine is there.
    [[], started],
    [[], { type: 'input.sent' }],
    // At the prompt: nothing to finish, attach to or send input to.
    [[ready], { type: 'command.finished' }],
    [[ready], { type: 'command.attached' }],
    [[ready], { type: 'input.sent' }],
    [[ready], { type: 'line.begun' }],
    [[ready], ready],
    // Running: a second command waits its turn (type-ahead), input has nowhere to go.
    [[ready, started], { type: 'command.started', id: 5 }],
    [[ready, started], { type: 'input.sent' }],
    [[ready, started], { type: 'line.begun' }],
    // Attached: a new command cannot start over it; a line begun is begun once.
    [[ready, started, { type: 'command.attached' }], { type: 'command.started', id: 5 }],
    [
      [ready, started, { type: 'command.attached' }, { type: 'line.begun' }],
      { type: 'line.begun' },
    ],
  ])('after %j, ignores %j', (events, ignored) => {
    const a = run(...events);
    const before = a.getSnapshot();
    a.send(ignored);
    expect(a.getSnapshot()).toBe(before);
  });
});
