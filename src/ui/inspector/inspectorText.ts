/** The inspector's own words (labels, not explanations: those are in the narration tables). */
export const INSPECTOR_TEXT = {
  label: 'Message inspector',
  empty: 'Run a command, then pick a message in the timeline to read everything it carries.',
  why: 'Why this happens:',
  pair: { request: 'Show the request', response: 'Show the response' },
  expand: (lines: number) => `Show all ${lines} lines`,
  collapse: 'Show less',
  copy: 'Copy',
  copied: 'Copied',
  from: (source: string) => `From ${source}.`,
  inStep: (title: string, first: number, last: number) =>
    `In the overview, part of one step: “${title}” (messages #${first}–#${last}).`,
} as const;
