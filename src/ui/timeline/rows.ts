import type { Message } from '../../sim/engine';
import type { TimelineFilter } from '../store/playbackSlice';

/** A row of the timeline: a command's header, or one message under it. */
export type TimelineRow =
  | {
      kind: 'group';
      /** The command, or undefined for what the host did on its own. */
      commandId: number | undefined;
      label: string;
      /** The command's messages resumed after others (an attached container's output). */
      continued: boolean;
      /** The seq of the first message under this header. */
      seq: number;
    }
  | { kind: 'message'; seq: number };

/** `shim-88ad7c16b3dc` → `shim`: filters name a kind of component. */
export const familyOf = (id: string): string => id.replace(/-[0-9a-f]{12}$/, '');

export function matches(m: Message, filter: TimelineFilter): boolean {
  if (filter.protocol && m.protocol !== filter.protocol) return false;
  if (filter.component) {
    const c = filter.component;
    if (familyOf(m.from) !== c && familyOf(m.to) !== c && m.from !== c && m.to !== c) return false;
  }
  return true;
}

/**
 * The timeline's rows, in trace order: a header each time the command behind
 * the messages changes, so what a command caused sits under its command line
 * and what happens later on its own (a container exiting, an attached
 * container's output) gets a header of its own. Filters drop messages, and
 * headers left with nothing under them.
 */
export function buildRows(
  trace: readonly Message[],
  commandLine: (commandId: number) => string | undefined,
  filter: TimelineFilter,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const seenCommands = new Set<number | undefined>();
  let current: number | undefined | null = null;
  for (const m of trace) {
    if (!matches(m, filter)) continue;
    if (m.commandId !== current) {
      current = m.commandId;
      rows.push({
        kind: 'group',
        commandId: m.commandId,
        label:
          m.commandId === undefined
            ? 'The host on its own (no command)'
            : (commandLine(m.commandId) ?? `command ${m.commandId}`),
        continued: m.commandId !== undefined && seenCommands.has(m.commandId),
        seq: m.seq,
      });
      seenCommands.add(m.commandId);
    }
    rows.push({ kind: 'message', seq: m.seq });
  }
  return rows;
}

/** How many rows come at or before message `seq` (rows are in seq order). */
export function rowsUpTo(rows: readonly TimelineRow[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The row of message `seq`, or of the nearest message before it that is listed; -1 if none. */
export function rowIndexOf(rows: readonly TimelineRow[], seq: number): number {
  const n = rowsUpTo(rows, seq);
  for (let i = n - 1; i >= 0; i--) if (rows[i]!.kind === 'message') return i;
  return -1;
}

/** Simulated time as the timeline prints it: seconds with milliseconds. */
export function formatTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
