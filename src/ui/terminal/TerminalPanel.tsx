import { memo, useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { bridge } from '../bridge';
import { useAppStore, appStore } from '../store';
import { ShellSession } from './shellSession';
import { clipboardKeyHandler } from './clipboardKeys';
import { XTERM_THEMES } from './xtermTheme';
import { TerminalStatus } from './TerminalStatus';
import { pageStarted, takeTypeAhead } from '../../boot/typeAhead';

/** Terminal type size: larger in presenter mode, for the back of a classroom. */
const FONT_SIZE = { normal: 13, presenter: 18 };

const FONT =
  "ui-monospace, 'JetBrains Mono', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

/** Creates the xterm instance and its shell session once; the page theme is applied as it changes. */
function useTerminal(host: React.RefObject<HTMLDivElement | null>) {
  const termRef = useRef<Terminal | null>(null);
  const refitRef = useRef<() => void>(() => {});
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      fontFamily: FONT,
      fontSize: appStore.getState().presenter ? FONT_SIZE.presenter : FONT_SIZE.normal,
      lineHeight: 1.2,
      // Steady: xterm's DOM renderer blinks the cursor with an endless CSS animation of its
      // colours, which the compositor cannot run, so the page restyled and committed a frame
      // at 60 Hz for as long as the terminal had focus (about 1.5 ms each on the bench's machine).
      cursorBlink: false,
      scrollback: 5000,
      screenReaderMode: true,
      theme: XTERM_THEMES[appStore.getState().theme],
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    term.attachCustomKeyEventHandler(clipboardKeyHandler(term));
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    refit();
    refitRef.current = refit;
    bridge.configure({ columns: term.cols });
    const session = new ShellSession({
      get cols() {
        return term.cols;
      },
      cursorX: () => term.buffer.active.cursorX,
      write: (d) => term.write(d),
      clear: () => term.clear(),
    });
    const stop = session.start();
    const data = term.onData((d) => session.input(d));
    const observer = new ResizeObserver(refit);
    observer.observe(el);
    term.focus();
    termRef.current = term;
    let live = true;
    // The first paint's shell gives way once the prompt is here, and its keys go on from it:
    // after xterm has parsed what was written (the prompt, a restored session) and drawn it.
    void Promise.all([bridge.ready().catch(() => {}), pageStarted])
      .then(() => new Promise<void>((parsed) => term.write('', parsed)))
      .then(() => new Promise((drawn) => requestAnimationFrame(drawn)))
      .then(() => {
        if (!live) return;
        const keys = takeTypeAhead();
        term.focus();
        if (keys) session.input(keys);
      });
    return () => {
      live = false;
      observer.disconnect();
      data.dispose();
      stop();
      term.dispose();
      termRef.current = null;
    };
  }, [host]);
  const theme = useAppStore((s) => s.theme);
  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = XTERM_THEMES[theme];
  }, [theme]);
  const presenter = useAppStore((s) => s.presenter);
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.fontSize = presenter ? FONT_SIZE.presenter : FONT_SIZE.normal;
    refitRef.current();
  }, [presenter]);
}

/** The terminal where the learner types docker commands. */
export const TerminalPanel = memo(function TerminalPanel() {
  const host = useRef<HTMLDivElement>(null);
  useTerminal(host);
  return (
    <section aria-label="Terminal" className="terminal-panel">
      <div ref={host} data-testid="terminal" className="terminal-host" />
      <TerminalStatus />
    </section>
  );
});
