// The connections grid: the shown collection's sockets (rows from hostCache, never React or zustand state), process
// names from the same host's newest process listing, the picked PID's sockets highlighted, and the sockets the selected
// flow matched marked; selecting a socket selects its process and marks the flows it carried. Rows with a note in the
// case are marked; the row menu adds one.
import './hostGridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { GridApi, RowClassRules } from 'ag-grid-community';
import { useEffect, useMemo, useRef } from 'react';
import type { Connection } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { getConnectionData, getConnectionRows, getProcessNames } from '../../store/hostCache';
import { selectActiveConnections, selectNewestProcessesOf } from '../../store/selectors';
import { noteDisabledReason } from '../../store/caseSlice';
import { readOnlyReason } from '../../store/readOnly';
import { useNotedRows } from '../case/useNotedRows';
import { useCollectionGrid } from '../grid/collectionGrid';
import { exportFileName, exportGrid, type ExportFormat, type ExportRows } from '../grid/gridExport';
import { usePersistedGridState } from '../grid/persistedGridState';
import { RowContextMenu, useRowMenu, ownContextMenu } from '../grid/RowContextMenu';
import { ConnectionsViewSwitch } from '../pivot/ConnectionsViewSwitch';
import { onRowContextMenu, onRowKey, useRedrawOnChange } from '../pivot/gridKeys';
import { usePivotView } from '../pivot/pivotView';
import { formatTime } from '../format';
import { connectionColumns, hostDefaultColDef, type ConnectionGridContext } from './connectionColumns';
import { HostCollectionBar } from './HostCollectionBar';
import { hostGridTheme } from './hostGridSetup';
import { usePickedProcess } from './usePickedProcess';

const noDiagnostics: never[] = [];

/** The column of netstat -b's service names only when the listing has some. */
function showComponentsColumn(api: GridApi<Connection>, rows: Connection[]): void {
  api.setColumnsVisible(['components'], rows.some((c) => c.components.length > 0));
}

