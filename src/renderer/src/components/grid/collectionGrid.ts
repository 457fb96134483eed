// What every collection grid (flows, connections, processes) wires the same way: the shown collection's rows set from
// their cache outside React, row ids "<collection id>:<line>", the grid's API once it is ready, the count left after
// the filters, and the quick filter as typed.
import type { GetRowIdParams, GridApi, GridReadyEvent, ModelUpdatedEvent } from 'ag-grid-community';
import type { AgGridReactProps } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

/** The pause after typing before a filter runs: short enough to feel immediate, long enough to skip the keys between. */
const quickFilterDelayMs = 120;

type CollectionGridProps<Row> = Pick<
  AgGridReactProps<Row>,
  'getRowId' | 'onGridReady' | 'onModelUpdated' | 'cacheQuickFilter' | 'tooltipShowDelay' | 'enableCellTextSelection' | 'animateRows'
>;

export interface CollectionGrid<Row> {
  /** Null until the grid is ready. */
  gridApi: GridApi<Row> | null;
  /** Rows that pass the filters. */
  shown: number;
  /** For AgGridReact: the callbacks above and the options all collection grids share. */
  gridProps: CollectionGridProps<Row>;
}

/**
 * Shows the rows of the collection `collectionId` whenever it changes, and `onRows` adapts the columns to them.
 * `getRows` and `onRows` are module-level functions: a new function would set the rows again.
 */
export function useCollectionGrid<Row extends { line: number }>(
  collectionId: string | null,
  getRows: (collectionId: string | null) => Row[],
  onRows?: (api: GridApi<Row>, rows: Row[]) => void,
): CollectionGrid<Row> {
  const [gridApi, setGridApi] = useState<GridApi<Row> | null>(null);
  const [shown, setShown] = useState(0);
  // Read by getRowId, which the grid takes once.
  const collectionIdRef = useRef<string | null>(null);

  useEffect(() => {
    if (!gridApi) return;
    collectionIdRef.current = collectionId;
    const rows = getRows(collectionId);
    gridApi.setGridOption('rowData', rows);
    onRows?.(gridApi, rows);
  }, [gridApi, collectionId, getRows, onRows]);

  const getRowId = useCallback((params: GetRowIdParams<Row>) => `${collectionIdRef.current ?? 'none'}:${params.data.line}`, []);
  const onGridReady = useCallback((event: GridReadyEvent<Row>) => setGridApi(event.api), []);
  const onModelUpdated = useCallback((event: ModelUpdatedEvent<Row>) => setShown(event.api.getDisplayedRowCount()), []);
  const gridProps = useMemo(
    () => ({ getRowId, onGridReady, onModelUpdated, cacheQuickFilter: true, tooltipShowDelay: 400, enableCellTextSelection: true, animateRows: false }),
    [getRowId, onGridReady, onModelUpdated],
  );
  return { gridApi, shown, gridProps };
}

/** The quick filter's text as typed; `onFilter` gets it once typing pauses, so a long collection is filtered once. */
export function useQuickFilterText(filter: string, onFilter: (text: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(filter);
  useEffect(() => {
    if (text === filter) return;
    const timer = setTimeout(() => onFilter(text), quickFilterDelayMs);
    return () => clearTimeout(timer);
  }, [text, filter, onFilter]);
  return [text, setText];
}
