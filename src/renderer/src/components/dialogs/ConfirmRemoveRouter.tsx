// Asks before a router is removed.
import { useActions, useAppStore } from '../../store/appStore';
import { selectRouter } from '../../store/selectors';
import { DialogButtons } from './DialogFooter';
import { Modal } from './Modal';

export function ConfirmRemoveRouter({ routerId }: { routerId: string }) {
  const router = useAppStore(selectRouter(routerId));
  const { removeRouter, closeDialog } = useActions();
  if (!router) return null;
  return (
    <Modal title="Remove router" onClose={closeDialog} size="small" testId="confirm-remove-dialog">
      <p>
        Remove <strong>{router.name}</strong> ({router.host}:{router.port}) from the router list? Flows already
        collected from it stay open until you close them.
      </p>
      <DialogButtons onCancel={closeDialog} focusCancel>
        <button type="button" className="danger" data-testid="confirm-remove" onClick={() => void removeRouter(routerId)}>
          Remove router
        </button>
      </DialogButtons>
    </Modal>
  );
}
