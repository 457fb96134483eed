// Marking a chain as a finding of the case: the flow the router saw, the socket that carried it and the process that
// owned the socket, as shown now, and why it matters in the analyst's words.
import { useId, useState, type FormEvent } from 'react';
import { useActions, useAppStore } from '../../store/appStore';
import type { FindingDraft } from '../../store/caseSlice';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';

export function FindingDialog({ draft }: { draft: FindingDraft }) {
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const { markFinding, closeDialog } = useActions();
  const [note, setNote] = useState('');
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void markFinding(note.trim());
  };

  return (
    <Modal title="Mark as finding" onClose={closeDialog} testId="case-finding-dialog">
      <form onSubmit={submit} noValidate>
        <ol className="finding-chain" data-testid="finding-chain">
          <li>
            <span className="muted small">Flow</span> {draft.lines.flow}
          </li>
          <li>
            <span className="muted small">Socket</span> {draft.lines.socket ?? <span className="muted">none matched on the collected hosts</span>}
          </li>
          <li>
            <span className="muted small">Process</span> {draft.lines.process ?? <span className="muted">not in the host’s process listing</span>}
          </li>
        </ol>
        <div className="field">
          <label htmlFor={`${id}-note`}>Why it matters</label>
          <textarea id={`${id}-note`} data-testid="case-finding-note" autoFocus rows={3} maxLength={10_000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <DialogError error={error} />
        <DialogButtons onCancel={closeDialog}>
          <BusyButton type="submit" className="primary" busy={busy} data-testid="case-finding-save">
            Mark as finding
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
