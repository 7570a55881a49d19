import { useState, type ReactNode } from 'react';
import { hasWork } from '../persist/session';

/**
 * A button that replaces the host (start a lesson, a drill, a "Show me").
 * When the learner has run commands on the current host, it first asks,
 * inline: the work would be gone (export keeps it).
 */
export function ReplaceButton(props: {
  onGo: () => void;
  className: string;
  children: ReactNode;
  testId?: string;
  dataId?: Record<string, string>;
}) {
  const [asking, setAsking] = useState(false);
  const go = () => {
    setAsking(false);
    props.onGo();
  };
  return (
    <>
      <button
        type="button"
        className={props.className}
        data-testid={props.testId}
        {...props.dataId}
        onClick={() => (hasWork() && !asking ? setAsking(true) : go())}
      >
        {props.children}
      </button>
      {asking && (
        <p className="learn-confirm" role="alert">
          This replaces the current host and the commands run on it.{' '}
          <button type="button" className="text-button" onClick={go} data-testid="replace-confirm">
            Go ahead
          </button>{' '}
          <button type="button" className="text-button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </p>
      )}
    </>
  );
}
