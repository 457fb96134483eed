// While a flow is selected, the connections grid shows either its matches on every collected host or one host's sockets.
import { useActions, useAppStore } from '../../store/appStore';
import { usePivotView } from './pivotView';

export function ConnectionsViewSwitch() {
  const isFlow = useAppStore((s) => s.pivot?.kind === 'flow');
  const current = useAppStore((s) => s.connectionsView);
  const { setConnectionsView } = useActions();
  const { matches } = usePivotView();
  if (!isFlow) return null;
  return (
    <span className="view-switch" role="group" aria-label="Connections shown">
      <button type="button" aria-pressed={current === 'matches'} data-testid="view-matches" onClick={() => setConnectionsView('matches')} title="The sockets the selected flow matched, on every collected host">
        Matches ({matches.length})
      </button>
      <button type="button" aria-pressed={current === 'sockets'} data-testid="view-sockets" onClick={() => setConnectionsView('sockets')} title="All sockets of one host’s collection">
        Sockets
      </button>
    </span>
  );
}
