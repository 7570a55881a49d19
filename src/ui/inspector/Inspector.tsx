import { useAppStore } from '../store';

/** The selected message in full (filled in by the inspector work; placeholder until then). */
export function Inspector() {
  const seq = useAppStore((s) => s.animatedSeq);
  return (
    <section className="inspector" data-testid="inspector" aria-label="Message inspector">
      <p>Message {seq}</p>
    </section>
  );
}
