// Above a host grid: which collection it shows (host, command, when, outcome), switching and closing it, the quick
// filter, the row count and the export (CSV or JSON).
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import type { HostCollectionKind, HostCollectionSummary } from '../../store/hostsSlice';
import { useQuickFilterText } from '../grid/collectionGrid';
import { ExportMenu } from '../grid/ExportMenu';
import type { ExportFormat, ExportRows } from '../grid/gridExport';
import { formatCount, formatDateTime, formatTime } from '../format';
import { QuickFilter } from '../grid/QuickFilter';

const diagnosticsInTitle = 10;

const words: Record<HostCollectionKind, { title: string; rows: string; filter: string }> = {
  connections: { title: 'Connections', rows: 'sockets', filter: 'Filter: address, port, service, PID, process…' },
  processes: { title: 'Processes', rows: 'processes', filter: 'Filter: name, PID, user, command line…' },
};

interface Props {
  kind: HostCollectionKind;
  active: HostCollectionSummary | null;
  diagnostics: Diagnostic[];
  filter: string;
  onFilter: (text: string) => void;
  shown: number;
  canExport: boolean;
  onExport: (format: ExportFormat, rows: ExportRows) => void;
  /** Shown after the title: the connections grid's view switch. */
  children?: ReactNode;
}

function hostName(summary: HostCollectionSummary, labels: Record<string, string>): string {
  const label = summary.hostId === null ? undefined : labels[summary.hostId];
  return label ? `${label} (${summary.host})` : summary.host;
}

export function HostCollectionBar({ kind, active, diagnostics, filter, onFilter, shown, canExport, onExport, children }: Props) {
  const collections = useAppStore(useShallow((s) => s.hostCollections.filter((c) => c.kind === kind)));
  const labels = useAppStore(useShallow((s) => Object.fromEntries(s.hosts.filter((h) => h.label !== '').map((h) => [h.id, h.label]))));
  const { selectHostCollection, closeHostCollection } = useActions();
  const [text, setText] = useQuickFilterText(filter, onFilter);
  const w = words[kind];

  const total = active?.recordCount ?? 0;
  const diagnosticTitle = diagnostics
    .slice(0, diagnosticsInTitle)
    .map((d) => `line ${d.line}: ${d.message}`)
    .join('\n') + (diagnostics.length > diagnosticsInTitle ? `\n… and ${diagnostics.length - diagnosticsInTitle} more (see the log)` : '');

  return (
    <div className="host-grid-head">
      <div className="host-grid-title">
        <h2>{w.title}</h2>
        {children}
        {active === null ? (
          <span className="muted">none collected yet</span>
        ) : collections.length > 1 ? (
          <select
            aria-label={`${w.title} shown`}
            data-testid={`${kind}-collection-select`}
            value={active.id}
            onChange={(e) => selectHostCollection(e.target.value)}
          >
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {hostName(c, labels)} · {formatTime(c.startedAt)} · {formatCount(c.recordCount)} {w.rows}
              </option>
            ))}
          </select>
        ) : (
          <strong className="host-grid-host" data-testid={`${kind}-host`} title={hostName(active, labels)}>
            {active.host}
          </strong>
        )}
        {active && (
          <>
            <span className="muted small host-grid-time" title={`${formatDateTime(active.startedAt)}\n${active.startedAt} – ${active.finishedAt} (UTC)`}>
              {formatTime(active.startedAt)}
            </span>
            <code className="collection-command host-grid-command" title={`${active.commandFull}\nParsed by ${active.format} ${active.parserVersion}${active.toolVersion ? `\n${active.tool} ${active.toolVersion}` : ''}`}>
              {active.commandText}
            </code>
            {active.outcome !== 'ok' && <span className="warning-text">outcome: {active.outcome}</span>}
            <span className="toolbar-spacer" />
            <button type="button" className="link-button" onClick={() => closeHostCollection(active.id)} title="Close this collection and free its rows">
              Close
            </button>
          </>
        )}
      </div>
      <div className="toolbar host-grid-toolbar">
        <QuickFilter
          testId={`${kind}-filter`}
          countTestId={`${kind}-count`}
          placeholder={w.filter}
          label={`Filter ${kind}`}
          value={text}
          onChange={setText}
          shown={shown}
          total={total}
          rows={active ? w.rows : null}
        />
        {diagnostics.length > 0 && (
          <span className="warning-text small" title={diagnosticTitle} data-testid={`${kind}-diagnostics`}>
            ⚠ {formatCount(diagnostics.length)} parser {diagnostics.length === 1 ? 'note' : 'notes'}
          </span>
        )}
        <span className="toolbar-spacer" />
        <ExportMenu testId={`${kind}-export`} rows={w.rows} disabled={!canExport} onExport={onExport} />
      </div>
    </div>
  );
}
