// Asks before a host is removed from the list.
import { useActions, useAppStore } from '../../store/appStore';
import { selectHost } from '../../store/selectors';
import { DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';
import { reachText } from './HostList';

export function ConfirmRemoveHost({ hostId }: { hostId: string }) {
  const host = useAppStore(selectHost(hostId));
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const { removeHost, closeDialog } = useActions();
  if (!host) return null;
  return (
    <Modal title="Remove host" onClose={closeDialog} size="small" testId="confirm-remove-host-dialog">
      <p>
        Remove <strong>{host.label || host.address}</strong> ({reachText(host)}) from the host list? Its stored password is
        forgotten; connections and processes already collected from it stay open until you close them.
      </p>
      <DialogError error={error} />
      <DialogButtons onCancel={closeDialog} focusCancel>
        <button type="button" className="danger" data-testid="confirm-remove-host" disabled={busy} onClick={() => void removeHost(hostId)}>
          Remove host
        </button>
      </DialogButtons>
    </Modal>
  );
}
