/** The export controls' words. */
export const EXPORT_TEXT = {
  mermaid: 'Export Mermaid',
  mermaidHint: 'The messages of the selected (or last) command as a Mermaid sequence diagram',
  png: 'Export PNG',
  pngHint: 'Download the architecture diagram as a PNG image',
  dialogTitle: (command: string) => `Mermaid sequence diagram: ${command}`,
  levelNote: {
    overview: 'Overview: one arrow per step.',
    full: 'Under the hood: one arrow per message.',
  },
  textLabel: 'Mermaid text',
  noCommand: 'Run a command first: its messages become the diagram.',
  copy: 'Copy',
  copied: 'Copied',
  close: 'Close',
  pngFailed: 'The diagram could not be turned into an image.',
} as const;
