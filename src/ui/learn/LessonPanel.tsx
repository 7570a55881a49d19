import { useState } from 'react';
import type { Lesson } from '../../lessons';
import { describeGoal, LESSONS, lessonById } from './content';
import { useAppStore } from '../store';
import { ReplaceButton } from './ReplaceButton';
import { lessonLink } from '../share/actions';
import { nextStep, revealHint, revealSolution, startLesson } from './lessonControl';
import { RichText } from '../chrome/RichText';
import { runInTerminal } from './runInTerminal';
import { CopyField } from './CopyField';

/** The lessons, each with how far the learner got. */
function LessonList() {
  const completed = useAppStore((s) => s.completed);
  return (
    <ol className="learn-list" aria-label="Lessons">
      {LESSONS.map((lesson) => {
        const done = completed[lesson.id]?.length ?? 0;
        const total = lesson.steps.length;
        return (
          <li key={lesson.id} className="learn-list__item">
            <ReplaceButton
              className="learn-list__button"
              onGo={() => void startLesson(lesson.id)}
              testId="lesson-start"
              dataId={{ 'data-lesson': lesson.id }}
            >
              <span className="learn-list__title">
                <RichText text={lesson.title} />
              </span>
              <span className="learn-list__meta">
                {done >= total ? 'done' : done > 0 ? `${done}/${total} steps` : `${total} steps`}
              </span>
            </ReplaceButton>
            <p className="learn-list__summary">
              <RichText text={lesson.summary} />
            </p>
          </li>
        );
      })}
    </ol>
  );
}

function StepView({ lesson }: { lesson: Lesson }) {
  const place = useAppStore((s) => s.lesson)!;
  const completed = useAppStore((s) => s.completed[lesson.id]);
  const mode = useAppStore((s) => s.mode);
  const setLesson = useAppStore((s) => s.setLesson);
  const [showLink, setShowLink] = useState(false);
  const step = lesson.steps[place.step]!;
  const done = completed?.includes(step.id) ?? false;
  const last = place.step + 1 >= lesson.steps.length;
  const index = LESSONS.findIndex((l) => l.id === lesson.id);
  const following = LESSONS[index + 1];
  return (
    <div className="lesson">
      <div className="lesson__top">
        <button type="button" className="text-button" onClick={() => setLesson(null)}>
          ← All lessons
        </button>
        <button
          type="button"
          className="text-button"
          aria-expanded={showLink}
          onClick={() => setShowLink(!showLink)}
        >
          Link to this step
        </button>
      </div>
      {showLink && <CopyField label="Link to this lesson step" value={lessonLink() ?? ''} />}
      <h3 className="lesson__title">
        <RichText text={lesson.title} />
      </h3>
      <p className="learn-note" data-testid="lesson-start-note">
        The host was reset for this lesson
        {lesson.setup.length + place.step > 0
          ? ': the terminal shows the commands that prepared it.'
          : ' and has nothing on it yet.'}
      </p>
      {place.step === 0 && (
        <p className="lesson__intro">
          <RichText text={lesson.intro} />
        </p>
      )}
      <ol className="lesson__steps" aria-label="Steps">
        {lesson.steps.map((s, i) => {
          const isDone = completed?.includes(s.id) ?? false;
          const state = i === place.step ? 'current' : isDone ? 'done' : 'todo';
          return (
            <li key={s.id} className="lesson__dot" data-state={state}>
              <span className="sr-only">
                Step {i + 1}: {isDone ? 'done' : i === place.step ? 'current' : 'not done'}
              </span>
              <span aria-hidden="true">{isDone ? '✓' : i + 1}</span>
            </li>
          );
        })}
      </ol>
      <div
        className="lesson-step"
        data-testid="lesson-step"
        data-step={step.id}
        data-done={done ? 'true' : 'false'}
      >
        <h4>
          Step {place.step + 1} of {lesson.steps.length}
        </h4>
        <p className="lesson-step__task">
          <RichText text={step.task} />
        </p>
        {step.commands.length > 0 && (
          <div className="lesson-step__commands">
            {step.commands.map((c) => (
              <button
                key={c}
                type="button"
                className="lesson-command"
                data-testid="lesson-command"
                onClick={() => runInTerminal(c)}
                aria-label={`Run ${c} in the terminal`}
                title="Types this command into the terminal and runs it"
              >
                <span aria-hidden="true">▶ </span>
                <code>{c}</code>
              </button>
            ))}
          </div>
        )}
        <p className="lesson-step__goal">
          <strong>Goal:</strong> {describeGoal(step.goal)}
          {mode === 'running' && !done && (
            <span className="lesson-step__wait"> (checked when the replay ends)</span>
          )}
        </p>
        {done ? (
          <div className="step-done" data-testid="step-done" role="status">
            <p className="step-done__title">
              <span aria-hidden="true">✓ </span>Step done
            </p>
            <p>
              <RichText text={step.explain} />
            </p>
            {!last ? (
              <button type="button" className="learn-primary" onClick={nextStep}>
                Next step
              </button>
            ) : following ? (
              <>
                <p>You finished this lesson.</p>
                <button
                  type="button"
                  className="learn-primary"
                  onClick={() => void startLesson(following.id)}
                >
                  Next lesson: <RichText text={following.title} />
                </button>
              </>
            ) : (
              <p>You finished the last lesson. Try the drills next.</p>
            )}
          </div>
        ) : (
          <div className="lesson-step__help">
            {step.hints.slice(0, place.hints).map((h, i) => (
              <p key={i} className="hint" data-testid="hint">
                <strong>Hint {i + 1}:</strong> <RichText text={h} />
              </p>
            ))}
            <div className="lesson-step__buttons">
              {place.hints < step.hints.length && (
                <button type="button" className="text-button" onClick={revealHint}>
                  {place.hints === 0 ? 'Show a hint' : 'Another hint'} ({place.hints + 1} of{' '}
                  {step.hints.length})
                </button>
              )}
              {!place.solution && (
                <button type="button" className="text-button" onClick={revealSolution}>
                  Show the solution
                </button>
              )}
            </div>
            {place.solution && (
              <div className="solution" data-testid="solution">
                <strong>Solution:</strong>
                {step.solution.map((c, i) => (
                  <button
                    key={i}
                    type="button"
                    className="lesson-command"
                    onClick={() => runInTerminal(c)}
                    aria-label={`Run ${c} in the terminal`}
                  >
                    <span aria-hidden="true">▶ </span>
                    <code>{c}</code>
                  </button>
                ))}
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/** Lessons: a list to start from, then one step at a time with its goal checked against the host. */
export function LessonPanel() {
  const place = useAppStore((s) => s.lesson);
  const lesson = place ? lessonById(place.id) : undefined;
  return lesson ? <StepView lesson={lesson} /> : <LessonList />;
}
