import { useAppStore } from '../store';

/** One line under the terminal: what the shell is doing and which keys apply now. */
export function TerminalStatus() {
  const mode = useAppStore((s) => s.mode);
  const typeAhead = useAppStore((s) => s.typeAhead);
  const backlog = useAppStore((s) => s.backlog);
  let text: string;
  if (mode === 'attached') text = 'Attached to the container: Ctrl-C stops it.';
  else if (mode === 'running')
    text = `Replaying ${backlog} message${backlog === 1 ? '' : 's'}… Esc skips to the end.`;
  else text = 'Ready. Tab completes, ↑/↓ recall, Ctrl-L clears.';
  return (
    <div className="terminal-status" data-testid="terminal-status" data-mode={mode}>
      <span>{text}</span>
      {typeAhead && (
        <span
          className="terminal-status__queued"
          title="Typed while busy: runs when the prompt comes back"
        >
          queued: <kbd>{typeAhead.length > 60 ? `${typeAhead.slice(0, 59)}…` : typeAhead}</kbd>
        </span>
      )}
    </div>
  );
}
