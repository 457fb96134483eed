// The flows grid wired to a flow table: AG Grid's infinite row model asks for the rows in view, the collection's
// FlowView answers with the sort, column filters and quick filter applied to the whole table, and only those rows are
// ever built as records. Row ids "<collection id>:<line>"; the count left after the filters; where a flow is shown.
import type { FilterModel, GetRowIdParams, GridApi, GridReadyEvent, IDatasource, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import type { AgGridReactProps } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Flow } from '../../../../shared/domain';
import { FLOW_QUERY_COLUMNS, type FlowColumnId } from '../../../../shared/flows/flowColumnsSpec';
import type { ColumnFilter, FlowQuery, FlowSort, FlowView } from '../../../../shared/flows/flowQuery';

/** A row of the grid: the flow, and its position in the table (notes and findings name rows by it). */
type FlowGridRow = Flow & { row: number };

/** The table position of a row the grid shows. */
export function tableRowOf(flow: Flow): number {
  return (flow as FlowGridRow).row;
}

/** Rows the grid asks for at once: a screenful or two, built as records only when asked. */
const BLOCK_ROWS = 100;

type FlowGridProps = Pick<
  AgGridReactProps<Flow>,
  'rowModelType' | 'cacheBlockSize' | 'maxBlocksInCache' | 'blockLoadDebounceMillis' | 'alwaysShowVerticalScroll' | 'getRowId' | 'onGridReady' | 'tooltipShowDelay' | 'enableCellTextSelection' | 'animateRows'
>;

export interface FlowTableGrid {
  gridApi: GridApi<Flow> | null;
  /** Rows that pass the filters. */
  shown: number;
  gridProps: FlowGridProps;
  /** Where the first shown flow whose output line passes `test` is in the grid's order; -1 when none. */
  positionOf(test: (line: number) => boolean): number;
  /** The shown rows (table positions) in the grid's order. */
  shownRows(): Uint32Array;
}

function isColumn(colId: string): colId is FlowColumnId {
  return (FLOW_QUERY_COLUMNS as readonly string[]).includes(colId);
}

/** The grid's sort and filter models as a query on the flow table (columns it cannot sort or filter on are left out). */
function queryOf(params: Pick<IGetRowsParams, 'sortModel' | 'filterModel'>, quickFilter: string): FlowQuery {
  const sort: FlowSort[] = (params.sortModel as SortModelItem[]).filter((item) => isColumn(item.colId)).map((item) => ({ colId: item.colId as FlowColumnId, sort: item.sort }));
  const filters: FlowQuery['filters'] = {};
  for (const [colId, model] of Object.entries((params.filterModel ?? {}) as FilterModel)) if (isColumn(colId)) filters[colId] = model as ColumnFilter;
  return { sort, filters, quickFilter };
}

const noRows = new Uint32Array(0);

export function useFlowTableGrid(collectionId: string | null, view: FlowView | null, quickFilter: string): FlowTableGrid {
  const [gridApi, setGridApi] = useState<GridApi<Flow> | null>(null);
  const [shown, setShown] = useState(0);
  // Read by the datasource and getRowId, which the grid holds on to.
  const quickFilterRef = useRef(quickFilter);
  const collectionIdRef = useRef(collectionId);
  const lastRows = useRef<{ view: FlowView; rows: Uint32Array } | null>(null);

  useEffect(() => {
    if (!gridApi) return;
    collectionIdRef.current = collectionId;
    quickFilterRef.current = quickFilter;
    lastRows.current = null;
    const datasource: IDatasource = {
      getRows(params) {
        if (view === null) {
          params.successCallback([], 0);
          setShown(0);
          return;
        }
        const rows = view.rows(queryOf(params, quickFilterRef.current));
        lastRows.current = { view, rows };
        const end = Math.min(params.endRow, rows.length);
        const block: FlowGridRow[] = [];
        for (let i = params.startRow; i < end; i++) block.push(Object.assign(view.table.flowAt(rows[i]!), { row: rows[i]! }));
        params.successCallback(block, rows.length);
        setShown(rows.length);
      },
    };
    gridApi.setGridOption('datasource', datasource);
    // Once the rows are shown, what the first sort or filter needs is worked out while the window is idle.
    const idle = view === null ? null : requestIdleCallback(() => view.prepare(), { timeout: 5000 });
    return () => {
      if (idle !== null) cancelIdleCallback(idle);
    };
    // The quick filter is read when rows are asked for: a new datasource asks for them with the current one.
  }, [gridApi, collectionId, view]);

  useEffect(() => {
    if (!gridApi || quickFilterRef.current === quickFilter) return;
    quickFilterRef.current = quickFilter;
    // The rows shown stay until the filtered ones replace them: no blank grid, no layout done twice.
    gridApi.refreshInfiniteCache();
  }, [gridApi, quickFilter]);

  const positionOf = useCallback((test: (line: number) => boolean) => {
    const last = lastRows.current;
    if (!last) return -1;
    const { rows, view: shownView } = last;
    for (let i = 0; i < rows.length; i++) if (test(shownView.table.lineAt(rows[i]!))) return i;
    return -1;
  }, []);
  const shownRows = useCallback(() => lastRows.current?.rows ?? noRows, []);

  const getRowId = useCallback((params: GetRowIdParams<Flow>) => `${collectionIdRef.current ?? 'none'}:${params.data.line}`, []);
  const onGridReady = useCallback((event: GridReadyEvent<Flow>) => setGridApi(event.api), []);
  const gridProps = useMemo(
    (): FlowGridProps => ({
      rowModelType: 'infinite',
      cacheBlockSize: BLOCK_ROWS,
      maxBlocksInCache: 50,
      blockLoadDebounceMillis: 0,
      // A filter leaving few rows would otherwise drop the scroll bar and lay every column out again.
      alwaysShowVerticalScroll: true,
      getRowId,
      onGridReady,
      tooltipShowDelay: 400,
      enableCellTextSelection: true,
      animateRows: false,
    }),
    [getRowId, onGridReady],
  );
  return { gridApi, shown, gridProps, positionOf, shownRows };
}
