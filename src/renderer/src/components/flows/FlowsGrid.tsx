// The flow grid of the active collection: rows come from flowCache, never from React or zustand state.
import './gridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { GetRowIdParams, GridApi, GridReadyEvent, ModelUpdatedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Flow } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { getFlowRows } from '../../store/flowCache';
import { selectActiveCollection } from '../../store/selectors';
import { formatCount } from '../format';
import { flowColumns, flowDefaultColDef } from './flowColumns';
import { flowGridTheme } from './gridSetup';

const quickFilterDelayMs = 200;

/** "R1 (10.0.0.1:22)" and an ISO instant to a file name without characters file systems refuse. */
function csvFileName(device: string, startedAt: string): string {
  const safeDevice = device.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  return `flows_${safeDevice}_${startedAt.replace(/[:.]/g, '-')}.csv`;
}

export function FlowsGrid() {
  const collection = useAppStore(selectActiveCollection);
  const quickFilter = useAppStore((s) => s.quickFilter);
  const { setQuickFilter } = useActions();
  const [gridApi, setGridApi] = useState<GridApi<Flow> | null>(null);
  const [shown, setShown] = useState(0);
  const [filterText, setFilterText] = useState(quickFilter);
  // Read by getRowId, which the grid takes once: ids are "<collection id>:<line>".
  const collectionIdRef = useRef<string | null>(null);
  const collectionId = collection?.id ?? null;

  useEffect(() => {
    if (!gridApi) return;
    collectionIdRef.current = collectionId;
    gridApi.setGridOption('rowData', getFlowRows(collectionId));
  }, [gridApi, collectionId]);

  useEffect(() => {
    if (filterText === quickFilter) return;
    const timer = setTimeout(() => setQuickFilter(filterText), quickFilterDelayMs);
    return () => clearTimeout(timer);
  }, [filterText, quickFilter, setQuickFilter]);

  const getRowId = useCallback((params: GetRowIdParams<Flow>) => `${collectionIdRef.current ?? 'none'}:${params.data.line}`, []);
  const onGridReady = useCallback((event: GridReadyEvent<Flow>) => setGridApi(event.api), []);
  const countShown = useCallback((event: ModelUpdatedEvent<Flow>) => setShown(event.api.getDisplayedRowCount()), []);

  const exportCsv = () => {
    if (!gridApi || !collection) return;
    gridApi.exportDataAsCsv({ allColumns: true, fileName: csvFileName(collection.device, collection.startedAt) });
  };

  const total = collection?.flowCount ?? 0;
  return (
    <section className="flows" aria-label="Flows">
      <div className="toolbar">
        <input
          type="search"
          className="quick-filter"
          data-testid="quick-filter"
          placeholder="Filter flows: address, port, service, protocol…"
          aria-label="Filter flows"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
        />
        <span className="toolbar-text" aria-live="polite">
          {collection ? (shown === total ? `${formatCount(total)} flows` : `${formatCount(shown)} of ${formatCount(total)} flows`) : ''}
        </span>
        <span className="toolbar-spacer" />
        <button type="button" data-testid="export-csv" onClick={exportCsv} disabled={!collection || !gridApi} title="Export all flows that pass the filters, with hex and service names in their own columns">
          Export CSV
        </button>
      </div>
      <div className="flows-grid" data-testid="flows-grid">
        <AgGridReact<Flow>
          theme={flowGridTheme}
          columnDefs={flowColumns}
          defaultColDef={flowDefaultColDef}
          getRowId={getRowId}
          quickFilterText={quickFilter}
          cacheQuickFilter
          tooltipShowDelay={400}
          enableCellTextSelection
          animateRows={false}
          overlayNoRowsTemplate={collection ? 'No flows match the filters.' : 'No flows yet: connect a router and choose “Collect flows”.'}
          onGridReady={onGridReady}
          onModelUpdated={countShown}
        />
      </div>
    </section>
  );
}
