import { useId, useState } from 'react';
import type { QuestionTopic } from '../../lessons';
import { QUESTIONS } from './content';
import { showQuestion } from './questionControl';
import { RichText } from '../chrome/RichText';
import { ReplaceButton } from './ReplaceButton';

/** Topic names as a learner reads them. */
const TOPICS: Record<QuestionTopic, string> = {
  'client-daemon': 'Client and daemon',
  'rest-api': 'The REST API',
  registry: 'Registries',
  objects: 'Images and containers',
  'containerd-runc': 'containerd and runc',
  kernel: 'Namespaces and cgroups',
  lifecycle: 'Container lifecycle',
  networking: 'Ports and networking',
  logs: 'Logs',
  kubernetes: 'Kubernetes',
};

/** The question bank: pick a topic, open a question, and let the simulation show the answer. */
export function QuestionPanel() {
  const [topic, setTopic] = useState<QuestionTopic | 'all'>('all');
  const [open, setOpen] = useState<string | null>(null);
  const selectId = useId();
  const topics = [...new Set(QUESTIONS.map((q) => q.topic))];
  const shown = QUESTIONS.filter((q) => topic === 'all' || q.topic === topic);
  return (
    <div>
      <label htmlFor={selectId} className="learn-field">
        Topic{' '}
        <select
          id={selectId}
          value={topic}
          onChange={(e) => setTopic(e.target.value as QuestionTopic | 'all')}
        >
          <option value="all">All topics ({QUESTIONS.length})</option>
          {topics.map((t) => (
            <option key={t} value={t}>
              {TOPICS[t] ?? t}
            </option>
          ))}
        </select>
      </label>
      <ul className="learn-list" data-testid="question-list" aria-label="Questions">
        {shown.map((q) => {
          const expanded = open === q.id;
          return (
            <li key={q.id} className="learn-list__item" data-testid="question" data-question={q.id}>
              <button
                type="button"
                className="learn-list__button"
                aria-expanded={expanded}
                onClick={() => setOpen(expanded ? null : q.id)}
              >
                <span className="learn-list__title">
                  <RichText text={q.question} />
                </span>
                <span className="learn-list__meta">{TOPICS[q.topic] ?? q.topic}</span>
              </button>
              {expanded && (
                <div className="question__answer">
                  <p>
                    <RichText text={q.answer} />
                  </p>
                  <ReplaceButton
                    className="learn-primary"
                    testId="show-me"
                    onGo={() => void showQuestion(q.id)}
                  >
                    Show me
                  </ReplaceButton>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
