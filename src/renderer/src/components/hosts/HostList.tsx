// The hosts in the sidebar: how each is reached, collect its connections and processes with main's progress, cancel,
// its errors in plain words (with the fix where there is one), and add, edit, remove; the tools' paths; ticking hosts
// to collect from many at once, with each host's state in that collection.
import type { HostProfile, HostVia } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import type { CollectManyHost } from '../../store/collectManySlice';
import type { HostNote, HostOperation } from '../../store/hostsSlice';
import { readOnlyReason } from '../../store/readOnly';
import { CollectManyBar } from './CollectManyBar';

export const viaLabel: Record<HostVia, string> = { psexec: 'PsExec', ssh: 'SSH', local: 'this machine' };

const remedyLabel: Record<NonNullable<HostNote['remedy']>, string> = {
  'edit-host': 'Edit host',
  'tools-settings': 'Set tool paths',
};

/** How the host is reached, as the analyst would say it. */
export function reachText(host: HostProfile): string {
  switch (host.via) {
    case 'psexec':
      return `\\\\${host.address} as ${host.username === '' ? 'your Windows logon' : host.username}`;
    case 'ssh':
      return `${host.username || '?'}@${host.address}:${host.port}`;
    case 'local':
      return 'this machine';
  }
}

const operations: HostOperation[] = ['connections', 'processes', 'kill'];

/** The host's state in a collection from many hosts, in words. */
function sweepText(sweep: CollectManyHost): string {
  switch (sweep.state) {
    case 'queued':
      return 'Queued';
    case 'running':
      return sweep.attempt > 1 ? `Collecting, attempt ${sweep.attempt}…` : 'Collecting…';
    case 'done':
      return 'Collected';
    case 'failed':
      return `Failed: ${sweep.reason ?? 'no reason given'}`;
    case 'timeout':
      return `Timed out: ${sweep.reason ?? 'no answer in time'}`;
    case 'cancelled':
      return `Cancelled: ${sweep.reason ?? 'the collection was cancelled'}`;
  }
}

function SweepState({ hostId, sweep }: { hostId: string; sweep: CollectManyHost }) {
  const { showHostCollections } = useActions();
  const busy = sweep.state === 'queued' || sweep.state === 'running';
  return (
    <div className={`host-sweep host-sweep-${sweep.state}`} data-testid="host-sweep-state" data-state={sweep.state} data-attempt={sweep.attempt} data-error-kind={sweep.errorKind ?? undefined}>
      {sweep.state === 'running' && <span className="spinner" aria-hidden="true" />}
      <span className="host-sweep-text">{sweepText(sweep)}</span>
      {!busy && sweep.collected.length > 0 && (
        <button type="button" className="link-button" data-testid="host-sweep-show" onClick={() => showHostCollections(hostId)} title={`Show this host's ${sweep.collected.join(' and ')} in the grids`}>
          Show
        </button>
      )}
    </div>
  );
}

