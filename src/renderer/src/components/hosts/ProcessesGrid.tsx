// The processes grid: the shown collection's processes (rows from hostCache), columns the listing has, and the picked
// PID selected and scrolled to; clicking a process picks it, so the connections grid shows its sockets.
import './hostGridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { GetRowIdParams, GridApi, GridReadyEvent, ModelUpdatedEvent, RowClassParams, RowClickedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcessEntry } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { getProcessData, getProcessRows } from '../../store/hostCache';
import type { PickedProcess } from '../../store/hostsSlice';
import { selectActiveProcesses } from '../../store/selectors';
import { HostCollectionBar } from './HostCollectionBar';
import { csvFileName, csvSafeCell, hostGridTheme } from './hostGridSetup';
import { optionalProcessColumns, processColumns, processDefaultColDef } from './processColumns';

const noDiagnostics: never[] = [];

export function ProcessesGrid() {
  const collection = useAppStore(selectActiveProcesses);
  const picked = useAppStore((s) => s.pickedProcess);
  const filter = useAppStore((s) => s.processesFilter);
  const { setProcessesFilter, pickProcess } = useActions();
  const [gridApi, setGridApi] = useState<GridApi<ProcessEntry> | null>(null);
  const [shown, setShown] = useState(0);
  const collectionIdRef = useRef<string | null>(null);
  const hostKeyRef = useRef<string | null>(null);
  const pickedRef = useRef<PickedProcess | null>(null);
  const collectionId = collection?.id ?? null;

  useEffect(() => {
    if (!gridApi) return;
    collectionIdRef.current = collectionId;
    hostKeyRef.current = collection?.hostKey ?? null;
    const rows = getProcessRows(collectionId);
    gridApi.setGridOption('rowData', rows);
    const present = optionalProcessColumns.filter((field) => rows.some((row) => row[field] !== null));
    const absent = optionalProcessColumns.filter((field) => !present.includes(field));
    // With nothing collected, show PsList's columns so the empty grid says what it will hold.
    gridApi.setColumnsVisible(rows.length === 0 ? ['ppid', 'priority', 'threads', 'handles', 'privateKb', 'cpuSec', 'elapsedSec'] : present, true);
    gridApi.setColumnsVisible(rows.length === 0 ? ['user', 'startedAt', 'commandLine'] : absent, false);
  }, [gridApi, collectionId, collection?.hostKey]);

  useEffect(() => {
    pickedRef.current = picked;
    if (!gridApi) return;
    gridApi.redrawRows();
    if (picked && picked.hostKey === hostKeyRef.current) gridApi.ensureNodeVisible((node) => node.data?.pid === picked.pid, 'middle');
  }, [gridApi, picked, collectionId]);

  const getRowId = useCallback((params: GetRowIdParams<ProcessEntry>) => `${collectionIdRef.current ?? 'none'}:${params.data.line}`, []);
  const onGridReady = useCallback((event: GridReadyEvent<ProcessEntry>) => setGridApi(event.api), []);
  const countShown = useCallback((event: ModelUpdatedEvent<ProcessEntry>) => setShown(event.api.getDisplayedRowCount()), []);
  const rowClassRules = useRef({
    'row-picked': (params: RowClassParams<ProcessEntry>) => {
      const current = pickedRef.current;
      return current !== null && current.hostKey === hostKeyRef.current && params.data?.pid === current.pid;
    },
  }).current;

  const onRowClicked = useCallback(
    (event: RowClickedEvent<ProcessEntry>) => {
      const pid = event.data?.pid;
      const hostKey = hostKeyRef.current;
      if (pid === undefined || hostKey === null) return;
      const current = pickedRef.current;
      pickProcess(current?.hostKey === hostKey && current.pid === pid ? null : { hostKey, pid });
    },
    [pickProcess],
  );

  const exportCsv = () => {
    if (!gridApi || !collection) return;
    gridApi.exportDataAsCsv({ allColumns: true, fileName: csvFileName('processes', collection.host, collection.startedAt), processCellCallback: csvSafeCell });
  };

  return (
    <section className="host-grid-panel" aria-label="Processes">
      <HostCollectionBar
        kind="processes"
        active={collection}
        diagnostics={getProcessData(collectionId)?.diagnostics ?? noDiagnostics}
        filter={filter}
        onFilter={setProcessesFilter}
        shown={shown}
        canExport={collection !== null && gridApi !== null}
        onExport={exportCsv}
      />
      <div className="host-grid" data-testid="processes-grid">
        <AgGridReact<ProcessEntry>
          theme={hostGridTheme}
          columnDefs={processColumns}
          defaultColDef={processDefaultColDef}
          getRowId={getRowId}
          rowClassRules={rowClassRules}
          quickFilterText={filter}
          cacheQuickFilter
          tooltipShowDelay={400}
          enableCellTextSelection
          animateRows={false}
          overlayNoRowsTemplate={collection ? 'No processes match the filters.' : 'No processes yet: choose “Collect processes” on a host.'}
          onGridReady={onGridReady}
          onModelUpdated={countShown}
          onRowClicked={onRowClicked}
        />
      </div>
    </section>
  );
}
