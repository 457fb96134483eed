// Errors and notices as banners over the main area, each with the analyst's sentence and, where there is one, the fix.
import { useActions, useAppStore } from '../store/appStore';
import type { Notice } from '../store/uiSlice';

const remedyLabel: Record<NonNullable<Notice['remedy']>['type'], string> = {
  'enable-legacy': 'Enable legacy algorithms for this router',
  'edit-router': 'Edit router',
};

export function NoticeBanners() {
  const notices = useAppStore((s) => s.notices);
  const { dismissNotice, applyRemedy } = useActions();
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.level}`}
          role={notice.level === 'error' ? 'alert' : 'status'}
          data-testid={notice.level === 'error' ? 'error-banner' : 'notice-banner'}
          data-error-kind={notice.errorKind ?? undefined}
        >
          <span className="notice-icon" aria-hidden="true">
            {notice.level === 'error' ? '!' : 'i'}
          </span>
          <span className="notice-message">{notice.message}</span>
          {notice.remedy && (
            <button type="button" className="primary" data-testid={`remedy-${notice.remedy.type}`} onClick={() => void applyRemedy(notice.id)}>
              {remedyLabel[notice.remedy.type]}
            </button>
          )}
          <button type="button" className="icon-button" onClick={() => dismissNotice(notice.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
