// The host-key question: accept a key seen for the first time, or refuse a changed one (and only forget it after a warning).
import { useState } from 'react';
import { describeError } from '../../../../shared/errors';
import type { HostKeyChanged, HostKeyUnknown } from '../../store/uiSlice';
import { useActions, useAppStore } from '../../store/appStore';
import { BusyButton, DialogButtons, DialogError } from './DialogFooter';
import { Modal } from './Modal';

interface UnknownProps {
  /** The router or host that presented the key. */
  deviceId: string;
  error: HostKeyUnknown;
}

/** When the key comes from the embedded lab, the lab's own fingerprint is right here to compare. */
function LabComparison({ deviceId, fingerprint }: { deviceId: string; fingerprint: string }) {
  const lab = useAppStore((s) => s.lab);
  if (!lab || lab.routerId !== deviceId) return null;
  const matches = lab.fingerprint === fingerprint;
  return (
    <p className={matches ? 'lab-match' : 'lab-mismatch'}>
      The embedded lab reports <code className="fingerprint">{lab.fingerprint}</code>: {matches ? 'it matches.' : 'it does NOT match.'}
    </p>
  );
}

export function HostKeyUnknownDialog({ deviceId, error }: UnknownProps) {
  const busy = useAppStore((s) => s.dialogBusy);
  const dialogError = useAppStore((s) => s.dialogError);
  const { acceptHostKey, closeDialog } = useActions();
  return (
    <Modal title="New host key" onClose={closeDialog} testId="host-key-dialog">
      <p>{describeError(error)}</p>
      <dl className="key-facts">
        <dt>Device</dt>
        <dd>{error.device}</dd>
        <dt>Key type</dt>
        <dd>
          <code>{error.keyType}</code>
        </dd>
        <dt>Fingerprint</dt>
        <dd>
          <code className="fingerprint" data-testid="host-key-fingerprint">
            {error.fingerprint}
          </code>
        </dd>
      </dl>
      <LabComparison deviceId={deviceId} fingerprint={error.fingerprint} />
      <DialogError error={dialogError} />
      <DialogButtons onCancel={closeDialog} focusCancel>
        <BusyButton type="button" className="primary" data-testid="accept-host-key" busy={busy} onClick={() => void acceptHostKey()}>
          Accept and connect
        </BusyButton>
      </DialogButtons>
    </Modal>
  );
}

export function HostKeyChangedDialog({ error }: { error: HostKeyChanged }) {
  const busy = useAppStore((s) => s.dialogBusy);
  const dialogError = useAppStore((s) => s.dialogError);
  const { forgetHostKey, closeDialog } = useActions();
  const [confirming, setConfirming] = useState(false);
  return (
    <Modal title="Host key changed: connection refused" onClose={closeDialog} testId="host-key-dialog" tone="danger">
      <div className="danger-box" role="alert" data-testid="host-key-changed-warning">
        {describeError(error)}
      </div>
      <dl className="key-facts">
        <dt>Device</dt>
        <dd>{error.device}</dd>
        <dt>Key type</dt>
        <dd>
          <code>{error.keyType}</code>
        </dd>
        <dt>Stored fingerprint</dt>
        <dd>
          <code className="fingerprint" data-testid="host-key-expected-fingerprint">
            {error.expectedFingerprint}
          </code>
        </dd>
        <dt>Presented now</dt>
        <dd>
          <code className="fingerprint danger-text" data-testid="host-key-fingerprint">
            {error.actualFingerprint}
          </code>
        </dd>
      </dl>
      <DialogError error={dialogError} />
      {confirming ? (
        <div className="confirm-step">
          <p>
            <strong>Forget the stored key only if you know why it changed</strong> (the router was replaced or its key
            regenerated) and have the new fingerprint from its administrator. Otherwise this is exactly how a
            man-in-the-middle gets accepted. After forgetting, the next connection shows the new key for you to compare.
          </p>
          <DialogButtons cancelLabel="Back" onCancel={() => setConfirming(false)} focusCancel>
            <BusyButton type="button" className="danger" data-testid="confirm-forget-host-key" busy={busy} onClick={() => void forgetHostKey()}>
              Forget stored key
            </BusyButton>
          </DialogButtons>
        </div>
      ) : (
        <div className="modal-actions">
          <button type="button" className="secondary-danger" data-testid="forget-host-key" onClick={() => setConfirming(true)}>
            Forget stored key…
          </button>
          <span className="toolbar-spacer" />
          <button type="button" className="primary" onClick={closeDialog} data-autofocus>
            Close
          </button>
        </div>
      )}
    </Modal>
  );
}
