import { assign, setup } from 'xstate';

/**
 * The player's states (what `player.ts` used to keep in flags).
 *
 * Two regions:
 *
 * `mode` — what the cursor does:
 * - `following`: playing, and keeping up with the present: a new command's
 *   messages are shown as they arrive.
 * - `replaying`: playing from a point in the past the learner chose; once it
 *   has caught up with the present it is following again.
 * - `paused`: held still on one message (the learner paused, seeked, clicked
 *   a timeline row, or a single step has landed).
 * - `stepping`: one step shown travelling; paused again once it lands.
 * `learner.skipped` (Escape, or the learner acting: typing a command,
 * Ctrl-C) brings any mode back to `following`: a new command is always seen
 * happening.
 *
 * `hop` — the one message on its way across the diagram: it lands only once
 * its travel time is up *and* its packet has been drawn (on a busy machine
 * the frame can come after a fast hop's whole trip). `landed` is where both
 * are true; the player then shows it landed and sends `hop.dropped`.
 *
 * Events that mean nothing in the current state (a packet drawn with no hop
 * on its way, a hop's timer from before the cursor moved, a step landing
 * while following) are ignored.
 */
export type PlayerEvent =
  /** `instant`: at instant speed there is nothing to replay, the player is at the present at once. */
  | { type: 'learner.played'; instant: boolean }
  | { type: 'learner.paused' }
  /** `travels`: the step is shown travelling (not at instant speed, not at the end). */
  | { type: 'learner.stepped'; travels: boolean }
  | { type: 'learner.seeked' }
  | { type: 'learner.skipped' }
  /** The step being shown has landed. */
  | { type: 'step.landed' }
  /** Every recorded message has been shown (or is shown at once, at instant speed). */
  | { type: 'trace.caughtUp' }
  | { type: 'hop.launched'; seq: number; drawn: boolean }
  | { type: 'hop.arrived'; seq: number }
  | { type: 'hop.drawn'; seq: number }
  | { type: 'hop.dropped' };

export type PlayerMode = 'following' | 'replaying' | 'paused' | 'stepping';

export const playerMachine = setup({
  types: { context: {} as { hop: number | null }, events: {} as PlayerEvent },
  guards: {
    isThisHop: ({ context, event }) => 'seq' in event && event.seq === context.hop,
    drawnAtLaunch: ({ event }) => event.type === 'hop.launched' && event.drawn,
    instant: ({ event }) => event.type === 'learner.played' && event.instant,
    travels: ({ event }) => event.type === 'learner.stepped' && event.travels,
  },
  actions: {
    rememberHop: assign({ hop: ({ event }) => (event.type === 'hop.launched' ? event.seq : null) }),
    forgetHop: assign({ hop: null }),
  },
}).createMachine({
  id: 'player',
  context: { hop: null },
  type: 'parallel',
  states: {
    mode: {
      initial: 'following',
      on: {
        'learner.paused': '.paused',
        'learner.seeked': '.paused',
        'learner.skipped': '.following',
        'learner.stepped': [{ guard: 'travels', target: '.stepping' }, { target: '.paused' }],
      },
      states: {
        following: {},
        replaying: {
          on: {
            'trace.caughtUp': 'following',
            'learner.played': { guard: 'instant', target: 'following' },
          },
        },
        paused: {
          on: {
            'learner.played': [{ guard: 'instant', target: 'following' }, { target: 'replaying' }],
          },
        },
        stepping: {
          on: {
            'learner.played': [{ guard: 'instant', target: 'following' }, { target: 'replaying' }],
            'step.landed': 'paused',
          },
        },
      },
    },
    hop: {
      initial: 'none',
      on: {
        'hop.launched': [
          { guard: 'drawnAtLaunch', target: '.drawn', actions: 'rememberHop' },
          { target: '.travelling', actions: 'rememberHop' },
        ],
      },
      states: {
        none: {},
        /** On its way, neither drawn nor due yet. */
        travelling: {
          on: {
            'hop.drawn': { guard: 'isThisHop', target: 'drawn' },
            'hop.arrived': { guard: 'isThisHop', target: 'due' },
            'hop.dropped': { target: 'none', actions: 'forgetHop' },
          },
        },
        /** Its packet has been on screen; its travel time is not up. */
        drawn: {
          on: {
            'hop.arrived': { guard: 'isThisHop', target: 'landed' },
            'hop.dropped': { target: 'none', actions: 'forgetHop' },
          },
        },
        /** Its travel time is up; its packet is still to be drawn. */
        due: {
          on: {
            'hop.drawn': { guard: 'isThisHop', target: 'landed' },
            'hop.dropped': { target: 'none', actions: 'forgetHop' },
          },
        },
        landed: {
          on: { 'hop.dropped': { target: 'none', actions: 'forgetHop' } },
        },
      },
    },
  },
});
