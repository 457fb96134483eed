// The case in the sidebar: the live case recording this window's work (name, counts, that it is saved as it happens,
// its integrity) or that none is, or the case this window reviews; and what to do with it: new, open, verify, import,
// the audit log, the report, close.
import type { ReactNode } from 'react';
import { useAppStore, useActions } from '../../store/appStore';
import type { CaseSummary } from '../../../../shared/case/caseModel';
import { safeFileName, saveTextFile } from '../saveFile';
import { CaseCounts } from './CaseCounts';
import { IntegrityStatus } from './IntegrityStatus';

function useExportReport(): () => Promise<void> {
  const { caseReport } = useActions();
  return async () => {
    const report = await caseReport();
    if (report) saveTextFile(`${safeFileName(report.name)}.html`, report.html, 'text/html');
  };
}

/** What every shown case offers: check it again, read its audit log, save its report. */
function CaseActions({ summary, children }: { summary: CaseSummary; children?: ReactNode }) {
  const busy = useAppStore((s) => s.caseBusy);
  const { verifyCase, openCaseDialog } = useActions();
  const exportReport = useExportReport();
  return (
    <div className="router-actions case-actions">
      <button type="button" data-testid="case-verify" disabled={busy !== null} onClick={() => void verifyCase()} title="Check every evidence hash and the audit chain again">
        {busy === 'verify' && <span className="spinner" aria-hidden="true" />}
        Verify
      </button>
      <button type="button" data-testid="case-audit" onClick={() => openCaseDialog('case-log')} title="The audit log, notes and findings of the case">
        Audit log
      </button>
      <button type="button" data-testid="case-report" disabled={busy !== null} onClick={() => void exportReport()} title={`Save the case as one HTML page (no scripts): ${summary.meta.name}.html`}>
        {busy === 'report' && <span className="spinner" aria-hidden="true" />}
        Export report
      </button>
      {children}
    </div>
  );
}

function ShownCase({ summary, recording }: { summary: CaseSummary; recording: boolean }) {
  return (
    <>
      <div className="router-head">
        <span className={`status-dot ${recording ? 'state-connected' : 'state-disconnected'}`} aria-hidden="true" />
        <span className="router-name" data-testid="case-name" title={summary.path}>
          {summary.meta.name}
        </span>
        <span className="tag">{recording ? 'recording' : 'read-only'}</span>
      </div>
      <div className="router-address muted" title={summary.path}>
        {summary.path}
      </div>
      <CaseCounts counts={summary.counts} />
      {recording && (
        <p className="case-saved" data-testid="case-saved">
          Saved: every change is committed as it happens
        </p>
      )}
      <IntegrityStatus verify={summary.verify} />
    </>
  );
}

function ReviewSection() {
  const review = useAppStore((s) => s.review)!;
  const busy = useAppStore((s) => s.caseBusy);
  const { closeCase } = useActions();
  const close = async () => {
    await closeCase();
    // A window opened for the review can close itself; any other shows that the review is closed.
    window.close();
  };
  return (
    <>
      {review.state === 'loading' && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Reading the case…
        </p>
      )}
      {review.message && (
        <p className="form-error" role="alert" data-testid="case-review-problem">
          {review.message}
        </p>
      )}
      {review.summary && <ShownCase summary={review.summary} recording={false} />}
      {review.summary && review.state === 'ready' && (
        <CaseActions summary={review.summary}>
          <button type="button" className="link-button" data-testid="case-close" disabled={busy !== null} onClick={() => void close()} title="Close the case and this window">
            Close review
          </button>
        </CaseActions>
      )}
    </>
  );
}

function ReviewWindowLink() {
  const reviewWindow = useAppStore((s) => s.reviewWindow);
  const electron = useAppStore((s) => s.info?.mode === 'electron');
  if (!reviewWindow) return null;
  return (
    <p className={reviewWindow.blocked && !electron ? 'warning-box small' : 'hint'} data-testid="case-review-window">
      {reviewWindow.blocked && !electron ? 'The browser blocked the review window: ' : `“${reviewWindow.name}” opened for review in its own window. `}
      <a href={reviewWindow.url} target="_blank" rel="opener" data-testid="case-review-link">
        Open the review of “{reviewWindow.name}”
      </a>
    </p>
  );
}

function LiveSection() {
  const liveCase = useAppStore((s) => s.liveCase);
  const busy = useAppStore((s) => s.caseBusy);
  const { openCaseDialog, closeCase } = useActions();
  return (
    <>
      {liveCase ? (
        <>
          <ShownCase summary={liveCase} recording />
          <CaseActions summary={liveCase}>
            <button type="button" data-testid="case-import" onClick={() => openCaseDialog('case-import')} title="Add saved outputs (flow caches, netstat, tcpvcon, PsList, Velociraptor, osquery…) to the case">
              Import files…
            </button>
            <button type="button" className="link-button" data-testid="case-close" disabled={busy !== null} onClick={() => void closeCase()} title="Close the case: what is collected from now on is no longer kept">
              Close
            </button>
          </CaseActions>
        </>
      ) : (
        <p className="case-none" data-testid="case-none">
          No case open — collections are not being kept
        </p>
      )}
      <div className="button-row">
        <button type="button" className={liveCase ? undefined : 'primary'} data-testid="case-new" onClick={() => openCaseDialog('case-new')}>
          New case…
        </button>
        <button type="button" data-testid="case-open" onClick={() => openCaseDialog('case-open')} title="Open a case file to go on recording into it, or to review it read-only; recent cases are listed there">
          Open case…
        </button>
      </div>
      <ReviewWindowLink />
    </>
  );
}

export function CasePanel() {
  const reviewing = useAppStore((s) => s.review !== null);
  return (
    <section className="sidebar-section case-panel" aria-labelledby="case-heading" data-testid="case-panel" data-mode={reviewing ? 'review' : 'live'}>
      <div className="section-head">
        <h2 id="case-heading">{reviewing ? 'Case under review' : 'Case'}</h2>
      </div>
      {reviewing ? <ReviewSection /> : <LiveSection />}
    </section>
  );
}
