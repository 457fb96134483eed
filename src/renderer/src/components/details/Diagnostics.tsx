// What the parser could not read, line by line; the rest of the output still counts.
import type { Diagnostic } from '../../../../shared/domain';

/** Beyond this the list stops; the count says how many more there are. */
const maxShown = 500;

export function Diagnostics({ diagnostics }: { diagnostics: Diagnostic[] }) {
  if (diagnostics.length === 0) {
    return <p className="muted" data-testid="diagnostics">The parser read every line.</p>;
  }
  const shown = diagnostics.slice(0, maxShown);
  return (
    <div data-testid="diagnostics">
      <ol className="diagnostics">
        {shown.map((d, index) => (
          <li key={`${d.line}-${index}`} className={`diagnostic ${d.severity}`}>
            <span className="diagnostic-line">line {d.line}</span>
            <span className={`severity ${d.severity}`}>{d.severity}</span>
            <span className="diagnostic-message">
              {d.message}
              {d.expected && <span className="muted"> (expected {d.expected})</span>}
            </span>
            <code className="diagnostic-text">{d.text}</code>
          </li>
        ))}
      </ol>
      {diagnostics.length > maxShown && (
        <p className="muted">… and {diagnostics.length - maxShown} more not listed here.</p>
      )}
    </div>
  );
}
