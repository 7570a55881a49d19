/**
 * RFC 3339 with nanoseconds, as the Engine API prints times: simulated time
 * `simTime` (ms since boot) on a machine booted at `epoch` (ms since 1970).
 */
export function isoTimeOf(epoch: number, simTime: number): string {
  const ms = epoch + simTime;
  const base = new Date(Math.floor(ms)).toISOString().slice(0, 19);
  const nanos = Math.round((ms - Math.floor(ms)) * 1e6) + (Math.floor(ms) % 1000) * 1e6;
  return `${base}.${String(nanos).padStart(9, '0')}Z`;
}
