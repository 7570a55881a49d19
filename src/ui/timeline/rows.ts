import type { Message } from '../../sim/engine';
import type { TimelineFilter } from '../store/playbackSlice';
import type { OverviewStep } from '../../sim/trace/overview';

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
  | { kind: 'message'; seq: number }
  /** At the Overview level: one overview step, from its first message (`seq`) to `last`. */
  | { kind: 'step'; seq: number; last: number; index: number };

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
  commandIdOf?: CommandIdOf,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const group = grouper(rows, commandLine);
  if (commandIdOf && !isFiltered(filter)) {
    for (let seq = 1; seq <= trace.length; seq++) {
      group(commandIdOf(seq), seq);
      rows.push({ kind: 'message', seq });
    }
    return rows;
  }
  for (const m of trace) {
    if (!matches(m, filter)) continue;
    group(m.commandId, m.seq);
    rows.push({ kind: 'message', seq: m.seq });
  }
  return rows;
}

/**
 * The command behind message `seq` of the trace (`trace[seq - 1]`), read without making the
 * `Message` (the page's trace is packed and makes one on every read): the rows of a session
 * of a hundred commands were rebuilt at each of the engine's answers, a Message per row.
 */
export type CommandIdOf = (seq: number) => number | undefined;

const isFiltered = (filter: TimelineFilter) =>
  filter.component !== null || filter.protocol !== null;

/** Adds a command's header before message `seq` when the command behind the messages changes. */
function grouper(
  rows: TimelineRow[],
  commandLine: (commandId: number) => string | undefined,
): (commandId: number | undefined, seq: number) => void {
  const seenCommands = new Set<number | undefined>();
  let current: number | undefined | null = null;
  return (commandId, seq) => {
    if (commandId === current) return;
    current = commandId;
    rows.push({
      kind: 'group',
      commandId,
      label:
        commandId === undefined
          ? 'The host on its own (no command)'
          : (commandLine(commandId) ?? `command ${commandId}`),
      continued: commandId !== undefined && seenCommands.has(commandId),
      seq,
    });
    seenCommands.add(commandId);
  };
}

/**
 * The timeline's rows at the Overview level: one per overview step (titled
 * from the operation catalogue), under the command its first message
 * belongs to, instead of one per internal message. A step is listed when any
 * of its messages passes the filters.
 */
export function buildStepRows(
  trace: readonly Message[],
  steps: readonly OverviewStep[],
  commandLine: (commandId: number) => string | undefined,
  filter: TimelineFilter,
  commandIdOf?: CommandIdOf,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const group = grouper(rows, commandLine);
  const filtered = isFiltered(filter);
  const fast = commandIdOf !== undefined && !filtered;
  for (const step of steps) {
    if (step.first < 1 || step.first > trace.length) continue;
    if (fast) {
      group(commandIdOf(step.first), step.first);
      rows.push({ kind: 'step', seq: step.first, last: step.last, index: step.index });
      continue;
    }
    const lead = trace[step.first - 1];
    if (!lead) continue;
    if (filtered) {
      let any = false;
      for (let seq = step.first; seq <= step.last && !any; seq++) {
        const m = trace[seq - 1];
        any = m !== undefined && matches(m, filter);
      }
      if (!any) continue;
    }
    group(lead.commandId, lead.seq);
    rows.push({ kind: 'step', seq: step.first, last: step.last, index: step.index });
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

/**
 * The row of message `seq` (its own, or its overview step's), or of the nearest one before it
 * that is listed; -1 if none.
 */
export function rowIndexOf(rows: readonly TimelineRow[], seq: number): number {
  const n = rowsUpTo(rows, seq);
  for (let i = n - 1; i >= 0; i--) if (rows[i]!.kind !== 'group') return i;
  return -1;
}

/** Simulated time as the timeline prints it: seconds with milliseconds. */
export function formatTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/**
 * Where to scroll so that a row (`start`–`end`, offsets in the list) is in view, as
 * `scrollIntoView({ block: 'nearest' })` would: null when it already is. Works from numbers
 * the virtual list already holds (its rows' offsets, the scroller's size and offset as last
 * observed), so keeping the current row in view reads nothing from the page's layout.
 */
export function scrollToShow(
  row: { start: number; end: number },
  view: { offset: number; height: number },
  total: number,
): number | null {
  if (view.height <= 0) return null;
  let target: number;
  if (row.start < view.offset) target = row.start;
  else if (row.end > view.offset + view.height) target = row.end - view.height;
  else return null;
  target = Math.max(0, Math.min(target, total - view.height));
  return target === view.offset ? null : target;
}
