// The foot of a dialog: the error of its last action, said where the analyst is looking, and its row of buttons with
// the way out first; and a button that shows it is working while its action runs.
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export function DialogError({ error, testId }: { error: string | null; testId?: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}

interface DialogButtonsProps {
  /** The way out: "Cancel", "Back", "Close". */
  cancelLabel?: string;
  onCancel: () => void;
  /** Focused first: the safe choice of a risky question (a form focuses its first field instead). */
  focusCancel?: boolean;
  /** The dialog's own actions, after the way out. */
  children?: ReactNode;
}

export function DialogButtons({ cancelLabel = 'Cancel', onCancel, focusCancel = false, children }: DialogButtonsProps) {
  return (
    <div className="modal-actions">
      <button type="button" onClick={onCancel} data-autofocus={focusCancel || undefined}>
        {cancelLabel}
      </button>
      {children}
    </div>
  );
}

/** Disabled, with a spinner before its label, while `busy`. */
export function BusyButton({ busy, disabled, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean }) {
  return (
    <button {...props} disabled={busy || disabled}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
