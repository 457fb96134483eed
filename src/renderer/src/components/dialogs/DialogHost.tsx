// Shows the one dialog the store says is open.
import { useAppStore } from '../../store/appStore';
import { CaseLogDialog } from '../case/CaseLogDialog';
import { FindingDialog } from '../case/FindingDialog';
import { ImportFilesDialog } from '../case/ImportFilesDialog';
import { NewCaseDialog } from '../case/NewCaseDialog';
import { NoteDialog } from '../case/NoteDialog';
import { OpenCaseDialog } from '../case/OpenCaseDialog';
import { FlagRulesDialog } from '../flows/FlagRulesDialog';
import { ConfirmRemoveHost } from '../hosts/ConfirmRemoveHost';
import { HostForm } from '../hosts/HostForm';
import { KillProcessDialog } from '../hosts/KillProcessDialog';
import { ToolsSettings } from '../hosts/ToolsSettings';
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
      return <HostKeyUnknownDialog key={dialog.error.fingerprint} deviceId={dialog.deviceId} error={dialog.error} />;
    case 'host-key-changed':
      return <HostKeyChangedDialog key={dialog.error.actualFingerprint} error={dialog.error} />;
    case 'host-form':
      return <HostForm key={dialog.hostId ?? 'new'} hostId={dialog.hostId} />;
    case 'confirm-remove-host':
      return <ConfirmRemoveHost hostId={dialog.hostId} />;
    case 'tools-settings':
      return <ToolsSettings />;
    case 'kill-process':
      return <KillProcessDialog />;
    case 'flag-rules':
      return <FlagRulesDialog />;
    case 'case-new':
      return <NewCaseDialog />;
    case 'case-open':
      return <OpenCaseDialog />;
    case 'case-import':
      return <ImportFilesDialog />;
    case 'case-log':
      return <CaseLogDialog />;
    case 'case-note':
      return <NoteDialog draft={dialog.draft} />;
    case 'case-finding':
      return <FindingDialog draft={dialog.draft} />;
  }
}
