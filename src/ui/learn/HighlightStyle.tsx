import { useAppStore } from '../store';

/** Only ids as our data spells them reach the style sheet. */
const SAFE_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The components a question points at, outlined in the diagram. React Flow
 * marks every node with `data-id`, so a rule per id does it without the
 * diagram knowing about questions; `shim` and `container` stand for all of
 * their kind.
 */
export function HighlightStyle() {
  const ids = useAppStore((s) => s.highlight);
  const selectors = ids
    .filter((id) => SAFE_ID.test(id))
    .flatMap((id) =>
      id === 'shim' || id === 'container'
        ? [`.react-flow__node[data-id^="${id}-"]`]
        : [`.react-flow__node[data-id="${id}"]`],
    );
  if (selectors.length === 0) return null;
  return (
    <style data-testid="highlight-style">{`${selectors.join(',\n')} {
  outline: 3px solid var(--highlight, #d4a000);
  outline-offset: 3px;
  border-radius: 10px;
  animation: learn-highlight 1.6s ease-in-out 3;
}`}</style>
  );
}
