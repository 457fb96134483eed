// Dialogs and notices: where a failed action goes (host-key dialog, banner with a remedy, or a plain banner).
import type { AppErrorData, AppErrorKind } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import type { CaseDialogState } from './caseSlice';
import type { HostDialogState } from './hostsSlice';
import type { PivotDialogState } from './pivotSlice';
import type { SettingsDialogState } from './settingsSlice';
import type { RetryableAction, SliceCreator } from './types';

export type HostKeyUnknown = Extract<AppErrorData, { kind: 'host-key-unknown' }>;
export type HostKeyChanged = Extract<AppErrorData, { kind: 'host-key-changed' }>;

export type DialogState =
  | { type: 'router-form'; routerId: string | null }
  | { type: 'confirm-remove'; routerId: string }
  | { type: 'host-key-unknown'; deviceId: string; retry: RetryableAction; error: HostKeyUnknown }
  | { type: 'host-key-changed'; deviceId: string; retry: RetryableAction; error: HostKeyChanged }
  | HostDialogState
  | PivotDialogState
  | SettingsDialogState
  | CaseDialogState;

/** Something the analyst can do about an error, offered as a button on its banner. */
export type NoticeRemedy =
  | { type: 'enable-legacy'; routerId: string; retry: RetryableAction }
  | { type: 'edit-router'; routerId: string };

export interface Notice {
  id: number;
  level: 'error' | 'info';
  message: string;
  errorKind: AppErrorKind | null;
  remedy: NoticeRemedy | null;
}

export interface ErrorContext {
  /** The router or host the failed call was about. */
  deviceId: string;
  retry?: RetryableAction | undefined;
}

export interface UiSlice {
  notices: Notice[];
  dialog: DialogState | null;
  /** The open dialog's action is running. */
  dialogBusy: boolean;
  /** Why the open dialog's action failed, as the sentence to show inside it. */
  dialogError: string | null;
  reportError(error: unknown, context?: ErrorContext): void;
  notify(message: string): void;
  dismissNotice(noticeId: number): void;
  applyRemedy(noticeId: number): Promise<void>;
  openRouterForm(routerId: string | null): void;
  askRemoveRouter(routerId: string): void;
  closeDialog(): void;
  /** Accepts the key shown in the host-key dialog, then runs the action that met it again. */
  acceptHostKey(): Promise<void>;
  /** Forgets the stored (now different) key of the router in the host-key-changed dialog. */
  forgetHostKey(): Promise<void>;
}

const maxNotices = 4;
let nextNoticeId = 1;

/** Errors that editing the router's settings or secrets can fix. */
const fixedByEditing = new Set<AppErrorKind>(['auth-failed', 'missing-secret', 'private-key-unreadable', 'enable-failed']);

function remedyFor(data: AppErrorData, context: ErrorContext | undefined): NoticeRemedy | null {
  if (!context) return null;
  if (data.kind === 'no-matching-algorithm' && !data.legacyEnabled && context.retry) {
    return { type: 'enable-legacy', routerId: context.deviceId, retry: context.retry };
  }
  if (fixedByEditing.has(data.kind)) return { type: 'edit-router', routerId: context.deviceId };
  return null;
}

export const createUiSlice: SliceCreator<UiSlice> = (api) => (set, get) => {
  function pushNotice(notice: Omit<Notice, 'id'>): void {
    set((s) => {
      // The same sentence twice is one banner, moved to the front.
      const others = s.notices.filter((n) => n.message !== notice.message);
      return { notices: [{ ...notice, id: nextNoticeId++ }, ...others].slice(0, maxNotices) };
    });
  }

  return {
    notices: [],
    dialog: null,
    dialogBusy: false,
    dialogError: null,

    reportError(error, context) {
      if (error instanceof AppError) {
        const data = error.data;
        if (context?.retry && data.kind === 'host-key-unknown') {
          set({ dialog: { type: 'host-key-unknown', deviceId: context.deviceId, retry: context.retry, error: data }, dialogBusy: false, dialogError: null });
          return;
        }
        if (context?.retry && data.kind === 'host-key-changed') {
          set({ dialog: { type: 'host-key-changed', deviceId: context.deviceId, retry: context.retry, error: data }, dialogBusy: false, dialogError: null });
          return;
        }
        pushNotice({ level: 'error', message: error.message, errorKind: data.kind, remedy: remedyFor(data, context) });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      pushNotice({ level: 'error', message, errorKind: null, remedy: null });
      // Not a typed answer from main: keep the stack for whoever opens the console.
      if (!(error instanceof Error && error.name === 'TransportError')) console.error(error);
    },

    notify(message) {
      pushNotice({ level: 'info', message, errorKind: null, remedy: null });
    },

    dismissNotice(noticeId) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== noticeId) }));
    },

    async applyRemedy(noticeId) {
      const notice = get().notices.find((n) => n.id === noticeId);
      const remedy = notice?.remedy;
      if (!remedy) return;
      get().dismissNotice(noticeId);
      if (remedy.type === 'edit-router') {
        get().openRouterForm(remedy.routerId);
        return;
      }
      try {
        await get().setLegacyAlgorithms(remedy.routerId, true);
      } catch (error) {
        get().reportError(error);
        return;
      }
      await get().retry(remedy.routerId, remedy.retry);
    },

    openRouterForm(routerId) {
      set({ dialog: { type: 'router-form', routerId }, dialogBusy: false, dialogError: null });
    },

    askRemoveRouter(routerId) {
      set({ dialog: { type: 'confirm-remove', routerId }, dialogBusy: false, dialogError: null });
    },

    closeDialog() {
      set({ dialog: null, dialogBusy: false, dialogError: null });
    },

    async acceptHostKey() {
      const dialog = get().dialog;
      if (dialog?.type !== 'host-key-unknown') return;
      set({ dialogBusy: true, dialogError: null });
      try {
        await api.call('hostKeys.accept', { id: dialog.deviceId, fingerprint: dialog.error.fingerprint });
      } catch (error) {
        set({ dialogBusy: false, dialogError: error instanceof Error ? error.message : String(error) });
        return;
      }
      get().closeDialog();
      await get().retry(dialog.deviceId, dialog.retry);
    },

    async forgetHostKey() {
      const dialog = get().dialog;
      if (dialog?.type !== 'host-key-changed') return;
      set({ dialogBusy: true, dialogError: null });
      try {
        await api.call('hostKeys.forget', { id: dialog.deviceId });
      } catch (error) {
        set({ dialogBusy: false, dialogError: error instanceof Error ? error.message : String(error) });
        return;
      }
      get().closeDialog();
      get().notify(`The stored host key of ${dialog.error.device} was forgotten. Connect again: FlowPivot will show the new key so you can compare it before accepting.`);
    },
  };
};
