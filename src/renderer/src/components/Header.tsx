// The title bar: version, which shell the window runs in, the case (recording, under review, or none), whether secrets
// persist, and the line to main.
import { useAppStore } from '../store/appStore';

export function Header() {
  const info = useAppStore((s) => s.info);
  const link = useAppStore((s) => s.link);
  const liveCase = useAppStore((s) => s.liveCase?.meta.name ?? null);
  const reviewed = useAppStore((s) => (s.review ? (s.review.summary?.meta.name ?? '…') : null));
  const mode = info?.mode;
  return (
    <header className="app-header">
      <span className="app-name">FlowPivot</span>
      {info && <span className="muted small">v{info.version}</span>}
      {mode && (
        <span className={`mode-badge mode-${mode}`} data-testid="mode-badge" title={mode === 'electron' ? 'Desktop app' : 'Served to this browser tab from 127.0.0.1'}>
          {mode === 'electron' ? 'Electron' : 'Browser preview'}
        </span>
      )}
      {reviewed !== null ? (
        <span className="case-badge case-badge-review" data-testid="case-badge" title="This window shows a case read-only; nothing is collected or changed">
          Reviewing “{reviewed}” · read-only
        </span>
      ) : (
        info && (
          <span className={`case-badge ${liveCase ? 'case-badge-live' : 'case-badge-none'}`} data-testid="case-badge" title={liveCase ? 'Everything collected and killed is recorded in this case as it happens' : 'No case open: collections are not being kept'}>
            {liveCase ? `Case “${liveCase}” · recording` : 'No case'}
          </span>
        )
      )}
      {info && !info.secretsPersisted && (
        <span className="header-note" data-testid="secrets-note">
          Passwords are kept in memory for this session only.
        </span>
      )}
      <span className="toolbar-spacer" />
      {link.state !== 'open' && (
        <span className="link-state" role="status" data-testid="link-state">
          {link.state === 'connecting' ? (
            <>
              <span className="spinner" aria-hidden="true" /> Connecting to FlowPivot…
            </>
          ) : (
            link.reason
          )}
        </span>
      )}
    </header>
  );
}
