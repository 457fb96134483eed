// The one confirmation before a process is stopped: host, PID, name, start time, its sockets and the flow that led
// here; then main's refusal (PID reuse, protected process) shown as is, with a deliberate second step for a protected
// process, or the outcome and the listing made again afterwards.
import { useState } from 'react';
import { useActions, useAppStore } from '../../store/appStore';
import type { KillState } from '../../store/pivotSlice';
import { BusyButton, DialogButtons } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';
import { formatDateTime, formatTime } from '../format';
import { endpointText, localService, remoteService } from './connectionEndpoints';

const socketsShown = 12;

function StartTime({ kill }: { kill: KillState }) {
  const { process, expectStartedAt, listing } = kill.target;
  if (expectStartedAt === null) return <span className="muted">not known: {listing.tool} gives no start or elapsed time for it, so only its name is checked</span>;
  return (
    <span title={`${expectStartedAt} (UTC)${process.startedAt ? `, printed as “${process.startedAt}”` : `, from the elapsed time ${process.elapsedSec ?? '?'} s in ${listing.tool} at ${listing.finishedAt}`}`}>
      {formatDateTime(expectStartedAt)}
    </span>
  );
}

function Sockets({ kill }: { kill: KillState }) {
  const { connections, connectionsAt } = kill.target;
  if (connectionsAt === null) return <p className="muted">The host’s connections have not been collected.</p>;
  if (connections.length === 0) return <p className="muted">None in the sockets listed at {formatTime(connectionsAt)}.</p>;
  return (
    <ul className="kill-sockets" data-testid="kill-sockets">
      {connections.slice(0, socketsShown).map((c) => (
        <li key={c.line}>
          <code>
            {c.proto} {endpointText(c.localAddr, c.localPort, localService(c))}
            {c.remoteAddr !== null && ` ↔ ${endpointText(c.remoteAddr, c.remotePort, remoteService(c))}`}
          </code>{' '}
          {c.state && <span className="muted">{c.state}</span>}
        </li>
      ))}
      {connections.length > socketsShown && <li className="muted">… and {connections.length - socketsShown} more</li>}
    </ul>
  );
}

const relistedText: Record<NonNullable<KillState['relisted']>, string> = {
  pending: 'Listing the processes again…',
  gone: 'Listed again: the process is gone.',
  'still-listed': 'Listed again: the process is still there.',
  failed: 'The processes could not be listed again; see the host’s note in the list.',
};

export function KillProcessDialog() {
  const kill = useAppStore((s) => s.kill);
  const { confirmKill, closeDialog } = useActions();
  const [overriding, setOverriding] = useState(false);
  const [typedName, setTypedName] = useState('');
  if (!kill) return null;
  const { target, phase } = kill;
  const { process } = target;
  const running = phase === 'running';
  const finished = phase === 'done' || phase === 'failed' || (phase === 'refused' && !kill.canOverride);

  return (
    <Modal title={`Kill ${process.name} (PID ${process.pid})?`} onClose={closeDialog} testId="kill-dialog" tone="danger">
      <dl className="key-facts kill-facts">
        <dt>Host</dt>
        <dd data-testid="kill-host">{target.hostName}</dd>
        <dt>PID</dt>
        <dd data-testid="kill-pid">{process.pid}</dd>
        <dt>Name</dt>
        <dd data-testid="kill-name">{process.name}</dd>
        <dt>Started</dt>
        <dd data-testid="kill-started">
          <StartTime kill={kill} />
        </dd>
        <dt>Listed</dt>
        <dd>
          {target.listing.tool} at {formatTime(target.listing.finishedAt)}
        </dd>
        <dt>Flow</dt>
        <dd data-testid="kill-flow">{target.leadFlow ?? <span className="muted">none: chosen in the processes grid, not from a flow</span>}</dd>
      </dl>
      <h3 className="kill-subhead">Sockets it owns</h3>
      <Sockets kill={kill} />
      {target.hostId === null && (
        <p className="form-error" role="alert">
          This host is no longer in the host list: add it again to stop processes on it.
        </p>
      )}
      {phase === 'confirm' && target.protectedReason && (
        <p className="warning-box" data-testid="kill-protected-warning">
          {target.protectedReason}. FlowPivot will refuse to stop it unless you override that on purpose.
        </p>
      )}
      {(phase === 'confirm' || running) && (
        <>
          <p className="hint">
            FlowPivot lists PID {process.pid} again first and refuses if it now names another image or started at another time
            (the PID was reused), then stops it by PID and lists again to check. Everything is recorded in the log.
          </p>
          <DialogButtons onCancel={closeDialog} focusCancel>
            <BusyButton type="button" className="danger" data-testid="confirm-kill" busy={running} disabled={target.hostId === null} onClick={() => void confirmKill(overriding)}>
              Kill process
            </BusyButton>
          </DialogButtons>
        </>
      )}
      {phase === 'refused' && (
        <div className="danger-box" role="alert" data-testid="kill-refusal">
          {kill.message}
        </div>
      )}
      {phase === 'failed' && (
        <p className="form-error" role="alert" data-testid="kill-error">
          {kill.message}
        </p>
      )}
      {phase === 'refused' && kill.canOverride && (
        <div className="confirm-step">
          {overriding ? (
            <>
              <p>
                <strong>Stopping {process.name} can take the host down</strong> or leave it unprotected. Type its name to kill
                it anyway.
              </p>
              <label className="field">
                <span>Type {process.name} to confirm</span>
                <input data-testid="kill-anyway-name" value={typedName} autoFocus spellCheck={false} onChange={(e) => setTypedName(e.target.value)} />
              </label>
              <DialogButtons cancelLabel="Back" onCancel={() => setOverriding(false)}>
                <BusyButton type="button" className="danger" data-testid="confirm-kill-anyway" busy={false} disabled={typedName !== process.name} onClick={() => void confirmKill(true)}>
                  Kill protected process
                </BusyButton>
              </DialogButtons>
            </>
          ) : (
            <DialogButtons onCancel={closeDialog} focusCancel>
              <button type="button" className="secondary-danger" data-testid="kill-anyway" onClick={() => setOverriding(true)}>
                Kill anyway…
              </button>
            </DialogButtons>
          )}
        </div>
      )}
      {phase === 'done' && kill.result && (
        <>
          <p className={kill.result.outcome === 'killed' ? 'ok-box' : 'warning-box'} role="status" data-testid="kill-outcome" data-outcome={kill.result.outcome}>
            {kill.result.message}
          </p>
          {kill.relisted && (
            <p className="hint" data-testid="kill-relisted" data-state={kill.relisted}>
              {kill.relisted === 'pending' && <span className="spinner" aria-hidden="true" />}
              {relistedText[kill.relisted]}
            </p>
          )}
          <p className="hint">
            Recorded in the log: who ({kill.result.requestedBy}), when ({formatDateTime(kill.result.requestedAt)}), why, and the {kill.result.commands.length} commands run.
          </p>
        </>
      )}
      {finished && (
        <div className="modal-actions">
          <span className="toolbar-spacer" />
          <button type="button" className="primary" data-testid="kill-close" onClick={closeDialog} data-autofocus>
            Close
          </button>
        </div>
      )}
    </Modal>
  );
}
