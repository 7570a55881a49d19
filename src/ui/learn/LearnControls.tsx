import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore } from '../store';
import { MODES, type LearnMode } from '../persist/schema';
import { hasWork, resetHost } from '../persist/session';
import { exportSession, importSessionFile, sessionLink } from '../share/actions';
import { stopDrill } from './drillControl';
import { CopyField } from './CopyField';

const MODE_NAMES: Record<LearnMode, string> = {
  sandbox: 'Sandbox',
  lessons: 'Lessons',
  drills: 'Drills',
  questions: 'Questions',
};

function ModeSwitch() {
  const mode = useAppStore((s) => s.learnMode);
  const setMode = useAppStore((s) => s.setLearnMode);
  const choose = (next: LearnMode) => {
    if (next !== 'drills') stopDrill();
    setMode(next);
  };
  return (
    <div className="mode-switch" role="group" aria-label="Mode">
      {MODES.map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          data-testid={`mode-${m}`}
          onClick={() => choose(m)}
        >
          {MODE_NAMES[m]}
        </button>
      ))}
    </div>
  );
}

/**
 * Reset, asking first when there is something to lose. The question opens
 * under the button, over the page, so the header keeps its width (inline,
 * it pushed the theme toggle off a 1280 px screen).
 */
function ResetButton() {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const reset = () => {
    setAsking(false);
    void resetHost();
  };
  return (
    <div className="share-menu">
      <button
        type="button"
        className="text-button"
        data-testid="reset"
        aria-expanded={asking}
        onClick={() => (asking ? setAsking(false) : hasWork() ? setAsking(true) : reset())}
      >
        Reset
      </button>
      {asking && (
        <div
          className="share-menu__popover reset-confirm"
          role="alertdialog"
          aria-labelledby={questionId}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setAsking(false);
            }
          }}
        >
          <p id={questionId}>Lose this host and its commands?</p>
          <div className="share-menu__row">
            <button
              ref={confirm}
              type="button"
              className="text-button"
              onClick={reset}
              data-testid="reset-confirm"
            >
              Reset
            </button>
            <button type="button" className="text-button" onClick={() => setAsking(false)}>
              Keep
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** Share this session as a link, or save it to / load it from a file. */
function ShareMenu() {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<{ ok: boolean; text: string } | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const r = sessionLink();
    setLink(r.ok ? { ok: true, text: r.value } : { ok: false, text: r.reason });
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onDown = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [open]);
  return (
    <div className="share-menu" ref={box}>
      <button
        type="button"
        className="text-button"
        aria-expanded={open}
        data-testid="share"
        onClick={() => setOpen(!open)}
      >
        Share
      </button>
      {open && (
        <div className="share-menu__popover" role="group" aria-label="Share and save">
          {link?.ok ? (
            <CopyField label="Link that replays this session's commands" value={link.text} />
          ) : (
            <p className="learn-note">{link?.text}</p>
          )}
          <div className="share-menu__row">
            <button
              type="button"
              className="text-button"
              onClick={exportSession}
              data-testid="export"
            >
              Export session…
            </button>
            <button
              type="button"
              className="text-button"
              onClick={() => file.current?.click()}
              data-testid="import"
            >
              Import session…
            </button>
            <input
              ref={file}
              type="file"
              accept="application/json,.json"
              className="sr-only"
              tabIndex={-1}
              aria-label="Session file to import"
              data-testid="import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) {
                  setOpen(false);
                  void importSessionFile(f);
                }
              }}
            />
          </div>
        </div>
      )}
    </div>
  );
}

export function PresenterToggle() {
  const on = useAppStore((s) => s.presenter);
  const toggle = useAppStore((s) => s.togglePresenter);
  return (
    <button
      type="button"
      className="text-button"
      aria-pressed={on}
      data-testid="presenter-toggle"
      onClick={toggle}
      title="Presenter mode: large type, diagram first (key P)"
    >
      Present
    </button>
  );
}

/** The header's learning controls: mode, reset, share, presenter mode. */
export function LearnControls() {
  return (
    <div className="learn-controls">
      <ModeSwitch />
      <ResetButton />
      <ShareMenu />
      <PresenterToggle />
    </div>
  );
}
