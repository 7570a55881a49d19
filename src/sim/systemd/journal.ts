/**
 * The journal: what systemd-journald collected from each unit's stdout and
 * stderr (dockerd's and containerd's log lines) and systemd's own lines about
 * the unit. It is a sink the daemons write to as they would to stderr, not a
 * component's state: no request reads or changes anything through it.
 */
import type { UnitName } from './units';

export interface JournalEntry {
  /** Simulated ms. */
  time: number;
  unit: UnitName;
  /** SYSLOG_IDENTIFIER: `systemd`, `dockerd`, `containerd`. */
  ident: string;
  /** The writer's PID (1 for systemd's own lines). */
  pid: number;
  text: string;
}

export class Journal {
  readonly entries: JournalEntry[] = [];

  write(entry: JournalEntry): void {
    this.entries.push(entry);
  }

  of(unit: UnitName): JournalEntry[] {
    return this.entries.filter((e) => e.unit === unit);
  }
}

/** A value as logrus's text formatter writes it: bare when it is a plain word, else Go-quoted. */
function logfmtValue(v: string): string {
  return /^[A-Za-z0-9\-._/@^+]+$/.test(v) ? v : JSON.stringify(v);
}

/** Go's RFC3339NanoFixed in UTC (moby's log timestamp format): always nine fraction digits. */
export function rfc3339NanoFixed(wallMs: number): string {
  const iso = new Date(wallMs).toISOString(); // 2026-01-15T09:00:00.123Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

/**
 * One line as dockerd's logger (logrus, text format) prints it:
 * `time="…" level=info msg="Starting up"`, then the fields in key order.
 */
export function logrusLine(
  wallMs: number,
  level: 'debug' | 'info' | 'warning' | 'error',
  msg: string,
  fields: Record<string, string> = {},
): string {
  const rest = Object.keys(fields)
    .sort()
    .map((k) => ` ${k}=${logfmtValue(fields[k]!)}`)
    .join('');
  return `time="${rfc3339NanoFixed(wallMs)}" level=${level} msg=${JSON.stringify(msg)}${rest}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** journalctl's default (`short`) output: `Jan 15 09:00:00 docker-host dockerd[1043]: …`. */
export function shortLine(e: JournalEntry, epoch: number, hostname: string): string {
  const d = new Date(epoch + Math.floor(e.time));
  const day = String(d.getUTCDate()).padStart(2, '0');
  const time = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]} ${day} ${time} ${hostname} ${e.ident}[${e.pid}]: ${e.text}`;
}
