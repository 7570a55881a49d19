import { memo, useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { ProtocolPill } from '../chrome/ProtocolPill';
import { RichText } from '../chrome/RichText';
import { sentenceCase } from '../../sim/trace/sentence';
import { whyOf } from '../narration/narrate';
import { inspect, type InspectorSection } from './inspect';
import { kindOf, roleOf } from '../../sim/core/components';
import { nodeIdOf } from '../diagram/nodeIds';
import { INSPECTOR_TEXT } from './inspectorText';
import { overviewStepAt } from '../narration/overviewSteps';
import './inspector.css';

/** Code longer than this many lines starts collapsed. */
const COLLAPSE_LINES = 14;

/**
 * The selected message in full: the message picked in the timeline, or else
 * the one on the move (or the last one landed). Shows only what the message
 * carries; the pair link jumps between a request and its answer.
 */
export const Inspector = memo(function Inspector() {
  const seq = useAppStore((s) => s.selectedSeq ?? s.inFlight?.seq ?? s.animatedSeq);
  const select = useAppStore((s) => s.setSelectedSeq);
  const level = useAppStore((s) => s.detailLevel);
  // Re-read when the trace grows: a request's answer may arrive later.
  const { traceLength } = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot);
  const view = useMemo(() => {
    const m = seq > 0 && seq <= traceLength ? bridge.message(seq) : undefined;
    if (!m) return null;
    // At the overview level, say which collapsed step this message is inside.
    const step = level === 'overview' ? overviewStepAt(m.seq) : undefined;
    return {
      m,
      v: inspect(m, bridge.trace),
      why: whyOf(m),
      step: step?.collapsed ? step : undefined,
    };
  }, [seq, traceLength, level]);

  if (!view) {
    return (
      <section className="inspector" data-testid="inspector" aria-label={INSPECTOR_TEXT.label}>
        <p className="inspector__empty">{INSPECTOR_TEXT.empty}</p>
      </section>
    );
  }
  const { m, v, why, step } = view;
  // One description per kind: node-2's dockerd answering local's client is still "dockerd".
  const ends = [...new Set([roleOf(m.from), roleOf(m.to)])];
  return (
    <section
      className="inspector"
      data-testid="inspector"
      data-seq={m.seq}
      aria-label={INSPECTOR_TEXT.label}
    >
      <header className="inspector__head">
        <span className="inspector__seq">#{m.seq}</span>
        <ProtocolPill protocol={m.protocol} />
        <span className="inspector__kind">{m.kind}</span>
        <span className="inspector__route">
          <a href={`#role-${roleOf(m.from)}`}>{nodeIdOf(m.fromHost, m.from)}</a> →{' '}
          <a href={`#role-${roleOf(m.to)}`}>{nodeIdOf(m.toHost, m.to)}</a>
        </span>
        <span className="inspector__time">{(m.time / 1000).toFixed(6)} s</span>
        <CopyButton text={JSON.stringify(m, null, 2)} />
      </header>
      <p className="inspector__headline">
        <code data-testid="inspector-operation">{v.headline}</code>
        {v.statusText && (
          <span className="inspector__status" data-testid="inspector-status">
            {' '}
            → {v.statusText}
          </span>
        )}
      </p>
      <p className="inspector__summary">
        <RichText text={sentenceCase(m.summary)} />
      </p>
      {step && (
        <p className="inspector__step" data-testid="inspector-step">
          <RichText text={INSPECTOR_TEXT.inStep(step.title, step.first, step.last)} />
        </p>
      )}
      {v.pair && (
        <p className="inspector__pair">
          <button type="button" className="text-button" onClick={() => select(v.pair!.seq)}>
            {INSPECTOR_TEXT.pair[v.pair.label]} #{v.pair.seq}
          </button>
        </p>
      )}
      {v.sections.map((s) => (
        <Section key={`${m.seq}:${s.id}`} section={s} />
      ))}
      {why && (
        <p className="inspector__why">
          <strong>{INSPECTOR_TEXT.why}</strong> <RichText text={why} />
        </p>
      )}
      <dl className="inspector__roles">
        {ends.map((role) => {
          const kind = kindOf(role);
          return kind ? (
            <div key={role} id={`role-${role}`} tabIndex={-1}>
              <dt>{kind.name}</dt>
              <dd>{kind.about}</dd>
            </div>
          ) : null;
        })}
      </dl>
    </section>
  );
});

function Section({ section }: { section: InspectorSection }) {
  const lines = section.code ? section.code.split('\n').length : 0;
  const [open, setOpen] = useState(lines <= COLLAPSE_LINES);
  const id = `inspector-${section.id}`;
  return (
    <section
      className="inspector__section"
      aria-labelledby={`${id}-title`}
      data-section={section.id}
    >
      <h3 id={`${id}-title`} className="inspector__section-title">
        {section.title}
        {section.code && lines > COLLAPSE_LINES && (
          <button
            type="button"
            className="text-button inspector__toggle"
            aria-expanded={open}
            aria-controls={`${id}-code`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? INSPECTOR_TEXT.collapse : INSPECTOR_TEXT.expand(lines)}
          </button>
        )}
        {section.code && <CopyButton text={section.code} />}
      </h3>
      {section.source && <p className="inspector__source">{INSPECTOR_TEXT.from(section.source)}</p>}
      {section.note && <p className="inspector__note">{section.note}</p>}
      {section.fields && (
        <dl className="inspector__fields">
          {section.fields.map((f) => (
            <div key={f.name}>
              <dt>{f.name}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {section.code && (
        <pre
          id={`${id}-code`}
          className="inspector__code"
          data-collapsed={!open}
          tabIndex={0}
          aria-label={section.title}
        >
          {open
            ? section.code
            : section.code.split('\n').slice(0, COLLAPSE_LINES).join('\n') + '\n…'}
        </pre>
      )}
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState(false);
  const copy = useCallback(() => {
    // Clipboard access can be refused (insecure page, permissions): say nothing broke.
    void navigator.clipboard
      ?.writeText(text)
      .then(() => setDone(true))
      .catch(() => setDone(false));
  }, [text]);
  return (
    <button
      type="button"
      className="text-button inspector__copy"
      onClick={copy}
      onBlur={() => setDone(false)}
    >
      {done ? INSPECTOR_TEXT.copied : INSPECTOR_TEXT.copy}
    </button>
  );
}
