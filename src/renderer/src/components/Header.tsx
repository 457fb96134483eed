// The title bar: version, which shell the window runs in, whether secrets persist, and the line to main.
import { useAppStore } from '../store/appStore';

export function Header() {
  const info = useAppStore((s) => s.info);
  const link = useAppStore((s) => s.link);
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
