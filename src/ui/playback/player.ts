import { bridge } from '../bridge';
import { pairKey } from '../traceIndex';
import { appStore } from '../store';
import type { InFlight } from '../store/playbackSlice';
import { familyOf, paceOf } from './pace';

/**
 * Replays the trace, one message at a time, in order. The engine has already
 * computed everything; the player only decides *when* each message is shown
 * travelling, and publishes that as `inFlight` / `animatedSeq` in the store.
 * Nothing else is animated: no message, no movement.
 */
class Player {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  /** Steps already shown since the player was last idle (their repeats go faster). */
  private seen = new Set<string>();

  start(): () => void {
    if (this.started) return () => {};
    this.started = true;
    const unsubscribe = bridge.subscribe(() => this.pump());
    this.pump();
    return () => {
      unsubscribe();
      this.stopTimer();
      this.started = false;
    };
  }

  /** True when every recorded message has been shown. */
  get idle(): boolean {
    const s = appStore.getState();
    return s.inFlight === null && s.animatedSeq >= bridge.trace.length;
  }

  /** Jump to the end of everything recorded so far (the Escape key). */
  skip(): void {
    this.stopTimer();
    this.seen.clear();
    appStore.setState({ animatedSeq: bridge.trace.length, inFlight: null, backlog: 0 });
  }

  private pump(): void {
    if (this.timer !== null) {
      appStore.setState({ backlog: bridge.trace.length - appStore.getState().animatedSeq });
      return;
    }
    if (appStore.getState().animatedSeq < bridge.historyLength)
      appStore.setState({ animatedSeq: bridge.historyLength });
    const next = appStore.getState().animatedSeq + 1;
    appStore.setState({
      inFlight: this.launch(next),
      backlog: Math.max(0, bridge.trace.length - next + 1),
    });
  }

  /** Start message `seq` on its way, or return null when there is none yet. */
  private launch(seq: number): InFlight | null {
    const m = bridge.message(seq);
    if (!m) {
      this.seen.clear();
      return null;
    }
    const backlog = bridge.trace.length - seq;
    const family = familyOf(m);
    const repeat = this.seen.has(family);
    this.seen.add(family);
    const flight: InFlight = {
      seq,
      from: m.from,
      to: m.to,
      edgeId: pairKey(m.from, m.to),
      protocol: m.protocol,
      kind: m.kind,
      duration: paceOf(m, { backlog, speed: appStore.getState().speed, repeat }),
    };
    this.timer = setTimeout(() => this.land(seq), flight.duration);
    return flight;
  }

  private land(seq: number): void {
    this.timer = null;
    const inFlight = this.launch(seq + 1);
    appStore.setState({
      animatedSeq: seq,
      inFlight,
      backlog: Math.max(0, bridge.trace.length - seq),
    });
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

export const player = new Player();