export function ConnectionsGrid() {
  const collection = useAppStore(selectActiveConnections);
  const names = useAppStore(selectNewestProcessesOf(collection?.hostKey ?? null));
  const filter = useAppStore((s) => s.connectionsFilter);
  const pivot = useAppStore((s) => s.pivot);
  const readOnly = useAppStore(readOnlyReason);
  const noteOff = useAppStore(noteDisabledReason);
  const { setConnectionsFilter, pivotToConnection, pivotToProcess, clearPivot, askKill, askNote } = useActions();
  // Read by the process column, which the grid takes once.
  const context = useRef<ConnectionGridContext>({ processNames: new Map(), processNamesSource: null }).current;
  const collectionId = collection?.id ?? null;
  const namesId = names?.id ?? null;
  const namesSource = names ? `${names.tool} at ${formatTime(names.startedAt)}` : null;
  const { gridApi, shown, gridProps } = useCollectionGrid(collectionId, getConnectionRows, showComponentsColumn);

  useEffect(() => {
    if (!gridApi) return;
    context.processNames = getProcessNames(namesId);
    context.processNamesSource = namesSource;
    gridApi.refreshCells({ columns: ['process'], force: true });
    // The quick filter caches each row's text, names included.
    gridApi.resetQuickFilter();
    gridApi.onFilterChanged();
  }, [gridApi, context, namesId, namesSource]);

  const hostKey = collection?.hostKey ?? null;
  const select = (host: string, row: Connection) => {
    if (collectionId !== null) pivotToConnection(collectionId, host, row.line, row.pid);
  };
  const { rowClassRules: pickedRules, onRowClicked } = usePickedProcess(gridApi, hostKey, collectionId, select);
  const persisted = usePersistedGridState('connections');
  const [menu, openMenu, closeMenu] = useRowMenu();

  // The selected socket, and the sockets the selected flow matched, marked through this ref.
  const { matchedSocketLines } = usePivotView();
  const originLine = pivot?.kind === 'connection' && pivot.collectionId === collectionId ? pivot.line : null;
  const matchedLines = collectionId === null ? undefined : matchedSocketLines.get(collectionId);
  const noted = useNotedRows(collectionId, getConnectionRows);
  const marks = useRef({ originLine, matchedLines, noted });
  useEffect(() => {
    marks.current = { originLine, matchedLines, noted };
  });
  const rowClassRules = useMemo<RowClassRules<Connection>>(
    () => ({
      ...pickedRules,
      'row-origin': ({ data }) => data !== undefined && data.line === marks.current.originLine,
      'row-linked': ({ data }) => data !== undefined && marks.current.matchedLines?.has(data.line) === true,
      'row-noted': ({ data }) => data !== undefined && marks.current.noted.has(data),
    }),
    [pickedRules],
  );
  useRedrawOnChange(gridApi, originLine, matchedLines, noted);

  const menuFor = (row: Connection, at: { x: number; y: number }) => {
    if (hostKey === null) return;
    const pid = row.pid !== null && row.pid > 0 ? row.pid : null;
    const what = `Socket ${row.proto} ${row.localAddr}:${row.localPort ?? ''}`;
    openMenu({
      ...at,
      label: what,
      items: [
        { label: 'Select it: its process and the flows it carried', shortcut: 'Enter', onSelect: () => select(hostKey, row) },
        { label: 'Show all of the process’s sockets and flows', onSelect: () => pid !== null && pivotToProcess(hostKey, pid), disabled: pid === null },
        { label: 'Kill its process…', danger: true, testId: 'menu-kill-process', onSelect: () => pid !== null && askKill(hostKey, pid), disabled: pid === null || readOnly !== null, title: readOnly ?? undefined },
        {
          label: 'Add note…',
          testId: 'menu-add-note',
          onSelect: () => collectionId !== null && askNote({ kind: 'connections', collectionId, record: row }, `${what} on ${collection?.host ?? ''}`),
          disabled: noteOff !== null,
          title: noteOff ?? 'Keep a note on this socket in the case',
        },
        { label: 'Clear the selection', shortcut: 'Esc', onSelect: clearPivot, disabled: pivot === null },
      ],
    });
  };

  const exportRows = (format: ExportFormat, rows: ExportRows) => {
    if (!gridApi || !collection) return;
    const about = { grid: 'connections', collectionId: collection.id, host: collection.host, command: collection.commandText, startedAt: collection.startedAt, finishedAt: collection.finishedAt, format: collection.format, parserVersion: collection.parserVersion };
    exportGrid(gridApi, format, rows, { fileName: exportFileName('connections', collection.host, collection.startedAt), about });
  };

  return (
    <section className="host-grid-panel" aria-label="Connections">
      <HostCollectionBar
        kind="connections"
        active={collection}
        diagnostics={getConnectionData(collectionId)?.diagnostics ?? noDiagnostics}
        filter={filter}
        onFilter={setConnectionsFilter}
        shown={shown}
        canExport={collection !== null && gridApi !== null}
        onExport={exportRows}
      >
        <ConnectionsViewSwitch />
      </HostCollectionBar>
      <div className="host-grid" data-testid="connections-grid">
        <AgGridReact<Connection>
          {...gridProps}
          theme={hostGridTheme}
          columnDefs={connectionColumns}
          defaultColDef={hostDefaultColDef}
          context={context}
          rowClassRules={rowClassRules}
          quickFilterText={filter}
          {...ownContextMenu}
          {...persisted}
          overlayNoRowsTemplate={collection ? 'No sockets match the filters.' : 'No connections yet: choose “Collect connections” on a host.'}
          onRowClicked={onRowClicked}
          onCellKeyDown={(event) => onRowKey(event, { onEnter: (row) => hostKey !== null && select(hostKey, row), onEscape: clearPivot, onMenu: menuFor })}
          onCellContextMenu={(event) => onRowContextMenu(event, menuFor)}
        />
      </div>
      <RowContextMenu menu={menu} onClose={closeMenu} />
    </section>
  );
}
