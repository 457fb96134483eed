// A new case: its name, who works it, and where the file goes (the cases folder unless a path is given). It becomes
// the live case: everything the window collects and kills from then on is recorded in it.
import { useId, useState, type FormEvent } from 'react';
import { useActions, useAppStore } from '../../store/appStore';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';

export function NewCaseDialog() {
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const current = useAppStore((s) => s.liveCase);
  const { createCase, closeDialog } = useActions();
  const [name, setName] = useState('');
  const [analyst, setAnalyst] = useState('');
  const [path, setPath] = useState('');
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    void createCase({ name: name.trim(), ...(analyst.trim() ? { analyst: analyst.trim() } : {}), ...(path.trim() ? { path: path.trim() } : {}) });
  };

  return (
    <Modal title="New case" onClose={closeDialog} testId="case-new-dialog">
      <form onSubmit={submit} noValidate>
        {current && <p className="warning-box">The open case “{current.meta.name}” is closed first; everything in it is already saved.</p>}
        <div className="form-grid">
          <div className="field span-2">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} data-testid="case-new-name" autoFocus autoComplete="off" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder="e.g. WS-1 beaconing to the proxy" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-analyst`}>Analyst (optional)</label>
            <input id={`${id}-analyst`} data-testid="case-new-analyst" autoComplete="off" value={analyst} maxLength={200} onChange={(e) => setAnalyst(e.target.value)} placeholder="blank: your account" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-path`}>File (optional)</label>
            <input id={`${id}-path`} data-testid="case-new-path" spellCheck={false} autoComplete="off" value={path} onChange={(e) => setPath(e.target.value)} placeholder="blank: the cases folder" />
          </div>
        </div>
        <p className="hint">From now on every collection and kill of this window is recorded in the case as it happens, with its raw output, hashes and an audit trail.</p>
        <DialogError error={error} />
        <DialogButtons onCancel={closeDialog}>
          <BusyButton type="submit" className="primary" busy={busy} disabled={name.trim() === ''} data-testid="case-new-create">
            Create case
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
