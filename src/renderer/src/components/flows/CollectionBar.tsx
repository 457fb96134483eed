// Which collection the grid shows, what it is (device, command, when, how many flows), and closing it.
import { useActions, useAppStore } from '../../store/appStore';
import { selectActiveCollection } from '../../store/selectors';
import { formatCount, formatDateTime, formatTime } from '../format';

export function CollectionBar() {
  const collections = useAppStore((s) => s.collections);
  const active = useAppStore(selectActiveCollection);
  const { selectCollection, closeCollection } = useActions();

  if (!active) {
    return (
      <div className="collection-bar">
        <span className="muted">No flows collected yet.</span>
      </div>
    );
  }
  return (
    <div className="collection-bar" data-testid="collection-bar">
      {collections.length > 1 ? (
        <select
          aria-label="Collection shown"
          data-testid="collection-select"
          value={active.id}
          onChange={(e) => selectCollection(e.target.value)}
        >
          {collections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.device} · {formatTime(c.startedAt)} · {formatCount(c.flowCount)} flows
            </option>
          ))}
        </select>
      ) : (
        <strong className="collection-device">{active.device}</strong>
      )}
      <code className="collection-command" title={`Parsed by ${active.format} ${active.parserVersion}`}>
        {active.command}
      </code>
      <span className="muted" title={`${active.startedAt} – ${active.finishedAt} (UTC)`}>
        {formatDateTime(active.startedAt)}
      </span>
      <span>
        {formatCount(active.flowCount)} flows · {formatCount(active.packetCount)} packets
      </span>
      {active.flaggedCount > 0 && (
        <span className="warning-text" title="Flows whose source or destination address is not a number">
          ⚠ {formatCount(active.flaggedCount)} with a non-numeric address
        </span>
      )}
      {active.outcome !== 'ok' && <span className="warning-text">command outcome: {active.outcome}</span>}
      <span className="toolbar-spacer" />
      <button type="button" className="link-button" onClick={() => closeCollection(active.id)} title="Close this collection and free its rows">
        Close
      </button>
    </div>
  );
}
