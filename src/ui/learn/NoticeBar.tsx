import { useAppStore } from '../store';

/** One message for the learner under the header (a refused link, a storage reset); dismissible. */
export function NoticeBar() {
  const notice = useAppStore((s) => s.notice);
  const dismiss = useAppStore((s) => s.dismissNotice);
  return (
    <div className="notice-slot" role={notice?.tone === 'error' ? 'alert' : 'status'}>
      {notice && (
        <div className="notice" data-testid="notice" data-tone={notice.tone} key={notice.id}>
          <p>{notice.text}</p>
          <button type="button" className="text-button" onClick={dismiss}>
            Dismiss<span className="sr-only"> this message</span>
          </button>
        </div>
      )}
    </div>
  );
}
