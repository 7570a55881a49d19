/**
 * RFC 3339 with nanoseconds, as the Engine API prints times (Go's RFC3339Nano): simulated time
 * `simTime` (ms since boot) on a machine booted at `epoch` (ms since 1970).
 */
export function isoTimeOf(epoch: number, simTime: number): string {
  const ms = epoch + simTime;
  const base = new Date(Math.floor(ms)).toISOString().slice(0, 19);
  const nanos = Math.round((ms - Math.floor(ms)) * 1e6) + (Math.floor(ms) % 1000) * 1e6;
  // Go's RFC3339Nano (`.999999999`): the fraction loses its trailing zeros, and a whole
  // second has none.
  const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${base}${fraction ? `.${fraction}` : ''}Z`;
}
