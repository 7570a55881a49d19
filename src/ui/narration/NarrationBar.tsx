import { memo, useMemo } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { ProtocolPill } from '../chrome/ProtocolPill';
import { RichText } from '../chrome/RichText';
import { narrate, narrateStep } from './narrate';
import { overviewStepAt } from './overviewSteps';

/**
 * The current message in words: who talks to whom, over what, what it says
 * (the engine's summary) and why it happens (the narration table). At the
 * overview level it narrates the step the current message belongs to
 * instead (a collapsed run of calls inside the host reads as one sentence).
 * Between commands it keeps the last message, so it can be read at leisure.
 */
export const NarrationBar = memo(function NarrationBar() {
  const seq = useAppStore((s) => s.inFlight?.seq ?? s.animatedSeq);
  const level = useAppStore((s) => s.detailLevel);
  const narration = useMemo(() => {
    const m = seq > 0 ? bridge.message(seq) : undefined;
    if (!m) return null;
    if (level === 'overview') {
      const step = overviewStepAt(seq);
      const lead = step && bridge.message(step.first);
      if (step && lead) return narrateStep(step, lead);
    }
    return narrate(m);
  }, [seq, level]);
  return (
    <div
      className="narration"
      data-testid="narration"
      data-level={level}
      data-seq={narration?.seq}
      aria-live="polite"
      aria-atomic="true"
    >
      {narration ? (
        <>
          <div className="narration__head">
            <span className="narration__seq">#{narration.seq}</span>
            <ProtocolPill protocol={narration.protocol} />
            <span className="narration__kind">{narration.kind}</span>
            <span className="narration__route">{narration.route}</span>
            <code className="narration__operation" title={narration.operation}>
              {narration.operation}
              {narration.status !== undefined && (
                <span className="narration__status"> → {narration.status}</span>
              )}
            </code>
          </div>
          <p className="narration__summary">
            <RichText text={narration.summary} />
          </p>
          {narration.why && (
            <p className="narration__why">
              Why: <RichText text={narration.why} />
            </p>
          )}
        </>
      ) : (
        <>
          <p className="narration__summary">Type a docker command in the terminal.</p>
          <p className="narration__idle">
            Every message it causes travels across the diagram, and is explained here: who sends it,
            over which protocol, and why.
          </p>
        </>
      )}
    </div>
  );
});
