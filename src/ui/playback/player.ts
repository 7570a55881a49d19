import { createActor } from 'xstate';
import { bridge } from '../bridge';
import { appStore } from '../store';
import type { InFlight } from '../store/playbackSlice';
import { detailLevelOf, stepsAt } from './levels';
import { familyOf, overviewPaceOf, paceOf, type PaceContext } from './pace';
import { overviewStepAt } from '../narration/overviewSteps';
import type { Message } from '../../sim/engine';
import { clampSeq, lastCommandStart, nextStop, previousStop } from './steps';
import { playerMachine, type PlayerEvent, type PlayerMode } from './playerMachine';

/**
 * Replays the trace, one step at a time, in order. The engine has already
 * computed everything; the player only decides *when* each message is shown
 * travelling, and publishes that as `inFlight` / `animatedSeq` (the cursor)
 * in the store. Nothing else is animated: no message, no movement.
 *
 * Playing, it follows the trace as it grows. Paused, the cursor stays where
 * the learner put it and the diagram holds still on that message; stepping
 * and seeking move the cursor, backwards too (the diagram then rebuilds the
 * host as it was, from the engine's history). When the learner acts again
 * (types a command, writes to a container, presses Ctrl-C) the player goes
 * back to the present and plays what that caused: a new command is always
 * seen happening, and its output appears as its messages arrive.
 *
 * Which of these it is doing is the state of `playerMachine` (following,
 * replaying, paused, stepping; and the hop on its way: travelling, drawn,
 * due, landed); this class carries out what each move means (timers, the
 * store) and keeps the data (what was seen, the diagram's packet layers).
 */
class Player {
  private readonly machine = createActor(playerMachine).start();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Subscribed to the bridge (start() is idempotent). */
  private started = false;
  /** Steps already shown since the player was last idle (their repeats go faster). */
  private seen = new Set<string>();
  /** Esc was pressed while the engine still owed an answer: skip what that answer brings too. */
  private skipOnAnswer = false;
  /** The host the cursor belongs to (the bridge replaces it on restore and reset). */
  private generation = 0;
  /** Packet layers on screen (the diagram). While one is, a hop lands only once its packet was drawn. */
  private canvases = 0;

  private send(event: PlayerEvent): void {
    this.machine.send(event);
  }

  /** What the cursor does now. */
  get mode(): PlayerMode {
    return this.machine.getSnapshot().value.mode as PlayerMode;
  }

  /**
   * The hop on its way: `none`, `travelling`, `drawn` (its packet has been on
   * screen), `due` (its travel time is up) or `landed` (both). When the
   * diagram's world changes (the first message on an edge, a shim appearing)
   * React Flow gets fresh node objects, draws no edge until it has measured
   * them again at the next frame, and on a busy machine that frame can come
   * after a fast hop's whole trip: landing on the timer alone moved on and the
   * message was never seen.
   */
  private get hop(): string {
    return this.machine.getSnapshot().value.hop as string;
  }

  /** Playing (following the present or replaying the past), as opposed to held still. */
  private get playing(): boolean {
    return this.mode === 'following' || this.mode === 'replaying';
  }

  start(): () => void {
    if (this.started) return () => {};
    this.started = true;
    this.generation = bridge.generation;
    const unsubscribe = bridge.subscribe(() => this.onTrace());
    const unlisten = bridge.onAction((before) => this.onAction(before));
    this.onTrace();
    return () => {
      unsubscribe();
      unlisten();
      this.dropHop();
      this.started = false;
    };
  }

