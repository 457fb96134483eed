// The configured routers: live state from router.status events, and the actions on each.
import type { RouterConnectionState, RouterProfile } from '../../../shared/domain';
import { useActions, useAppStore } from '../store/appStore';
import { readOnlyReason } from '../store/readOnly';
import type { RouterAction } from '../store/routersSlice';
import { formatBytes } from './format';

const stateText: Record<RouterConnectionState, string> = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  connected: 'Connected',
  collecting: 'Collecting…',
  error: 'Error',
};

const busyText: Record<RouterAction, string> = {
  connect: 'Connecting…',
  collect: 'Collecting…',
  disconnect: 'Disconnecting…',
  remove: 'Removing…',
};

function RouterRow({ router }: { router: RouterProfile }) {
  const status = useAppStore((s) => s.statuses[router.id]);
  const busy = useAppStore((s) => s.busy[router.id]);
  const progress = useAppStore((s) => s.progress[router.id]);
  const readOnly = useAppStore(readOnlyReason);
  const off = readOnly !== null;
  const { connectRouter, collectFlows, disconnectRouter, openRouterForm, askRemoveRouter, openTerminal } = useActions();
  const openingTerminal = useAppStore((s) => s.terminalOpening === router.id);
  const state: RouterConnectionState = status?.state ?? 'disconnected';
  const isUp = state === 'connected' || state === 'collecting';

  let activity: string | null = null;
  if (busy === 'collect' || state === 'collecting') {
    activity = progress ? `Collecting… ${formatBytes(progress.receivedBytes)}` : 'Collecting…';
  } else if (busy) {
    activity = busyText[busy];
  }

  return (
    <li className="router-row" data-testid="router-row" data-router-id={router.id} data-state={state} aria-busy={busy ? true : undefined}>
      <div className="router-head">
        <span className={`status-dot state-${state}`} aria-hidden="true" />
        <span className="router-name" title={router.name}>
          {router.name}
        </span>
        {router.isLab && <span className="tag">lab</span>}
        {router.legacyAlgorithms && (
          <span className="tag" title="Legacy algorithms enabled">
            legacy
          </span>
        )}
      </div>
      <div className="router-address muted">
        {router.username}@{router.host}:{router.port}
      </div>
      <div className="router-state" aria-live="polite" data-testid="router-state">
        {activity ? (
          <>
            <span className="spinner" aria-hidden="true" /> {activity}
          </>
        ) : (
          <>
            {stateText[state]}
            {status?.prompt && isUp ? <code className="prompt"> {status.prompt}</code> : null}
          </>
        )}
      </div>
      {state === 'error' && status?.message && <div className="router-message">{status.message}</div>}
      {isUp && status?.algorithms && (
        <div className="router-algorithms muted" title="Negotiated algorithms">
          {status.algorithms.kex} · {status.algorithms.cipher} · {status.algorithms.serverHostKey}
        </div>
      )}
      <div className="router-actions">
        <button type="button" data-testid="connect-router" disabled={off || !!busy || isUp || state === 'connecting'} title={readOnly ?? undefined} onClick={() => void connectRouter(router.id)}>
          Connect
        </button>
        <button type="button" className="primary" data-testid="collect-flows" disabled={off || !!busy || state === 'collecting'} onClick={() => void collectFlows(router.id)} title={readOnly ?? 'Run “show ip cache flow” and show the flows'}>
          Collect flows
        </button>
        <button type="button" data-testid="disconnect-router" disabled={off || !!busy || state === 'disconnected'} title={readOnly ?? undefined} onClick={() => void disconnectRouter(router.id)}>
          Disconnect
        </button>
        <button type="button" data-testid="open-terminal" disabled={off || openingTerminal} title={readOnly ?? 'Open the router’s CLI in a terminal (same credentials and host-key checks); what you type and see is kept in the case'} onClick={() => void openTerminal({ router: router.id })}>
          {openingTerminal && <span className="spinner" aria-hidden="true" />}
          Terminal
        </button>
        <span className="router-manage">
          <button type="button" className="link-button" data-testid="edit-router" disabled={off || !!busy} title={readOnly ?? undefined} onClick={() => openRouterForm(router.id)} aria-label={`Edit ${router.name}`}>
            Edit
          </button>
          <button type="button" className="link-button quiet-danger" data-testid="remove-router" disabled={off || !!busy} title={readOnly ?? undefined} onClick={() => askRemoveRouter(router.id)} aria-label={`Remove ${router.name}`}>
            Remove
          </button>
        </span>
      </div>

    </li>
  );
}

export function RouterList() {
  const routers = useAppStore((s) => s.routers);
  const readOnly = useAppStore(readOnlyReason);
  const { openRouterForm } = useActions();
  return (
    <section className="sidebar-section routers" aria-labelledby="routers-heading">
      <div className="section-head">
        <h2 id="routers-heading">Routers</h2>
        <button type="button" data-testid="add-router" disabled={readOnly !== null} title={readOnly ?? undefined} onClick={() => openRouterForm(null)}>
          + Add router
        </button>
      </div>
      {routers.length === 0 ? (
        <p className="muted">No routers yet.</p>
      ) : (
        <ul className="router-list">
          {routers.map((router) => (
            <RouterRow key={router.id} router={router} />
          ))}
        </ul>
      )}
    </section>
  );
}
