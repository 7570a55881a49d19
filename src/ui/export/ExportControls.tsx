import { memo, useCallback, useId, useRef, useState } from 'react';
import { useAppStore } from '../store';
import { drillActive } from '../store/learnSlice';
import { EXPORT_TEXT } from './exportText';
import { exportCommandId, mermaidForCommand } from './exportMermaid';
import { inlineEdgeStrokes, parseTranslate, pngFrame, type NodeRect } from './pngFrame';
import '../inspector/inspector.css';

/**
 * Export: the selected (or last) command as Mermaid text in a dialog with a
 * copy button, and the diagram as a PNG file.
 */
export const ExportControls = memo(function ExportControls() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [content, setContent] = useState<{ command: string; text: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [pngError, setPngError] = useState(false);
  const titleId = useId();
  const textId = useId();

  const openMermaid = useCallback(() => {
    const { selectedSeq, detailLevel } = useAppStore.getState();
    const id = exportCommandId(selectedSeq ?? null);
    setContent(id === undefined ? null : mermaidForCommand(id, detailLevel));
    setCopied(false);
    dialog.current?.showModal();
  }, []);

  const copy = useCallback(() => {
    if (!content) return;
    void navigator.clipboard
      ?.writeText(content.text)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  }, [content]);

  const level = useAppStore((s) => s.detailLevel);
  const drillRunning = useAppStore(drillActive);

  return (
    <div className="export-controls">
      <button
        type="button"
        className="text-button"
        data-testid="export-mermaid"
        // During a drill the sequence would give the answers away (the flag is the drill's, R1).
        disabled={drillRunning}
        title={
          drillRunning ? 'Not during a drill: it would show the answers.' : EXPORT_TEXT.mermaidHint
        }
        onClick={openMermaid}
      >
        {EXPORT_TEXT.mermaid}
      </button>
      <button
        type="button"
        className="text-button"
        data-testid="export-png"
        title={EXPORT_TEXT.pngHint}
        onClick={() => {
          setPngError(false);
          void downloadPng().catch(() => setPngError(true));
        }}
      >
        {EXPORT_TEXT.png}
      </button>
      {pngError && (
        <span role="alert" className="export-controls__error">
          {EXPORT_TEXT.pngFailed}
        </span>
      )}
      <dialog
        ref={dialog}
        className="export-dialog"
        aria-labelledby={titleId}
        data-testid="mermaid-dialog"
      >
        <h2 id={titleId} className="export-dialog__title">
          {content ? EXPORT_TEXT.dialogTitle(content.command) : EXPORT_TEXT.mermaid}
        </h2>
        {content ? (
          <>
            <p className="export-dialog__note">{EXPORT_TEXT.levelNote[level]}</p>
            <label htmlFor={textId} className="export-dialog__label">
              {EXPORT_TEXT.textLabel}
            </label>
            <textarea
              id={textId}
              className="export-dialog__text"
              data-testid="mermaid-text"
              readOnly
              value={content.text}
              rows={18}
              spellCheck={false}
            />
          </>
        ) : (
          <p>{EXPORT_TEXT.noCommand}</p>
        )}
        <div className="export-dialog__actions">
          {content && (
            <button type="button" className="text-button" onClick={copy}>
              {copied ? EXPORT_TEXT.copied : EXPORT_TEXT.copy}
            </button>
          )}
          <button type="button" className="text-button" onClick={() => dialog.current?.close()}>
            {EXPORT_TEXT.close}
          </button>
        </div>
      </dialog>
    </div>
  );
});

/**
 * The diagram as a PNG, as React Flow's "download image" example does it:
 * render the viewport element with a transform that fits every node, then
 * let html-to-image draw it. html-to-image is loaded only when asked for.
 */
async function downloadPng(): Promise<void> {
  const viewport = document.querySelector<HTMLElement>(
    '[data-testid="diagram"] .react-flow__viewport',
  );
  if (!viewport) throw new Error('no diagram');
  const rects: NodeRect[] = [];
  for (const node of viewport.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const at = parseTranslate(node.style.transform);
    if (at) rects.push({ ...at, width: node.offsetWidth, height: node.offsetHeight });
  }
  const frame = pngFrame(rects);
  const { toPng } = await import('html-to-image');
  const background = getComputedStyle(document.body).backgroundColor;
  const restore = inlineEdgeStrokes(
    viewport.querySelectorAll<SVGPathElement>('.react-flow__edge-path'),
    (el) => getComputedStyle(el as SVGPathElement),
  );
  let url: string;
  try {
    url = await toPng(viewport, {
      backgroundColor: background,
      width: frame.width,
      height: frame.height,
      style: { width: `${frame.width}px`, height: `${frame.height}px`, transform: frame.transform },
    });
  } finally {
    restore();
  }
  const a = document.createElement('a');
  a.download = 'dockscope-diagram.png';
  a.href = url;
  a.click();
}
