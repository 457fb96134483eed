// Add or edit a router: connection, credentials (never shown back), legacy algorithms and the command timeout.
import { useId, useState, type FormEvent } from 'react';
import type { RouterInput } from '../../../../shared/contract';
import type { RouterAuthKind, RouterProfile } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { selectRouter } from '../../store/selectors';
import { BusyButton, DialogButtons, DialogError } from './DialogFooter';
import { Modal } from './Modal';

const authLabels: Record<RouterAuthKind, string> = {
  password: 'Password',
  'keyboard-interactive': 'Keyboard-interactive',
  'private-key': 'Private key',
};

interface Draft {
  name: string;
  host: string;
  port: string;
  username: string;
  auth: RouterAuthKind;
  password: string;
  enablePassword: string;
  privateKeyPath: string;
  passphrase: string;
  legacyAlgorithms: boolean;
  timeoutSeconds: string;
  forgetPassword: boolean;
  forgetEnablePassword: boolean;
  forgetPassphrase: boolean;
}

function draftFrom(router: RouterProfile | null): Draft {
  return {
    name: router?.name ?? '',
    host: router?.host ?? '',
    port: String(router?.port ?? 22),
    username: router?.username ?? '',
    auth: router?.auth ?? 'password',
    password: '',
    enablePassword: '',
    privateKeyPath: router?.privateKeyPath ?? '',
    passphrase: '',
    legacyAlgorithms: router?.legacyAlgorithms ?? false,
    timeoutSeconds: String((router?.commandTimeoutMs ?? 60_000) / 1000),
    forgetPassword: false,
    forgetEnablePassword: false,
    forgetPassphrase: false,
  };
}

/** Blank keeps the stored secret (omitted), "forget" clears it (empty string), anything else replaces it. */
function secretChange(value: string, forget: boolean): string | undefined {
  if (forget) return '';
  return value === '' ? undefined : value;
}

function toInput(draft: Draft): RouterInput {
  const input: RouterInput = {
    name: draft.name.trim(),
    host: draft.host.trim(),
    port: Number(draft.port),
    username: draft.username,
    auth: draft.auth,
    privateKeyPath: draft.privateKeyPath.trim() === '' ? null : draft.privateKeyPath.trim(),
    legacyAlgorithms: draft.legacyAlgorithms,
    commandTimeoutMs: Math.round(Number(draft.timeoutSeconds) * 1000),
  };
  const password = secretChange(draft.password, draft.forgetPassword);
  const enablePassword = secretChange(draft.enablePassword, draft.forgetEnablePassword);
  const passphrase = secretChange(draft.passphrase, draft.forgetPassphrase);
  if (password !== undefined) input.password = password;
  if (enablePassword !== undefined) input.enablePassword = enablePassword;
  if (passphrase !== undefined) input.passphrase = passphrase;
  return input;
}

interface SecretFieldProps {
  label: string;
  value: string;
  stored: boolean;
  editing: boolean;
  forget: boolean;
  testId: string;
  hint?: string;
  onChange: (value: string) => void;
  onForget: (forget: boolean) => void;
}

function SecretField({ label, value, stored, editing, forget, testId, hint, onChange, onForget }: SecretFieldProps) {
  const id = useId();
  const keeps = editing && stored;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        data-testid={testId}
        value={value}
        disabled={forget}
        placeholder={keeps ? 'leave blank to keep the stored one' : hint}
        onChange={(e) => onChange(e.target.value)}
      />
      {keeps && (
        <label className="inline-check small">
          <input type="checkbox" checked={forget} onChange={(e) => onForget(e.target.checked)} /> forget the stored one
        </label>
      )}
    </div>
  );
}

