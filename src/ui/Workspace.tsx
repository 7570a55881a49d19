import { useRef, type CSSProperties } from 'react';
import { useAppStore } from './store';
import { TerminalPanel } from './terminal/TerminalPanel';
import { NarrationBar } from './narration/NarrationBar';
import { Legend } from './chrome/Legend';
import { Splitter } from './chrome/Splitter';
import { useMediaQuery } from './chrome/useMediaQuery';
import { TraceDock } from './TraceDock';
import { focusRegion } from './playback/regions';
import { DiagramPanel, LearnPanel } from './lazy';

/** Below this width the terminal and the diagram are stacked instead of side by side. */
export const NARROW_QUERY = '(max-width: 899px)';

/** The two panels and the splitter between them. */
export function Workspace() {
  const narrow = useMediaQuery(NARROW_QUERY);
  const share = useAppStore((s) => s.terminalShare);
  const container = useRef<HTMLElement>(null);
  const terminalSize = { flexBasis: `${share * 100}%` } as CSSProperties;
  return (
    <main
      ref={container}
      className="workspace"
      data-layout={narrow ? 'stacked' : 'side-by-side'}
      data-testid="workspace"
    >
      {/* Tab in the terminal completes commands: this link (shown when focused) and F6 lead past it. */}
      <a
        href="#playback-controls"
        className="skip-link"
        data-testid="skip-to-playback"
        onClick={(e) => {
          // No hash change: the hash carries share links.
          e.preventDefault();
          focusRegion('transport');
        }}
      >
        Skip to playback controls (F6 cycles the page’s parts)
      </a>
      <div
        className="workspace__pane workspace__pane--terminal"
        style={terminalSize}
        data-testid="terminal-pane"
      >
        <LearnPanel />
        <TerminalPanel />
      </div>
      <Splitter orientation={narrow ? 'horizontal' : 'vertical'} container={container} />
      <div className="workspace__pane workspace__pane--diagram" data-testid="diagram-pane">
        {/* The slot keeps the narration's clamped height; on small screens the full
            text unfolds over the diagram on hover instead of shrinking it. */}
        <div className="narration-slot">
          <NarrationBar />
        </div>
        <div className="diagram-frame">
          <DiagramPanel />
        </div>
        <TraceDock />
        <Legend />
      </div>
    </main>
  );
}
