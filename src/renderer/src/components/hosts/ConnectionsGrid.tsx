// The connections grid: the shown collection's sockets (rows from hostCache, never React or zustand state), process
// names from the same host's newest process listing, and the picked PID's sockets highlighted.
import './hostGridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { GetRowIdParams, GridApi, GridReadyEvent, ModelUpdatedEvent, RowClassParams, RowClickedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Connection } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { getConnectionData, getConnectionRows, getProcessNames } from '../../store/hostCache';
import type { PickedProcess } from '../../store/hostsSlice';
import { selectActiveConnections, selectNewestProcessesOf } from '../../store/selectors';
import { formatTime } from '../format';
import { connectionColumns, hostDefaultColDef, type ConnectionGridContext } from './connectionColumns';
import { HostCollectionBar } from './HostCollectionBar';
import { csvFileName, csvSafeCell, hostGridTheme } from './hostGridSetup';

const noDiagnostics: never[] = [];

export function ConnectionsGrid() {
  const collection = useAppStore(selectActiveConnections);
  const names = useAppStore(selectNewestProcessesOf(collection?.hostKey ?? null));
  const picked = useAppStore((s) => s.pickedProcess);
  const filter = useAppStore((s) => s.connectionsFilter);
  const { setConnectionsFilter, pickProcess } = useActions();
  const [gridApi, setGridApi] = useState<GridApi<Connection> | null>(null);
  const [shown, setShown] = useState(0);
  // Read by callbacks the grid takes once.
  const collectionIdRef = useRef<string | null>(null);
  const hostKeyRef = useRef<string | null>(null);
  const pickedRef = useRef<PickedProcess | null>(null);
  const context = useRef<ConnectionGridContext>({ processNames: new Map(), processNamesSource: null }).current;
  const collectionId = collection?.id ?? null;
  const namesId = names?.id ?? null;
  const namesSource = names ? `${names.tool} at ${formatTime(names.startedAt)}` : null;

  useEffect(() => {
    if (!gridApi) return;
    collectionIdRef.current = collectionId;
    hostKeyRef.current = collection?.hostKey ?? null;
    const rows = getConnectionRows(collectionId);
    gridApi.setGridOption('rowData', rows);
    gridApi.setColumnsVisible(['components'], rows.some((c) => c.components.length > 0));
  }, [gridApi, collectionId, collection?.hostKey]);

  useEffect(() => {
    if (!gridApi) return;
    context.processNames = getProcessNames(namesId);
    context.processNamesSource = namesSource;
    gridApi.refreshCells({ columns: ['process'], force: true });
    // The quick filter caches each row's text, names included.
    gridApi.resetQuickFilter();
    gridApi.onFilterChanged();
  }, [gridApi, context, namesId, namesSource]);

  useEffect(() => {
    pickedRef.current = picked;
    if (!gridApi) return;
    gridApi.redrawRows();
    if (picked && picked.hostKey === hostKeyRef.current) gridApi.ensureNodeVisible((node) => node.data?.pid === picked.pid, 'middle');
  }, [gridApi, picked, collectionId]);

  const getRowId = useCallback((params: GetRowIdParams<Connection>) => `${collectionIdRef.current ?? 'none'}:${params.data.line}`, []);
  const onGridReady = useCallback((event: GridReadyEvent<Connection>) => setGridApi(event.api), []);
  const countShown = useCallback((event: ModelUpdatedEvent<Connection>) => setShown(event.api.getDisplayedRowCount()), []);
  const rowClassRules = useRef({
    'row-picked': (params: RowClassParams<Connection>) => {
      const current = pickedRef.current;
      return current !== null && current.hostKey === hostKeyRef.current && params.data?.pid === current.pid;
    },
  }).current;

  const onRowClicked = useCallback(
    (event: RowClickedEvent<Connection>) => {
      const pid = event.data?.pid ?? null;
      const hostKey = hostKeyRef.current;
      if (pid === null || hostKey === null) return;
      const current = pickedRef.current;
      pickProcess(current?.hostKey === hostKey && current.pid === pid ? null : { hostKey, pid });
    },
    [pickProcess],
  );

  const exportCsv = () => {
    if (!gridApi || !collection) return;
    gridApi.exportDataAsCsv({ allColumns: true, fileName: csvFileName('connections', collection.host, collection.startedAt), processCellCallback: csvSafeCell });
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
        onExport={exportCsv}
      />
      <div className="host-grid" data-testid="connections-grid">
        <AgGridReact<Connection>
          theme={hostGridTheme}
          columnDefs={connectionColumns}
          defaultColDef={hostDefaultColDef}
          context={context}
          getRowId={getRowId}
          rowClassRules={rowClassRules}
          quickFilterText={filter}
          cacheQuickFilter
          tooltipShowDelay={400}
          enableCellTextSelection
          animateRows={false}
          overlayNoRowsTemplate={collection ? 'No sockets match the filters.' : 'No connections yet: choose “Collect connections” on a host.'}
          onGridReady={onGridReady}
          onModelUpdated={countShown}
          onRowClicked={onRowClicked}
        />
      </div>
    </section>
  );
}
