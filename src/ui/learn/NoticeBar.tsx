import { useEffect, useId, useRef } from 'react';
import { useAppStore } from '../store';
import { replaceWithScenario } from '../share/actions';
import type { SharedScenario } from '../share/link';

/** What a link would do, in a few words. */
function describe(scenario: SharedScenario): string {
  if ('lesson' in scenario) return `a lesson (step ${scenario.step + 1})`;
  const n = scenario.commands.length + scenario.setup.length;
  return `${n} command${n === 1 ? '' : 's'} on a fresh host`;
}

/**
 * A shared link opened while this host has the learner's commands: it
 * would replace them, so the page asks first (as lessons and drills do).
 * Focus moves to the question so keyboard and screen reader users meet it.
 */
function LinkConfirm({ scenario }: { scenario: SharedScenario }) {
  const setLinkPrompt = useAppStore((s) => s.setLinkPrompt);
  const first = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  useEffect(() => first.current?.focus(), []);
  return (
    <div
      className="notice"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      data-testid="link-confirm"
      data-tone="info"
    >
      <p>
        <strong id={titleId}>Open the shared link?</strong>{' '}
        <span id={textId}>
          It replays {describe(scenario)} and replaces the host you are working on. Yours is put
          aside, and Undo brings it back.
        </span>
      </p>
      <button
        ref={first}
        type="button"
        className="text-button"
        data-testid="link-confirm-open"
        onClick={() => void replaceWithScenario(scenario)}
      >
        Open the link
      </button>
      <button
        type="button"
        className="text-button"
        data-testid="link-confirm-keep"
        onClick={() => setLinkPrompt(null)}
      >
        Keep my session
      </button>
    </div>
  );
}

/** One message for the learner under the header (a refused link, a storage reset); dismissible. */
export function NoticeBar() {
  const notice = useAppStore((s) => s.notice);
  const dismiss = useAppStore((s) => s.dismissNotice);
  const linkPrompt = useAppStore((s) => s.linkPrompt);
  return (
    <>
      {linkPrompt && <LinkConfirm scenario={linkPrompt} />}
      <div className="notice-slot" role={notice?.tone === 'error' ? 'alert' : 'status'}>
        {notice && (
          <div className="notice" data-testid="notice" data-tone={notice.tone} key={notice.id}>
            <p>{notice.text}</p>
            {notice.action && (
              <button
                type="button"
                className="text-button"
                data-testid="notice-action"
                onClick={() => {
                  const run = notice.action!.run;
                  dismiss();
                  run();
                }}
              >
                {notice.action.label}
              </button>
            )}
            <button type="button" className="text-button" onClick={dismiss}>
              Dismiss<span className="sr-only"> this message</span>
            </button>
          </div>
        )}
      </div>
    </>
  );
}
