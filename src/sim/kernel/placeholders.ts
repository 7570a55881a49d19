import type { LayerContent } from '../image/layerContent';
import type { ProcessContext } from './processContext';
import { addressOf } from './netTools';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * Fill the placeholders of a catalog log line ({time}, {redisTime}, {ip}, …)
 * from the simulated clock and the container, so logs carry real-looking,
 * deterministic values.
 */
export function fillPlaceholders(
  ctx: ProcessContext,
  image: LayerContent,
  text: string,
  worker: number,
): string {
  if (!text.includes('{')) return text;
  const now = ctx.host.wallClock;
  const d = new Date(now);
  const Y = d.getUTCFullYear();
  const M = p2(d.getUTCMonth() + 1);
  const D = p2(d.getUTCDate());
  const hms = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  const arm = image.platform.architecture === 'arm64';
  const values: Record<string, string> = {
    '{time}': `${Y}/${M}/${D} ${hms}`,
    '{apacheTime}': `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${D} ${hms}.${ms}000 ${Y}`,
    '{redisTime}': `${D} ${MONTHS[d.getUTCMonth()]} ${Y} ${hms}.${ms}`,
    '{pgTime}': `${Y}-${M}-${D} ${hms}.${ms} UTC`,
    '{pgTimeSec}': `${Y}-${M}-${D} ${hms} UTC`,
    '{epoch}': String(Math.floor(now / 1000)),
    '{pid}': '1',
    '{workerPid}': String(29 + worker),
    '{ip}': addressOf(ctx) || '172.17.0.2',
    '{kernel}': '6.8.0-60-generic',
    '{bashbrewArch}': arm ? 'arm64v8' : 'amd64',
    '{gnuTriplet}': arm ? 'aarch64-unknown-linux-gnu' : 'x86_64-pc-linux-gnu',
    '{hostname}': ctx.hostname,
    '{mysqlTime}': `${Y}-${M}-${D} ${hms}+00:00`,
    '{mysqldTime}': `${Y}-${M}-${D}T${hms}.${ms}000Z`,
    '{mongoTime}': `${Y}-${M}-${D}T${hms}.${ms}+00:00`,
    '{goTime}': `${Y}-${M}-${D}T${hms}${`.${ms}`.replace(/\.?0+$/, '')}Z`,
    '{isoSec}': `${Y}-${M}-${D}T${hms}Z`,
    '{instanceId}': uuidFrom(ctx.containerId),
    '{goArch}': arm ? 'arm64' : 'amd64',
    '{uname}': arm ? 'aarch64' : 'x86_64',
  };
  return text.replace(/\{\w+\}/g, (k) => values[k] ?? k);
}

/** A version-4 UUID made from the container ID: random-looking, the same on every run. */
function uuidFrom(hex: string): string {
  const h = hex.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
