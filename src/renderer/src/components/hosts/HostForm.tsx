// Add or edit a host: its address (checked as it is typed), how to reach it, the account (the password is never shown
// back), and the timeout of each command.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { HostInput } from '../../../../shared/contract';
import type { HostOs, HostProfile, HostVia } from '../../../../shared/domain';
import { hostAddressProblem } from '../../../../shared/hostAddress';
import { useActions, useAppStore } from '../../store/appStore';
import { selectHost } from '../../store/selectors';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';

/** What "local" hosts are called: the analyst's own machine. */
const LOCAL_ADDRESS = 'local';

const viaChoices: { via: HostVia; label: string }[] = [
  { via: 'psexec', label: 'PsExec (Windows, Sysinternals)' },
  { via: 'ssh', label: 'SSH (Linux, or Windows OpenSSH)' },
  { via: 'local', label: 'This machine' },
];

interface Draft {
  address: string;
  label: string;
  via: HostVia;
  os: HostOs;
  username: string;
  password: string;
  forgetPassword: boolean;
  port: string;
  privateKeyPath: string;
  timeoutSeconds: string;
}

function thisMachineOs(): HostOs {
  return /Windows/i.test(navigator.userAgent) ? 'windows' : 'linux';
}

function draftFrom(host: HostProfile | null): Draft {
  return {
    address: host?.address ?? '',
    label: host?.label ?? '',
    via: host?.via ?? 'psexec',
    os: host?.os ?? 'windows',
    username: host?.username ?? '',
    // Write-only: a stored password is never sent to the window.
    password: '',
    forgetPassword: false,
    port: String(host?.port ?? 22),
    privateKeyPath: host?.privateKeyPath ?? '',
    timeoutSeconds: String((host?.timeoutMs ?? 30_000) / 1000),
  };
}

function toInput(draft: Draft): HostInput {
  const input: HostInput = {
    address: draft.via === 'local' ? LOCAL_ADDRESS : draft.address.trim(),
    label: draft.label.trim(),
    via: draft.via,
    os: draft.via === 'psexec' ? 'windows' : draft.os,
    username: draft.via === 'local' ? '' : draft.username.trim(),
    port: Number(draft.port),
    privateKeyPath: draft.via === 'ssh' && draft.privateKeyPath.trim() !== '' ? draft.privateKeyPath.trim() : null,
    timeoutMs: Math.round(Number(draft.timeoutSeconds) * 1000),
  };
  // Blank keeps the stored password (omitted), "forget" clears it (empty string), anything else replaces it.
  if (draft.via === 'local' || draft.forgetPassword) input.password = '';
  else if (draft.password !== '') input.password = draft.password;
  return input;
}

/** The sentence under the address field, or null when the address can be used. */
function addressMessage(address: string): string | null {
  const problem = hostAddressProblem(address.trim());
  if (problem === null) return null;
  return address.trim() === '' ? 'Give the host’s name or IP address.' : `“${address.trim()}” cannot be used as a host: ${problem}.`;
}

