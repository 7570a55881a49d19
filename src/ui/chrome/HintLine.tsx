import { memo } from 'react';

export const EXAMPLES = [
  'docker run hello-world',
  'docker run -d -p 8080:80 --name web nginx',
  'docker ps',
  'docker stop web',
];

/** Commands to try, and the keys that matter. */
export const HintLine = memo(function HintLine() {
  return (
    <p className="hint-line">
      <span>
        Try: <code>{EXAMPLES[0]}</code>
      </span>
      <span className="hint-line__more">
        then <code>{EXAMPLES[1]}</code>, <code>{EXAMPLES[2]}</code>, <code>{EXAMPLES[3]}</code>
      </span>
      <span className="hint-line__keys">
        <kbd>Esc</kbd> skips the animation · <kbd>Ctrl</kbd>+<kbd>C</kbd> sends SIGINT to an
        attached container
      </span>
    </p>
  );
});