export function RouterForm({ routerId }: { routerId: string | null }) {
  const router = useAppStore(selectRouter(routerId));
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const { saveRouter, closeDialog } = useActions();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(router));
  const ids = { name: useId(), host: useId(), port: useId(), username: useId(), auth: useId(), keyPath: useId(), timeout: useId(), legacy: useId() };
  const editing = routerId !== null;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saveRouter(routerId, toInput(draft));
  };

  return (
    <Modal title={editing ? `Edit ${router?.name ?? 'router'}` : 'Add router'} onClose={closeDialog} testId="router-form">
      <form className="form" onSubmit={submit}>
        <div className="form-grid">
          <div className="field span-2">
            <label htmlFor={ids.name}>Name</label>
            <input id={ids.name} data-testid="router-name" required maxLength={120} value={draft.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. WAN edge Frankfurt" />
          </div>
          <div className="field">
            <label htmlFor={ids.host}>Host</label>
            <input id={ids.host} data-testid="router-host" required maxLength={253} spellCheck={false} value={draft.host} onChange={(e) => set('host', e.target.value)} placeholder="name or IP address" />
          </div>
          <div className="field narrow">
            <label htmlFor={ids.port}>Port</label>
            <input id={ids.port} data-testid="router-port" type="number" required min={1} max={65535} value={draft.port} onChange={(e) => set('port', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.username}>Username</label>
            <input id={ids.username} data-testid="router-username" required maxLength={128} autoComplete="off" spellCheck={false} value={draft.username} onChange={(e) => set('username', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.auth}>Authentication</label>
            <select id={ids.auth} data-testid="router-auth" value={draft.auth} onChange={(e) => set('auth', e.target.value as RouterAuthKind)}>
              {(Object.keys(authLabels) as RouterAuthKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {authLabels[kind]}
                </option>
              ))}
            </select>
          </div>
          {draft.auth === 'private-key' ? (
            <>
              <div className="field span-2">
                <label htmlFor={ids.keyPath}>Private key file</label>
                <input id={ids.keyPath} data-testid="router-private-key-path" required spellCheck={false} value={draft.privateKeyPath} onChange={(e) => set('privateKeyPath', e.target.value)} placeholder="/home/analyst/.ssh/id_ed25519 (the key stays in its file)" />
              </div>
              <SecretField label="Key passphrase" testId="router-passphrase" value={draft.passphrase} stored={router?.hasPassphrase ?? false} editing={editing} forget={draft.forgetPassphrase} hint="only if the key has one" onChange={(v) => set('passphrase', v)} onForget={(v) => set('forgetPassphrase', v)} />
            </>
          ) : (
            <SecretField label="Password" testId="router-password" value={draft.password} stored={router?.hasPassword ?? false} editing={editing} forget={draft.forgetPassword} onChange={(v) => set('password', v)} onForget={(v) => set('forgetPassword', v)} />
          )}
          <SecretField label="Enable password" testId="router-enable-password" value={draft.enablePassword} stored={router?.hasEnablePassword ?? false} editing={editing} forget={draft.forgetEnablePassword} hint="if the login is not privileged" onChange={(v) => set('enablePassword', v)} onForget={(v) => set('forgetEnablePassword', v)} />
          <div className="field narrow">
            <label htmlFor={ids.timeout}>Command timeout (s)</label>
            <input id={ids.timeout} data-testid="router-timeout" type="number" required min={1} max={3600} step={1} value={draft.timeoutSeconds} onChange={(e) => set('timeoutSeconds', e.target.value)} />
          </div>
          <div className="field span-2">
            <label className="inline-check" htmlFor={ids.legacy}>
              <input id={ids.legacy} type="checkbox" data-testid="router-legacy" checked={draft.legacyAlgorithms} onChange={(e) => set('legacyAlgorithms', e.target.checked)} />
              Legacy algorithms
            </label>
            <p className="hint">Old IOS images only offer diffie-hellman-group1/14-sha1, CBC ciphers and ssh-rsa; these are weaker, so enable them only for routers that need them.</p>
          </div>
        </div>
        <DialogError error={error} testId="router-form-error" />
        <DialogButtons onCancel={closeDialog}>
          <BusyButton type="submit" className="primary" data-testid="router-save" busy={busy}>
            {editing ? 'Save' : 'Add router'}
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