export function HostForm({ hostId }: { hostId: string | null }) {
  const host = useAppStore(selectHost(hostId));
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const { saveHost, closeDialog } = useActions();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(host));
  const [submitted, setSubmitted] = useState(false);
  const addressRef = useRef<HTMLInputElement>(null);
  const ids = {
    address: useId(), addressProblem: useId(), label: useId(), via: useId(), os: useId(), username: useId(), password: useId(),
    port: useId(), keyPath: useId(), timeout: useId(),
  };
  const editing = hostId !== null;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const isLocal = draft.via === 'local';
  const problem = isLocal ? null : addressMessage(draft.address);
  // Said as soon as something is typed; an empty field only once the analyst tries to save.
  const showProblem = problem !== null && (draft.address.trim() !== '' || submitted);
  const storedPassword = editing && (host?.hasPassword ?? false);

  const chooseVia = (via: HostVia) =>
    setDraft((d) => ({
      ...d,
      via,
      os: via === 'psexec' ? 'windows' : via === 'local' ? thisMachineOs() : d.os,
      address: via === 'local' ? LOCAL_ADDRESS : d.address === LOCAL_ADDRESS ? '' : d.address,
    }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (problem !== null) {
      addressRef.current?.focus();
      return;
    }
    void saveHost(hostId, toInput(draft));
  };

  return (
    <Modal title={editing ? `Edit ${host?.label || host?.address || 'host'}` : 'Add host'} onClose={closeDialog} testId="host-form">
      <form className="form" onSubmit={submit}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={ids.via}>Reach it with</label>
            <select id={ids.via} data-testid="host-via" value={draft.via} onChange={(e) => chooseVia(e.target.value as HostVia)}>
              {viaChoices.map((choice) => (
                <option key={choice.via} value={choice.via}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.os}>Operating system</label>
            <select id={ids.os} data-testid="host-os" value={draft.via === 'psexec' ? 'windows' : draft.os} disabled={draft.via === 'psexec'} onChange={(e) => set('os', e.target.value as HostOs)}>
              <option value="windows">Windows</option>
              <option value="linux">Linux</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.address}>Address</label>
            <input
              id={ids.address}
              ref={addressRef}
              data-testid="host-address"
              maxLength={253}
              spellCheck={false}
              autoComplete="off"
              data-autofocus
              readOnly={isLocal}
              value={isLocal ? LOCAL_ADDRESS : draft.address}
              onChange={(e) => set('address', e.target.value)}
              placeholder="name or IP address, e.g. 10.1.50.81"
              aria-invalid={showProblem || undefined}
              aria-describedby={showProblem ? ids.addressProblem : undefined}
            />
            {showProblem && (
              <p className="field-problem" id={ids.addressProblem} data-testid="host-address-problem" role="alert">
                {problem}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.label}>Label (optional)</label>
            <input id={ids.label} data-testid="host-label" maxLength={120} value={draft.label} onChange={(e) => set('label', e.target.value)} placeholder="e.g. reception PC" />
          </div>
          {!isLocal && (
            <>
              <div className="field">
                <label htmlFor={ids.username}>User name</label>
                <input
                  id={ids.username}
                  data-testid="host-username"
                  maxLength={128}
                  autoComplete="off"
                  spellCheck={false}
                  value={draft.username}
                  onChange={(e) => set('username', e.target.value)}
                  placeholder={draft.via === 'psexec' ? 'blank: your current Windows logon' : 'e.g. analyst'}
                />
              </div>
              <div className="field">
                <label htmlFor={ids.password}>Password</label>
                <input
                  id={ids.password}
                  type="password"
                  autoComplete="new-password"
                  data-testid="host-password"
                  value={draft.password}
                  disabled={draft.forgetPassword}
                  onChange={(e) => set('password', e.target.value)}
                  placeholder={storedPassword ? 'leave blank to keep the stored one' : draft.via === 'ssh' ? 'or a private key below' : 'with a user name only'}
                />
                {storedPassword && (
                  <label className="inline-check small">
                    <input type="checkbox" data-testid="host-forget-password" checked={draft.forgetPassword} onChange={(e) => set('forgetPassword', e.target.checked)} /> forget the stored one
                  </label>
                )}
              </div>
            </>
          )}
          {draft.via === 'ssh' && (
            <>
              <div className="field">
                <label htmlFor={ids.keyPath}>Private key file (optional)</label>
                <input id={ids.keyPath} data-testid="host-private-key-path" spellCheck={false} value={draft.privateKeyPath} onChange={(e) => set('privateKeyPath', e.target.value)} placeholder="/home/analyst/.ssh/id_ed25519" />
              </div>
              <div className="field narrow">
                <label htmlFor={ids.port}>SSH port</label>
                <input id={ids.port} data-testid="host-port" type="number" required min={1} max={65535} value={draft.port} onChange={(e) => set('port', e.target.value)} />
              </div>
            </>
          )}
          <div className="field narrow">
            <label htmlFor={ids.timeout}>Timeout per command (s)</label>
            <input id={ids.timeout} data-testid="host-timeout" type="number" required min={1} max={3600} step={1} value={draft.timeoutSeconds} onChange={(e) => set('timeoutSeconds', e.target.value)} />
          </div>
          {draft.via === 'psexec' && (
            <p className="hint span-2">
              PsExec needs the ADMIN$ share and an account that is an administrator on the host; the password is kept in the
              system keychain (in the browser preview: in memory for this run) and never written to logs or case files.
            </p>
          )}
        </div>
        <DialogError error={error} testId="host-form-error" />
        <DialogButtons onCancel={closeDialog}>
          <BusyButton type="submit" className="primary" data-testid="host-save" busy={busy}>
            {editing ? 'Save' : 'Add host'}
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
