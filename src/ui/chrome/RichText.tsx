import { Fragment } from 'react';

/**
 * Texts written as data (lessons, questions, narration) mark commands and paths with backticks. They are
 * shown as code; everything stays text (React escapes it), nothing in the
 * data is ever read as HTML.
 */
export function RichText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && i < parts.length - 1 ? (
          <code key={i}>{part}</code>
        ) : (
          <Fragment key={i}>{i % 2 === 1 ? `\`${part}` : part}</Fragment>
        ),
      )}
    </>
  );
}
