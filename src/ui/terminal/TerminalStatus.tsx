import { useAppStore } from '../store';
import { drillActive } from '../store/learnSlice';
import { attachedStatus } from './attachedStatus';

/** One line under the terminal: what the shell is doing and which keys apply now. */
export function TerminalStatus() {
  const mode = useAppStore((s) => s.mode);
  const typeAhead = useAppStore((s) => s.typeAhead);
  const backlog = useAppStore((s) => s.backlog);
  const drill = useAppStore(drillActive);
  const ctrlC = useAppStore((s) => s.ctrlC);
  let text: string;
  if (drill) text = 'Drill in progress: the terminal waits until the last answer.';
  else if (mode === 'attached') text = attachedStatus(ctrlC);
  else if (mode === 'running')
    // Shorter when keys are queued, so both halves fit on one line.
    text = `Replaying ${backlog} message${backlog === 1 ? '' : 's'}… Esc ${typeAhead ? 'skips' : 'skips to the end'}.`;
  else text = 'Ready. Tab completes, ↑/↓ recall, Ctrl-L clears.';
  return (
    <div
      className="terminal-status"
      data-testid="terminal-status"
      data-mode={mode}
      data-drill={drill}
    >
      <span className="terminal-status__text">{text}</span>
      {typeAhead && !drill && (
        <span
          className="terminal-status__queued"
          title={`Typed while busy: runs when the prompt comes back: ${typeAhead}`}
        >
          queued: <kbd>{typeAhead}</kbd>
        </span>
      )}
    </div>
  );
}
