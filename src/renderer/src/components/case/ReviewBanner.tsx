// Over the grids of a window reviewing a case: that it is a read-only review needing no network, and the integrity
// the case was found in when it was opened (or last verified).
import { useAppStore } from '../../store/appStore';
import { readOnlyReason } from '../../store/readOnly';
import { IntegrityStatus } from './IntegrityStatus';

export function ReviewBanner() {
  const review = useAppStore((s) => s.review);
  const reason = useAppStore(readOnlyReason);
  if (!review || reason === null) return null;
  return (
    <section className={`review-banner ${review.summary && !review.summary.verify.ok ? 'review-banner-failed' : ''}`} aria-label="Read-only review" data-testid="review-banner" data-state={review.state}>
      <p className="review-banner-text" role="status">
        <strong>{reason}.</strong>
      </p>
      {review.state === 'loading' && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Reading the case…
        </p>
      )}
      {review.message && <p className="danger-text">{review.message}</p>}
      {review.summary && <IntegrityStatus verify={review.summary.verify} />}
    </section>
  );
}