  /**
   * The diagram is on screen and will report each packet it draws
   * (`drawn`). Returns the detach. Without one (headless use, tests) hops
   * land on their timer alone.
   */
  attachCanvas(): () => void {
    this.canvases++;
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.canvases--;
      // Nothing left to draw it: a hop waiting to be drawn lands now.
      const hop = this.machine.getSnapshot().context.hop;
      if (this.canvases === 0 && hop !== null) this.drawn(hop);
    };
  }

  /**
   * The packet of hop `seq` has been on screen (or the diagram has no edge to
   * draw it on at this level). The hop lands now if its travel time is up.
   */
  drawn(seq: number): void {
    this.send({ type: 'hop.drawn', seq });
    if (this.hop === 'landed') this.land(seq);
  }

  /** True while hop `seq` is on its way and its packet has not been drawn yet. */
  awaitsDrawing(seq: number): boolean {
    const hop = this.hop;
    return (
      (hop === 'travelling' || hop === 'due') && this.machine.getSnapshot().context.hop === seq
    );
  }

  /** True when every recorded message has been shown. */
  get idle(): boolean {
    const s = appStore.getState();
    return s.inFlight === null && s.animatedSeq >= bridge.trace.length;
  }

  /** Play from the cursor (and keep following the trace as it grows). */
  play(): void {
    this.send({ type: 'learner.played', instant: appStore.getState().speed === 'instant' });
    appStore.setState({ playing: this.playing, selectedSeq: null });
    this.pump();
  }

  /** Hold still: the message in flight counts as arrived and stays highlighted. */
  pause(): void {
    this.skipOnAnswer = false;
    this.dropHop();
    this.send({ type: 'learner.paused' });
    const s = appStore.getState();
    const seq = s.inFlight ? s.inFlight.seq : s.animatedSeq;
    appStore.setState({
      playing: this.playing,
      inFlight: null,
      animatedSeq: seq,
      backlog: Math.max(0, bridge.trace.length - seq),
    });
  }

  /** Space: pause while playing, play while paused. */
  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /**
   * One step forward (a message, or an overview step), shown travelling, then
   * paused. A hop still on its way lands at once and the next one sets off:
   * every press is a step, however fast they come (a press spent only on
   * finishing the current hop felt like a dropped key).
   */
  stepForward(): void {
    const s = appStore.getState();
    this.dropHop();
    const length = bridge.trace.length;
    const cursor = s.inFlight ? s.inFlight.seq : s.animatedSeq;
    this.send({ type: 'learner.stepped', travels: cursor < length && s.speed !== 'instant' });
    appStore.setState({
      playing: this.playing,
      selectedSeq: null,
      inFlight: null,
      animatedSeq: cursor,
      backlog: Math.max(0, length - cursor),
    });
    if (cursor >= length) return;
    if (s.speed === 'instant') {
      const target = nextStop(cursor, stepsAt(detailLevelOf(s)), length);
      appStore.setState({ animatedSeq: target, backlog: length - target });
      return;
    }
    appStore.setState({ inFlight: this.launch(cursor) });
  }

  /** One step back: the cursor goes to the end of the previous step, at once. */
  stepBack(): void {
    const s = appStore.getState();
    const cursor = s.inFlight ? s.inFlight.seq : s.animatedSeq;
    this.seekTo(previousStop(cursor, stepsAt(detailLevelOf(s)), bridge.trace.length));
  }

  /** Jump the cursor to just after message `seq` (0: before the first), paused. */
  seek(seq: number): void {
    this.seekTo(clampSeq(seq, bridge.trace.length));
  }

  /** A timeline row was clicked: go there and show that message. */
  select(seq: number): void {
    this.seek(seq);
    const target = clampSeq(seq, bridge.trace.length);
    appStore.setState({ selectedSeq: target > 0 ? target : null });
  }

  /** Rewind to the first message of the newest command and play it again. */
  replayLastCommand(): void {
    const start = lastCommandStart(bridge.trace, (id) => bridge.result(id)?.firstSeq);
    if (start === null) return;
    this.seekTo(start);
    this.play();
  }

  /** Jump to the end of everything recorded so far, and follow the present (the Escape key). */
  skip(): void {
    // Esc right after Enter means that command, whose messages the engine (in its worker) may
    // still be computing: they are skipped too when they arrive.
    this.settle(bridge.trace.length, 'present');
    this.skipOnAnswer = bridge.busy;
  }

  private seekTo(seq: number): void {
    this.settle(seq, 'past');
  }

  /**
   * Stop any hop and put the cursor at `seq`: held there to look at the past
   * (paused), or following the present (playing on as the trace grows).
   */
  private settle(seq: number, where: 'past' | 'present'): void {
    this.skipOnAnswer = false;
    this.dropHop();
    this.seen.clear();
    this.send({ type: where === 'past' ? 'learner.seeked' : 'learner.skipped' });
    appStore.setState({
      playing: this.playing,
      inFlight: null,
      animatedSeq: seq,
      backlog: Math.max(0, bridge.trace.length - seq),
      selectedSeq: null,
    });
  }

  /** The trace grew (or the host was replaced). */
  private onTrace(): void {
    if (bridge.generation !== this.generation) {
      // A restored or reset host: its past is shown as already played; the learner can rewind it.
      this.generation = bridge.generation;
      this.settle(bridge.trace.length, 'present');
      return;
    }
    if (this.skipOnAnswer && !bridge.busy) {
      this.settle(bridge.trace.length, 'present');
      return;
    }
    const s = appStore.getState();
    if (s.animatedSeq > bridge.trace.length)
      appStore.setState({ animatedSeq: bridge.trace.length });
    this.pump();
  }

  /** The learner acted: return to the present (if looking at the past) and play what follows. */
  private onAction(before: number): void {
    if (this.mode === 'following') return;
    this.settle(Math.max(appStore.getState().animatedSeq, before), 'present');
  }

  private pump(): void {
    const s = appStore.getState();
    const length = bridge.trace.length;
    if (!this.playing || this.hop !== 'none') {
      appStore.setState({ backlog: Math.max(0, length - s.animatedSeq) });
      return;
    }
    let cursor = s.animatedSeq;
    // A daemon's page: what happened before it opened is not replayed.
    if (cursor < bridge.historyLength) cursor = bridge.historyLength;
    if (s.speed === 'instant') {
      this.send({ type: 'trace.caughtUp' });
      appStore.setState({ animatedSeq: length, inFlight: null, backlog: 0 });
      return;
    }
    const inFlight = this.launch(cursor);
    if (!inFlight) this.send({ type: 'trace.caughtUp' });
    appStore.setState({ animatedSeq: cursor, inFlight, backlog: Math.max(0, length - cursor) });
  }

  /** Start the step after `cursor` on its way, or return null when there is none yet. */
  private launch(cursor: number): InFlight | null {
    const length = bridge.trace.length;
    const first = bridge.message(cursor + 1);
    if (!first) {
      this.seen.clear();
      return null;
    }
    const s = appStore.getState();
    const steps = stepsAt(detailLevelOf(s));
    const target = nextStop(cursor, steps, length);
    const step = steps.at(cursor + 1);
    const last = bridge.message(target) ?? first;
    const from = step?.from ?? first.from;
    const to = step?.to ?? first.to;
    const family = familyOf({ kind: first.kind, operation: first.operation, from, to });
    const repeat = this.seen.has(family);
    this.seen.add(family);
    const speed = s.speed === 'instant' ? 4 : s.speed;
    const flight: InFlight = {
      seq: target,
      from,
      to,
      edgeId: bridge.index.edgeOf(first, from, to),
      protocol: target === cursor + 1 ? first.protocol : last.protocol,
      kind: target === cursor + 1 ? first.kind : 'request',
      duration: this.paceOf(cursor + 1, first, { backlog: length - cursor - 1, speed, repeat }),
      firstSeq: cursor + 1,
    };
    this.send({ type: 'hop.launched', seq: target, drawn: this.canvases === 0 });
    this.timer = setTimeout(() => this.arrive(target), flight.duration);
    return flight;
  }

  /** How long the step starting at `seq` travels: the Overview's pace per step, else each message's. */
  private paceOf(seq: number, first: Message, ctx: PaceContext): number {
    if (detailLevelOf(appStore.getState()) !== 'overview') return paceOf(first, ctx);
    const step = overviewStepAt(seq);
    return overviewPaceOf(
      { kind: first.kind, protocol: first.protocol, collapsed: step?.collapsed ?? false },
      ctx,
    );
  }

  /** Hop `seq` has travelled its time: it lands, unless its packet is still to be drawn. */
  private arrive(seq: number): void {
    this.timer = null;
    this.send({ type: 'hop.arrived', seq });
    if (this.hop === 'landed') this.land(seq);
  }

  private land(seq: number): void {
    this.dropHop();
    const length = bridge.trace.length;
    if (this.mode === 'stepping') {
      this.send({ type: 'step.landed' });
      appStore.setState({ animatedSeq: seq, inFlight: null, backlog: Math.max(0, length - seq) });
      return;
    }
    const inFlight = this.launch(seq);
    if (!inFlight) this.send({ type: 'trace.caughtUp' });
    appStore.setState({ animatedSeq: seq, inFlight, backlog: Math.max(0, length - seq) });
  }

  /** The hop on its way (if any) is abandoned: landed by hand, or the cursor moved. */
  private dropHop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.send({ type: 'hop.dropped' });
  }
}

export type { Player };
export const player = new Player();
