import { bridge } from '../bridge';
import { player } from './player';

const TICK_MS = 500;
/** Never let more than this much simulated time pass in one step (a tab left in the background). */
const MAX_STEP_MS = 2000;

/**
 * Lets simulated time follow real time between commands, so a `sleep 5`
 * container exits after five seconds and its exit is animated. Time stands
 * still while a replay is running: the learner is watching the past.
 */
export function startSimClock(): () => void {
  let last = performance.now();
  const id = setInterval(() => {
    const now = performance.now();
    if (!bridge.started || !player.idle) {
      last = now;
      return;
    }
    bridge.advance(Math.min(MAX_STEP_MS, now - last));
    last = now;
  }, TICK_MS);
  return () => clearInterval(id);
}
