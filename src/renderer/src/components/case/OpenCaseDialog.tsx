// Opening a case file by its path (there is no file dialog in the browser preview) or from the recent cases: to go on
// recording into it here, or to review it read-only in its own window, with no network needed.
import { useId, useState, type FormEvent } from 'react';
import { useActions, useAppStore } from '../../store/appStore';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';
import { formatDateTime } from '../format';

type Mode = 'live' | 'review';

export function OpenCaseDialog() {
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const recent = useAppStore((s) => s.recentCases);
  const electron = useAppStore((s) => s.info?.mode === 'electron');
  const { openCase, closeDialog, noteReviewWindow } = useActions();
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<Mode>('review');
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() === '') return;
    const opened = await openCase(path.trim(), mode);
    if (!opened) return;
    // Electron opens the window itself (window.open answers null there); a browser may block it.
    const opener = window.open(opened.url, '_blank');
    noteReviewWindow({ ...opened, blocked: opener === null && !electron });
  };

  return (
    <Modal title="Open case" onClose={closeDialog} testId="case-open-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-path`}>Case file</label>
          <input id={`${id}-path`} data-testid="case-open-path" autoFocus spellCheck={false} autoComplete="off" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/case.flowpivot" />
        </div>
        <fieldset className="case-open-mode">
          <legend className="muted small">Open it to</legend>
          <label className="inline-check">
            <input type="radio" name={`${id}-mode`} data-testid="case-open-mode-review" checked={mode === 'review'} onChange={() => setMode('review')} />
            review it read-only, in a new window (no network needed)
          </label>
          <label className="inline-check">
            <input type="radio" name={`${id}-mode`} data-testid="case-open-mode-live" checked={mode === 'live'} onChange={() => setMode('live')} />
            go on recording into it here (it becomes the live case)
          </label>
        </fieldset>
        <h3 className="case-recent-heading">Recent cases</h3>
        {recent === null ? (
          <p className="muted">
            <span className="spinner" aria-hidden="true" /> Reading the list…
          </p>
        ) : recent.length === 0 ? (
          <p className="muted">No case opened yet.</p>
        ) : (
          <ul className="case-recent" data-testid="case-recent">
            {recent.map((entry) => (
              <li key={entry.path}>
                <button
                  type="button"
                  className={`case-recent-item ${entry.path === path.trim() ? 'is-chosen' : ''}`}
                  data-testid="recent-case"
                  data-path={entry.path}
                  data-exists={entry.exists}
                  aria-pressed={entry.path === path.trim()}
                  disabled={!entry.exists}
                  title={entry.exists ? `Open ${entry.path}` : `${entry.path} is no longer there (moved, deleted, or on a detached drive)`}
                  onClick={() => setPath(entry.path)}
                >
                  <span className="case-recent-name">{entry.name}</span>
                  {!entry.exists && <span className="tag tag-missing">missing</span>}
                  <span className="muted small">opened {formatDateTime(entry.openedAt)}</span>
                  <code className="case-recent-path">{entry.path}</code>
                </button>
              </li>
            ))}
          </ul>
        )}
        <DialogError error={error} />
        <DialogButtons onCancel={closeDialog}>
          <BusyButton type="submit" className="primary" busy={busy} disabled={path.trim() === ''} data-testid="case-open-submit">
            {mode === 'review' ? 'Open for review' : 'Open and record'}
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
