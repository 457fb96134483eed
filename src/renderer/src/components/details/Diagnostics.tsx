// What the parser could not read, line by line, in a strip above the grid; the rest of the output still counts.
import { useAppStore } from '../../store/appStore';
import { getCollectionData } from '../../store/flowCache';
import { selectActiveCollection } from '../../store/selectors';
import { formatCount } from '../format';

/** Beyond this the list stops; the count says how many more there are. */
const maxShown = 500;

export function Diagnostics() {
  const collection = useAppStore(selectActiveCollection);
  const diagnostics = getCollectionData(collection?.id ?? null)?.diagnostics ?? [];
  if (!collection || diagnostics.length === 0) return null;
  const shown = diagnostics.slice(0, maxShown);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <details className={`diagnostics-strip ${errors > 0 ? 'has-errors' : ''}`} data-testid="diagnostics">
      <summary>
        <span aria-hidden="true">⚠</span> Parser diagnostics ({formatCount(diagnostics.length)}): lines of the output that were not
        read as flows or statistics
      </summary>
      <ol className="diagnostics">
        {shown.map((d, index) => (
          <li key={`${d.line}-${index}`} className={`diagnostic ${d.severity}`} data-testid="diagnostic">
            <span className="diagnostic-line">line {d.line}</span>
            <span className={`severity ${d.severity}`}>{d.severity}</span>
            <span className="diagnostic-message">
              {d.message}
              {d.expected && <span className="muted"> (expected: {d.expected})</span>}
            </span>
            <code className="diagnostic-text">{d.text}</code>
          </li>
        ))}
      </ol>
      {diagnostics.length > maxShown && <p className="muted">… and {formatCount(diagnostics.length - maxShown)} more not listed here.</p>}
    </details>
  );
}
