// A modal dialog: native <dialog> (the rest of the window is inert), Tab kept inside, Esc closes, focus returns on close.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  tone?: 'normal' | 'danger';
  /** Wider for forms and fingerprints; large for tables (the audit log). */
  size?: 'small' | 'medium' | 'large';
}

const focusable = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal({ title, onClose, children, testId, tone = 'normal', size = 'medium' }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  // Set when React unmounts the dialog, so its own close() is not mistaken for the analyst closing it.
  const closedByUnmount = useRef(false);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    closedByUnmount.current = false;
    dialog.showModal();
    // An element marked data-autofocus gets the focus first, e.g. the safe choice of a risky question.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      closedByUnmount.current = true;
      dialog.close();
    };
  }, []);

  const keepTabInside = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const elements = [...ref.current.querySelectorAll<HTMLElement>(focusable)].filter((el) => el.offsetParent !== null);
    const first = elements[0];
    const last = elements[elements.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={`modal modal-${size} ${tone === 'danger' ? 'modal-danger' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={keepTabInside}
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
      // Chromium may close on a repeated Esc without a cancel event; follow the dialog then.
      onClose={() => {
        // The close event is queued: by then StrictMode may have opened the dialog again.
        if (!closedByUnmount.current && !ref.current?.open) onCloseRef.current();
      }}
    >
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
