// A note on one row of evidence (a flow, a socket, a process): its text and tags, kept in the live case against the
// row's collection and position.
import { useId, useState, type FormEvent } from 'react';
import { useActions, useAppStore } from '../../store/appStore';
import type { NoteDraft } from '../../store/caseSlice';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';

/** "c2, beacon , ,lateral" → ["c2", "beacon", "lateral"]. */
export function tagsOf(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

export function NoteDialog({ draft }: { draft: NoteDraft }) {
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const { addNote, closeDialog } = useActions();
  const [text, setText] = useState('');
  const [tags, setTags] = useState('');
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    void addNote(text.trim(), tagsOf(tags));
  };

  return (
    <Modal title="Add note" onClose={closeDialog} testId="case-note-dialog">
      <form onSubmit={submit} noValidate>
        <p className="case-note-target" data-testid="case-note-target">
          {draft.what} <span className="muted small">(row {draft.row + 1} of its collection)</span>
        </p>
        <div className="field">
          <label htmlFor={`${id}-text`}>Note</label>
          <textarea id={`${id}-text`} data-testid="case-note-text" autoFocus rows={4} maxLength={10_000} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Tags, separated by commas (optional)</label>
          <input id={`${id}-tags`} data-testid="case-note-tags" autoComplete="off" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="e.g. c2, lateral movement" />
        </div>
        <DialogError error={error} />
        <DialogButtons onCancel={closeDialog}>
          <BusyButton type="submit" className="primary" busy={busy} disabled={text.trim() === ''} data-testid="case-note-save">
            Add note
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
