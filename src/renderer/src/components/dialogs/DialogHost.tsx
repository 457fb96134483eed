// Shows the one dialog the store says is open.
import { useAppStore } from '../../store/appStore';
import { ConfirmRemoveRouter } from './ConfirmRemoveRouter';
import { HostKeyChangedDialog, HostKeyUnknownDialog } from './HostKeyDialog';
import { RouterForm } from './RouterForm';

export function DialogHost() {
  const dialog = useAppStore((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.type) {
    case 'router-form':
      return <RouterForm key={dialog.routerId ?? 'new'} routerId={dialog.routerId} />;
    case 'confirm-remove':
      return <ConfirmRemoveRouter routerId={dialog.routerId} />;
    case 'host-key-unknown':
      return <HostKeyUnknownDialog key={dialog.error.fingerprint} routerId={dialog.routerId} error={dialog.error} />;
    case 'host-key-changed':
      return <HostKeyChangedDialog key={dialog.error.actualFingerprint} error={dialog.error} />;
  }
}
