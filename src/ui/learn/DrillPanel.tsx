import { DRILLS, roleOf } from './content';
import { useAppStore } from '../store';
import { answerDrill, currentQuestion, drillById, startDrill, stopDrill } from './drillControl';
import { RichText } from '../chrome/RichText';
import { ReplaceButton } from './ReplaceButton';

/** The last answer: right or wrong, where the message really goes, and why. */
function Feedback() {
  const run = useAppStore((s) => s.drill);
  const last = run?.answers[run.answers.length - 1];
  const question = last ? run?.questions.find((q) => q.seq === last.seq) : undefined;
  return (
    <div className="drill-feedback" data-testid="drill-feedback" aria-live="polite">
      {last && question && (
        <>
          <p className="drill-feedback__verdict" data-correct={last.correct ? 'true' : 'false'}>
            {last.correct
              ? `Right: ${question.role} receives it.`
              : // A diagram click gives a component id (`shim-ad7c…`): the learner thinks in roles.
                `Not quite: you picked ${roleOf(last.picked)}; it goes to ${question.role}.`}
          </p>
          <p>
            <code>{question.operation}</code>
          </p>
          <p>
            <RichText text={question.explanation} />
          </p>
        </>
      )}
    </div>
  );
}

/** The finished box appears under the last feedback, often below the fold at 1280×720: bring it up. */
function scrollIntoViewOnMount(el: HTMLElement | null): void {
  el?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

function DrillRunView() {
  const run = useAppStore((s) => s.drill)!;
  const drill = drillById(run.id);
  const question = currentQuestion(run);
  const correct = run.answers.filter((a) => a.correct).length;
  if (!drill) return null;
  return (
    <div className="drill">
      <div className="lesson__top">
        <button type="button" className="text-button" onClick={stopDrill}>
          ← All drills
        </button>
        <button type="button" className="text-button" onClick={() => void startDrill(run.id)}>
          Start over
        </button>
      </div>
      <h3 className="lesson__title">
        <RichText text={drill.title} />
      </h3>
      <p>
        <RichText text={drill.prompt} />
      </p>
      <p className="drill-score" data-testid="drill-score" role="status">
        Score: {correct} / {run.answers.length}
        {run.questions.length > 0 &&
          ` · question ${Math.min(run.index + 1, run.questions.length)} of ${run.questions.length}`}
      </p>
      {run.phase === 'preparing' && <p>Preparing the host…</p>}
      {run.phase === 'watching' && question && <p className="drill-wait">Watch the diagram…</p>}
      {run.phase === 'asking' && question && (
        <div
          className="drill-question"
          data-testid="drill-question"
          data-from={roleOf(question.from)}
          data-seq={question.seq}
        >
          <p>
            The next message comes from <strong>{roleOf(question.from)}</strong>. Who receives it?
            Click the component in the diagram, or choose:
          </p>
          <div className="drill-choices" role="group" aria-label="Who receives the next message?">
            {question.choices.map((choice) => (
              <button
                key={choice}
                type="button"
                className="drill-choice"
                data-testid="drill-choice"
                data-choice={choice}
                onClick={() => answerDrill(choice)}
              >
                {choice}
              </button>
            ))}
          </div>
        </div>
      )}
      <Feedback />
      {run.phase === 'done' && (
        <div className="step-done" role="status" ref={scrollIntoViewOnMount}>
          <p className="step-done__title">
            Drill finished: {correct} of {run.questions.length} right
            {run.questions.length > 0 &&
              ` (${Math.round((correct / run.questions.length) * 100)}%)`}
            .
          </p>
          <button type="button" className="learn-primary" onClick={() => void startDrill(run.id)}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}

/** Interview drills: predict where each message of a command goes. */
export function DrillPanel() {
  const run = useAppStore((s) => s.drill);
  if (run) return <DrillRunView />;
  return (
    <div>
      <p className="learn-note">
        Each drill starts on a fresh host and runs one command. Before every message, say who
        receives it.
      </p>
      <ol className="learn-list" aria-label="Drills">
        {DRILLS.map((d) => (
          <li key={d.id} className="learn-list__item">
            <ReplaceButton
              className="learn-list__button"
              testId="drill-start"
              dataId={{ 'data-drill': d.id }}
              onGo={() => void startDrill(d.id)}
            >
              <span className="learn-list__title">
                <RichText text={d.title} />
              </span>
              <span className="learn-list__meta">
                {d.level === 'full' ? 'under the hood' : 'overview'}
              </span>
            </ReplaceButton>
            <p className="learn-list__summary">
              <RichText text={d.prompt} />
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