function HostRow({ host }: { host: HostProfile }) {
  const activity = useAppStore((s) => s.hostActivity[host.id]);
  const notes = useAppStore((s) => s.hostNotes[host.id]);
  const sweep = useAppStore((s) => s.collectManyHosts[host.id]);
  const ticked = useAppStore((s) => s.collectManySelected[host.id] === true);
  const sweeping = useAppStore((s) => s.collectManyRun !== null && s.collectManyRun.phase !== 'finished');
  const readOnly = useAppStore(readOnlyReason);
  const { collectConnections, collectProcesses, cancelHost, openHostForm, askRemoveHost, openToolsSettings, dismissHostNote, setCollectManySelected, openWatch } = useActions();
  const watching = useAppStore((s) => s.watchRuns[host.id] !== undefined && s.watchRuns[host.id]!.phase !== 'finished');
  // A host in a running collection from many hosts is collected by it: one at a time per host, one cancel for it.
  const inSweep = sweep !== undefined && (sweep.state === 'queued' || sweep.state === 'running');
  const off = readOnly !== null || inSweep;
  const busy = activity !== undefined;
  const hasError = notes !== undefined && Object.values(notes).some((n) => n?.level === 'error');
  const state = busy ? 'collecting' : hasError ? 'error' : 'idle';
  const name = host.label || host.address;

  const applyRemedy = (remedy: HostNote['remedy']) => {
    if (remedy === 'edit-host') openHostForm(host.id);
    else if (remedy === 'tools-settings') openToolsSettings();
  };

  return (
    <li className="host-row" data-testid="host-row" data-host-id={host.id} data-address={host.address} data-state={state} aria-busy={busy || undefined}>
      <div className="router-head">
        <input
          type="checkbox"
          className="host-select"
          data-testid="host-select"
          checked={ticked}
          disabled={readOnly !== null || sweeping}
          onChange={(e) => setCollectManySelected(host.id, e.target.checked)}
          aria-label={`Select ${name} for collecting from many hosts`}
          title={readOnly ?? 'Tick to collect from this host with the others ticked'}
        />
        <span className={`status-dot state-${busy || inSweep ? 'collecting' : hasError ? 'error' : 'disconnected'}`} aria-hidden="true" />
        <span className="router-name" title={name}>
          {name}
        </span>
        {host.isLab && <span className="tag">lab</span>}
        <span className="tag">{host.os === 'windows' ? 'Windows' : 'Linux'}</span>
      </div>
      <div className="router-address muted" title={`${viaLabel[host.via]}, timeout ${host.timeoutMs / 1000} s`}>
        {host.label ? `${host.address} · ` : ''}
        {reachText(host)}
      </div>
      {sweep !== undefined && <SweepState hostId={host.id} sweep={sweep} />}
      {operations.map((operation) => {
        const message = activity?.[operation];
        return message === undefined ? null : (
          <div key={operation} className="host-progress" data-testid="host-progress" data-operation={operation} role="status">
            <span className="spinner" aria-hidden="true" /> <span className="host-progress-text">{message}</span>
          </div>
        );
      })}
      {operations.map((operation) => {
        const note = notes?.[operation];
        return note === undefined ? null : (
          <div
            key={operation}
            className={`host-note host-note-${note.level}`}
            data-testid={note.level === 'error' ? 'host-error' : 'host-note'}
            data-operation={operation}
            data-error-kind={note.errorKind ?? undefined}
            role={note.level === 'error' ? 'alert' : 'status'}
          >
            <span className="host-note-text">{note.message}</span>
            <span className="host-note-actions">
              {note.remedy && (
                <button type="button" className="link-button" data-testid={`host-remedy-${note.remedy}`} onClick={() => applyRemedy(note.remedy)}>
                  {remedyLabel[note.remedy]}
                </button>
              )}
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismissHostNote(host.id, operation)}>
                ✕
              </button>
            </span>
          </div>
        );
      })}
      <div className="router-actions">
        <button
          type="button"
          className="primary"
          data-testid="collect-connections"
          disabled={off || activity?.connections !== undefined}
          onClick={() => void collectConnections(host.id)}
          title={readOnly ?? (host.via === 'ssh' && host.os === 'linux' ? 'Run ss -tunap and show the sockets' : 'Run netstat -ano and show the sockets with their PIDs')}
        >
          Collect connections
        </button>
        <button
          type="button"
          data-testid="collect-processes"
          disabled={off || activity?.processes !== undefined}
          onClick={() => void collectProcesses(host.id)}
          title={readOnly ?? (host.via === 'psexec' ? 'Run pslist and show the processes' : 'List the processes')}
        >
          Collect processes
        </button>
        <button type="button" data-testid="watch-host" disabled={readOnly !== null} onClick={() => openWatch(host.id)} title={readOnly ?? 'List the sockets again and again and catch a short-lived one (a process sending a UDP packet now and then)'}>
          {watching ? 'Watching…' : 'Watch…'}
        </button>
        {busy && (
          <button type="button" className="secondary-danger" data-testid="cancel-host" onClick={() => void cancelHost(host.id)} title="Stop what runs for this host; its partial output is kept in the log">
            Cancel
          </button>
        )}
        <span className="router-manage">
          <button type="button" className="link-button" data-testid="edit-host" disabled={off || busy} title={readOnly ?? undefined} onClick={() => openHostForm(host.id)} aria-label={`Edit ${name}`}>
            Edit
          </button>
          <button type="button" className="link-button quiet-danger" data-testid="remove-host" disabled={off || busy} title={readOnly ?? undefined} onClick={() => askRemoveHost(host.id)} aria-label={`Remove ${name}`}>
            Remove
          </button>
        </span>
      </div>
    </li>
  );
}

export function HostList() {
  const hosts = useAppStore((s) => s.hosts);
  const readOnly = useAppStore(readOnlyReason);
  const { openHostForm, openToolsSettings } = useActions();
  return (
    <section className="sidebar-section hosts" aria-labelledby="hosts-heading" data-testid="host-list">
      <div className="section-head">
        <h2 id="hosts-heading">Hosts</h2>
        <span className="section-head-actions">
          <button type="button" data-testid="tools-settings" disabled={readOnly !== null} onClick={openToolsSettings} title={readOnly ?? 'Where FlowPivot finds PsExec, PsList and PsKill'}>
            Tools…
          </button>
          <button type="button" data-testid="add-host" disabled={readOnly !== null} title={readOnly ?? undefined} onClick={() => openHostForm(null)}>
            + Add host
          </button>
        </span>
      </div>
      <CollectManyBar />
      {hosts.length === 0 ? (
        <p className="muted">No hosts yet: add a Windows host (PsExec), a server over SSH, or this machine.</p>
      ) : (
        <ul className="router-list host-list">
          {hosts.map((host) => (
            <HostRow key={host.id} host={host} />
          ))}
        </ul>
      )}
    </section>
  );
}
