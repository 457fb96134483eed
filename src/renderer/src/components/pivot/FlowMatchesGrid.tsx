// The connections grid's "Matches" view: the sockets the selected flow matched on every collected host, strongest
// first, with how and why; picking one picks its process (and shows that host in the processes grid); a match is
// the chain the analyst marks as a finding.
import '../hosts/hostGridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { GetRowIdParams, GridApi, GridReadyEvent, ModelUpdatedEvent, RowClassRules } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionMatch } from '../../../../shared/correlation/correlation';
import { useActions, useAppStore } from '../../store/appStore';
import { noteDisabledReason } from '../../store/caseSlice';
import { flowSeenAt, hostDisplayName, matchRowId } from '../../store/pivotSlice';
import { readOnlyReason } from '../../store/readOnly';
import { ExportMenu } from '../grid/ExportMenu';
import { exportFileName, exportGrid, type ExportFormat, type ExportRows } from '../grid/gridExport';
import { useQuickFilterText } from '../grid/collectionGrid';
import { formatCount } from '../format';
import { RowContextMenu, useRowMenu, ownContextMenu } from '../grid/RowContextMenu';
import { usePersistedGridState } from '../grid/persistedGridState';
import { hostGridTheme } from '../hosts/hostGridSetup';
import { ConnectionsViewSwitch } from './ConnectionsViewSwitch';
import { onRowContextMenu, onRowKey, useRedrawOnChange } from './gridKeys';
import { matchColumns, matchDefaultColDef, type MatchGridContext } from './matchColumns';
import { usePivotView } from './pivotView';
import { QuickFilter } from '../grid/QuickFilter';

const getRowId = (params: GetRowIdParams<ConnectionMatch>) => matchRowId(params.data);

