import { memo, useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { bridge } from '../bridge';
import { player } from '../playback/player';
import { useAppStore } from '../store';
import { PROTOCOLS, PROTOCOL_ORDER } from '../protocols';
import { ProtocolPill } from '../chrome/ProtocolPill';
import { ROLE_ORDER } from '../../sim/core/components';
import { nodeIdOf } from '../diagram/nodeIds';
import { overviewEnd, shortOperation } from '../narration/narrate';
import type { Protocol } from '../../sim/core/types';
import {
  buildRows,
  buildStepRows,
  formatTime,
  rowIndexOf,
  rowsUpTo,
  scrollToShow,
  type TimelineRow,
} from './rows';
import { detailLevelOf } from '../playback/levels';
import { overviewIndex } from '../narration/overviewSteps';

const ROW_H = 26;
const GROUP_H = 30;
/** Presenter mode: rows grow with their (larger) text, see presenter.css. */
const PRESENTER_SCALE = 1.45;
/** Components a learner can filter on; `shim` stands for every container's shim. */
const COMPONENT_CHOICES = ROLE_ORDER.filter((r) => r !== 'container');

/** `container-88ad7c16b3dc` → `container-88ad` (`node-2/…` too): the row is narrow; the inspector has the full ID. */
const shortComponent = (id: string) =>
  id.replace(/^((?:[^/]+\/)?(?:shim|container))-([0-9a-f]{4})[0-9a-f]{8}$/, '$1-$2');

function MessageRow({
  seq,
  current,
  selected,
}: {
  seq: number;
  current: boolean;
  selected: boolean;
}) {
  const m = bridge.message(seq);
  if (!m) return null;
  // Another host's components by machine (`node-2/dockerd`), as the diagram names them.
  const from = nodeIdOf(m.fromHost, m.from);
  const to = nodeIdOf(m.toHost, m.to);
  return (
    <button
      type="button"
      className="timeline__item"
      data-testid="timeline-item"
      data-seq={seq}
      data-current={current || undefined}
      aria-current={current ? 'step' : undefined}
      aria-pressed={selected}
      onClick={() => player.select(seq)}
      title={m.summary}
    >
      <span className="timeline__seq">{seq}</span>
      {/* Narrow columns cut these off: the full text is one hover away. */}
      <span className="timeline__route" title={`${from} → ${to}`}>
        {shortComponent(from)} → {shortComponent(to)}
      </span>
      <ProtocolPill protocol={m.protocol} bare className="timeline__protocol" />
      <span className="timeline__operation" title={m.operation}>
        {shortOperation(m.operation, 48)}
      </span>
      <span className="timeline__status">{m.status === undefined ? '' : String(m.status)}</span>
      <span className="timeline__time">{formatTime(m.time)}</span>
    </button>
  );
}

/** A collapsed step's end as the overview draws it: what it does not draw is the host (its internals). */

const INSIDE = 'Docker host internals';

/** One overview step: its title from the operation catalogue, and how many messages it stands for. */
function StepRow({
  row,
  current,
  selected,
}: {
  row: Extract<TimelineRow, { kind: 'step' }>;
  current: boolean;
  selected: boolean;
}) {
  const step = overviewIndex().steps[row.index];
  const lead = bridge.message(row.seq);
  if (!step || !lead) return null;
  const count = step.last - step.first + 1;
  const route = `${overviewEnd(step.from, lead, 'host')} → ${overviewEnd(step.to, lead, 'host')}`;
  return (
    <button
      type="button"
      className="timeline__item timeline__item--step"
      data-testid="timeline-step"
      data-seq={row.seq}
      data-current={current || undefined}
      aria-current={current ? 'step' : undefined}
      aria-pressed={selected}
      onClick={() => player.select(step.first)}
      title={step.title}
    >
      <span className="timeline__seq">{step.index + 1}</span>
      <span
        className="timeline__route"
        title={`${overviewEnd(step.from, lead, INSIDE)} → ${overviewEnd(step.to, lead, INSIDE)}`}
      >
        {route}
      </span>
      <ProtocolPill protocol={lead.protocol} bare className="timeline__protocol" />
      <span className="timeline__operation" title={step.title}>
        {step.title}
      </span>
      <span className="timeline__status" title={`${count} message${count === 1 ? '' : 's'}`}>
        {count === 1 ? '' : `×${count}`}
      </span>
      <span className="timeline__time">{formatTime(lead.time)}</span>
    </button>
  );
}

function GroupRow({ row }: { row: Extract<TimelineRow, { kind: 'group' }> }) {
  return (
    <div className="timeline__group" data-testid="timeline-group">
      {row.commandId === undefined ? (
        <span className="timeline__background">{row.label}</span>
      ) : (
        <>
          <span className="timeline__prompt" aria-hidden="true">
            $
          </span>
          <code className="timeline__command">{row.label}</code>
          {row.continued && <span className="timeline__continued">(continued)</span>}
        </>
      )}
    </div>
  );
}

function Filters() {
  const filter = useAppStore((s) => s.timelineFilter);
  const setFilter = useAppStore((s) => s.setTimelineFilter);
  return (
    <div className="timeline__filters">
      <select
        value={filter.component ?? ''}
        onChange={(e) => setFilter({ component: e.target.value || null })}
        aria-label="Show messages of one component"
        data-testid="timeline-component"
      >
        <option value="">All components</option>
        {COMPONENT_CHOICES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <select
        value={filter.protocol ?? ''}
        onChange={(e) => setFilter({ protocol: (e.target.value || null) as Protocol | null })}
        aria-label="Show messages of one protocol"
        data-testid="timeline-protocol"
      >
        <option value="">All protocols</option>
        {PROTOCOL_ORDER.map((p) => (
          <option key={p} value={p}>
            {PROTOCOLS[p].label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Every message of the session, grouped under the command that caused it.
 * Only the rows in view are in the DOM (a virtual list), so a session of a
 * hundred thousand messages scrolls as smoothly as one of ten. The row at
 * the cursor is marked and kept in view; a click jumps there.
 */
/** A daemon that has run for long keeps only its newest messages: say that older ones are gone. */
function DroppedNotice() {
  const { count, keeps } = bridge.dropped;
  if (count === 0) return null;
  return (
    <span
      className="timeline__count timeline__dropped"
      data-testid="timeline-dropped"
      title={`npm run daemon keeps about the newest ${keeps?.toLocaleString('en') ?? ''} messages (--keep N). This page numbers messages from the oldest the daemon still had when it opened; rewind goes back that far.`}
    >
      · {count.toLocaleString('en')} older messages dropped
    </span>
  );
}

export const Timeline = memo(function Timeline() {
  const snapshot = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot);
  const filter = useAppStore((s) => s.timelineFilter);
  const cursor = useAppStore((s) => s.inFlight?.seq ?? s.animatedSeq);
  const selected = useAppStore((s) => s.selectedSeq);
  const hideFuture = useAppStore((s) => s.hideFuture);
  const scale = useAppStore((s) => (s.presenter ? PRESENTER_SCALE : 1));
  // At the Overview level the list is the overview's steps, not every message inside the host.
  const overview = useAppStore((s) => detailLevelOf(s) === 'overview');
  const allRows = useMemo(
    () =>
      overview
        ? buildStepRows(
            bridge.trace,
            overviewIndex().steps,
            (id) => bridge.result(id)?.command,
            filter,
            bridge.commandIdOf,
          )
        : buildRows(bridge.trace, (id) => bridge.result(id)?.command, filter, bridge.commandIdOf),
    // The snapshot changes whenever the trace grows or the host is replaced.
    [snapshot, filter, overview], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const count = hideFuture ? rowsUpTo(allRows, cursor) : allRows.length;
  const scroller = useRef<HTMLDivElement>(null);
  const estimateSize = useCallback(
    (i: number) => Math.round((allRows[i]?.kind === 'group' ? GROUP_H : ROW_H) * scale),
    [allRows, scale],
  );
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan: 12,
    // A scroll re-renders the rows with React's other updates, not in a commit of its own
    // forced at once (flushSync): the overscan covers the frame in between.
    useFlushSync: false,
  });
  // Row sizes are cached by the virtualiser: a new size (presenter mode) needs a re-measure.
  useEffect(() => virtualizer.measure(), [scale, virtualizer]);
  const currentIndex = rowIndexOf(allRows, cursor);
  const atStart = cursor === 0;
  // Keep the current row in view: once per frame at most, from the offsets and sizes the
  // virtualiser already holds. Its scrollToIndex read the scroller's scrollHeight right after
  // each hop's React commit, forcing a layout of the whole page (the biggest item per hop with
  // 100 containers drawn, issue 12), and re-checked it on the frames after.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const frame = requestAnimationFrame(() => {
      const view = {
        offset: virtualizer.scrollOffset ?? 0,
        height: virtualizer.scrollRect?.height ?? 0,
      };
      const row =
        currentIndex >= 0 && currentIndex < count
          ? virtualizer.measurementsCache[currentIndex]
          : undefined;
      // Before the first message (Home): the top of the list, its first command.
      const target = row
        ? scrollToShow(row, view, virtualizer.getTotalSize())
        : atStart && view.offset > 0
          ? 0
          : null;
      if (target !== null) el.scrollTop = target;
    });
    return () => cancelAnimationFrame(frame);
  }, [currentIndex, count, atStart, virtualizer]);
  const currentSeq = currentIndex >= 0 ? allRows[currentIndex]!.seq : -1;
  /** A step is current while the cursor is anywhere inside it. */
  const currentRow = currentIndex >= 0 ? allRows[currentIndex] : undefined;
  const stepCount = overview ? allRows.filter((r) => r.kind === 'step').length : 0;
  return (
    <section className="timeline" aria-label="Timeline of messages" data-testid="timeline">
      <div className="timeline__head">
        <h2 className="timeline__title">Timeline</h2>
        <span className="timeline__count" data-testid="timeline-count">
          {/* A drill hides what comes next, its length included. */}
          {hideFuture
            ? `${rowsUpTo(allRows, cursor)} shown`
            : `${count === allRows.length ? '' : `${rowsUpTo(allRows, cursor)} shown · `}${overview ? `${stepCount} steps · ` : ''}${snapshot.traceLength} messages`}
        </span>
        <DroppedNotice />
        <Filters />
      </div>
      <div ref={scroller} className="timeline__scroller" data-testid="timeline-scroller">
        {count === 0 ? (
          <p className="timeline__empty">
            {snapshot.traceLength === 0
              ? 'Messages appear here, under the command that sent them.'
              : filter.component === null && filter.protocol === null
                ? // Nothing filtered out: the list is empty because nothing has been shown yet (a drill).
                  'Messages appear here as they are shown.'
                : 'No message matches these filters.'}
          </p>
        ) : (
          <div
            role="list"
            aria-label="Messages"
            className="timeline__list"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const row = allRows[item.index]!;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  className="timeline__row"
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                >
                  {row.kind === 'group' ? (
                    <GroupRow row={row} />
                  ) : row.kind === 'step' ? (
                    <StepRow
                      row={row}
                      current={row === currentRow && cursor <= row.last}
                      selected={selected !== null && selected >= row.seq && selected <= row.last}
                    />
                  ) : (
                    <MessageRow
                      seq={row.seq}
                      current={row.seq === currentSeq}
                      selected={row.seq === selected}
                    />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
});
