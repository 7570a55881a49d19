import { useId } from 'react';
import { useAppStore } from '../store';
import type { LearnMode } from '../store/learnSlice';
import { LessonPanel } from './LessonPanel';
import { DrillPanel } from './DrillPanel';
import { QuestionPanel } from './QuestionPanel';
import { HighlightStyle } from './HighlightStyle';

const TITLES: Record<Exclude<LearnMode, 'sandbox'>, string> = {
  lessons: 'Lessons',
  drills: 'Interview drills',
  questions: 'Questions',
};

/**
 * The learning panel above the terminal, in the terminal's pane: lessons,
 * drills or questions, by mode. It folds to its title bar so the terminal
 * can have the whole pane; sandbox mode has no panel.
 */
export function LearnPanel() {
  const mode = useAppStore((s) => s.learnMode);
  const open = useAppStore((s) => s.learnPanelOpen);
  const setOpen = useAppStore((s) => s.setLearnPanelOpen);
  const bodyId = useId();
  if (mode === 'sandbox') return null;
  const title = TITLES[mode];
  return (
    <>
      <HighlightStyle />
      <section
        className="learn-panel"
        aria-label={title}
        data-testid={mode === 'lessons' ? 'lesson-panel' : `${mode}-panel`}
        data-open={open ? 'true' : 'false'}
      >
        <div className="learn-panel__bar">
          <h2 className="learn-panel__title">{title}</h2>
          <button
            type="button"
            className="text-button"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Show'}
            <span className="sr-only"> {title.toLowerCase()}</span>
          </button>
        </div>
        <div id={bodyId} className="learn-panel__body" hidden={!open}>
          {mode === 'lessons' && <LessonPanel />}
          {mode === 'drills' && (
            <div data-testid="drill-panel">
              <DrillPanel />
            </div>
          )}
          {mode === 'questions' && <QuestionPanel />}
        </div>
      </section>
    </>
  );
}