export function FlowMatchesGrid() {
  const view = usePivotView();
  const hosts = useAppStore((s) => s.hosts);
  const selectedMatch = useAppStore((s) => s.selectedMatch);
  const picked = useAppStore((s) => s.pickedProcess);
  const readOnly = useAppStore(readOnlyReason);
  const findingOff = useAppStore(noteDisabledReason);
  const { pickMatch, clearPivot, askKill, pivotToProcess, selectHostCollection, askFinding } = useActions();
  const hostCollections = useAppStore((s) => s.hostCollections);
  const [gridApi, setGridApi] = useState<GridApi<ConnectionMatch> | null>(null);
  const [shown, setShown] = useState(0);
  const [filter, setFilter] = useState('');
  const [filterText, setFilterText] = useQuickFilterText(filter, setFilter);
  const [menu, openMenu, closeMenu] = useRowMenu();
  const persisted = usePersistedGridState('matches');
  const context = useRef<MatchGridContext>({ hostNames: new Map() }).current;
  const selection = useRef({ selectedMatch, picked });
  useEffect(() => {
    selection.current = { selectedMatch, picked };
  });

  const hostNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const [hostKey, host] of view.index.hosts) names.set(hostKey, hostDisplayName(host.host, hosts.find((h) => h.id === host.hostId)));
    return names;
  }, [view.index, hosts]);

  useEffect(() => {
    if (!gridApi) return;
    context.hostNames = hostNames;
    gridApi.setGridOption('rowData', view.matches);
    gridApi.refreshCells({ columns: ['host'], force: true });
  }, [gridApi, view.matches, hostNames, context]);

  useRedrawOnChange(gridApi, selectedMatch, picked);
  useEffect(() => {
    if (gridApi && selectedMatch) gridApi.ensureNodeVisible((node) => node.id === selectedMatch);
  }, [gridApi, selectedMatch, view.matches]);

  const rowClassRules = useRef<RowClassRules<ConnectionMatch>>({
    'row-picked': ({ data }) => {
      const { selectedMatch: id, picked: current } = selection.current;
      if (!data) return false;
      return id !== null ? matchRowId(data) === id : current !== null && current.hostKey === data.hostKey && current.pid === data.connection.pid;
    },
  }).current;

  const showSockets = (match: ConnectionMatch) => {
    const connectionsId = view.index.hosts.get(match.hostKey)?.connectionsId;
    if (connectionsId) selectHostCollection(connectionsId);
    if (match.connection.pid !== null) pivotToProcess(match.hostKey, match.connection.pid);
  };

  const menuFor = (match: ConnectionMatch, at: { x: number; y: number }) => {
    const pid = match.connection.pid;
    const hasProcess = pid !== null && pid > 0 && match.process !== null;
    openMenu({
      ...at,
      label: `Match on ${hostNames.get(match.hostKey) ?? match.hostKey}`,
      items: [
        { label: 'Pick its process', shortcut: 'Enter', onSelect: () => pickMatch(match), disabled: pid === null || pid === 0 },
        { label: 'Show the process’s sockets and flows', onSelect: () => showSockets(match), disabled: pid === null || pid === 0 },
        {
          label: 'Mark as finding…',
          testId: 'menu-mark-finding',
          onSelect: () => view.flowRef && askFinding(view.flowRef, match),
          disabled: findingOff !== null,
          title: findingOff ?? 'Keep this flow, its socket and its process in the case as a finding',
        },
        { label: 'Kill process…', danger: true, testId: 'menu-kill-process', onSelect: () => askKill(match.hostKey, pid!), disabled: !hasProcess || readOnly !== null, title: readOnly ?? undefined },
      ],
    });
  };

  const exportRows = (format: ExportFormat, rows: ExportRows) => {
    const { flow, flowRef } = view;
    if (!gridApi || !flow || !flowRef) return;
    const seenAt = flowSeenAt(flowRef) ?? new Date().toISOString();
    const about = { grid: 'matches', flow: { collectionId: flowRef.collectionId, line: flow.line, srcAddr: flow.srcAddr, srcPort: flow.srcPort, dstAddr: flow.dstAddr, dstPort: flow.dstPort, protocol: flow.protocol, seenAt } };
    exportGrid(gridApi, format, rows, { fileName: exportFileName('matches', `${flow.srcAddr}_${flow.srcPort}-${flow.dstAddr}_${flow.dstPort}`, seenAt), about });
  };

  const onGridReady = useCallback((event: GridReadyEvent<ConnectionMatch>) => setGridApi(event.api), []);
  const onModelUpdated = useCallback((event: ModelUpdatedEvent<ConnectionMatch>) => setShown(event.api.getDisplayedRowCount()), []);
  const hostCount = new Set(view.matches.map((m) => m.hostKey)).size;
  const collectedCount = hostCollections.some((c) => c.kind === 'connections') ? view.index.hosts.size : 0;
  const total = view.matches.length;

  return (
    <section className="host-grid-panel" aria-label="Sockets matching the selected flow">
      <div className="host-grid-head">
        <div className="host-grid-title">
          <h2>Connections</h2>
          <ConnectionsViewSwitch />
          <span className="muted small matches-summary" data-testid="matches-summary">
            {total === 0
              ? `no socket matches, on ${formatCount(collectedCount)} collected ${collectedCount === 1 ? 'host' : 'hosts'}`
              : `${formatCount(total)} ${total === 1 ? 'socket' : 'sockets'} on ${formatCount(hostCount)} ${hostCount === 1 ? 'host' : 'hosts'}, strongest first`}
          </span>
        </div>
        <div className="toolbar host-grid-toolbar">
          <QuickFilter
            testId="matches-filter"
            countTestId="matches-count"
            placeholder="Filter matches: host, kind, address, PID, process…"
            label="Filter matches"
            value={filterText}
            onChange={setFilterText}
            shown={shown}
            total={total}
            rows="matches"
          />
          <span className="toolbar-spacer" />
          <ExportMenu testId="matches-export" rows="matches" disabled={!gridApi || total === 0} onExport={exportRows} />
        </div>
      </div>
      <div className="host-grid" data-testid="matches-grid">
        <AgGridReact<ConnectionMatch>
          theme={hostGridTheme}
          columnDefs={matchColumns}
          defaultColDef={matchDefaultColDef}
          context={context}
          getRowId={getRowId}
          rowClassRules={rowClassRules}
          quickFilterText={filter}
          cacheQuickFilter
          tooltipShowDelay={400}
          enableCellTextSelection
          animateRows={false}
          // A flow matches a few sockets: every column is drawn, so nothing is missing when the pane is narrow.
          suppressColumnVirtualisation
          {...ownContextMenu}
          {...persisted}
          overlayNoRowsTemplate="No socket on the collected hosts matches this flow. The bar above says which of its hosts are not collected yet."
          onGridReady={onGridReady}
          onModelUpdated={onModelUpdated}
          onRowClicked={(event) => event.data && pickMatch(event.data)}
          onCellKeyDown={(event) => onRowKey(event, { onEnter: pickMatch, onEscape: clearPivot, onMenu: menuFor })}
          onCellContextMenu={(event) => onRowContextMenu(event, menuFor)}
        />
      </div>
      <RowContextMenu menu={menu} onClose={closeMenu} />
    </section>
  );
}
