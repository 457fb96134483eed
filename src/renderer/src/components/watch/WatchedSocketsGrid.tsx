// The sockets a watch has seen, merged from its snapshots: rows read from outside the store whenever the watch's
// revision changes (one row per socket, by its key), the watched-for ones marked, CSV or JSON export.
import '../hosts/hostGridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { GetRowIdParams, GridApi, RowClassRules } from 'ag-grid-community';
import { useCallback, useEffect, useState } from 'react';
import type { WatchedSocket } from '../../../../shared/watch/watchedSockets';
import { formatWatchTarget } from '../../../../shared/watch/watchTarget';
import { watchedSocketsOf, type WatchRun } from '../../store/watchSlice';
import { ExportMenu } from '../grid/ExportMenu';
import { exportFileName, exportGrid, type ExportFormat, type ExportRows } from '../grid/gridExport';
import { hostGridTheme } from '../hosts/hostGridSetup';
import { watchColumns, watchDefaultColDef } from './watchColumns';

const rowClassRules: RowClassRules<WatchedSocket> = {
  'row-linked': ({ data }) => data?.match !== null && data?.match !== undefined,
};

const getRowId = (params: GetRowIdParams<WatchedSocket>) => params.data.key;

export function WatchedSocketsGrid({ run, host }: { run: WatchRun; host: string }) {
  const [gridApi, setGridApi] = useState<GridApi<WatchedSocket> | null>(null);
  const [shown, setShown] = useState(0);

  useEffect(() => {
    gridApi?.setGridOption('rowData', watchedSocketsOf(run.hostId));
  }, [gridApi, run.hostId, run.revision]);

  const onExport = useCallback(
    (format: ExportFormat, rows: ExportRows) => {
      if (!gridApi) return;
      const startedAt = run.summary?.startedAt ?? new Date().toISOString();
      const about = { grid: 'watched-sockets', host, target: formatWatchTarget(run.target), intervalMs: run.intervalMs, durationMs: run.durationMs, snapshots: run.snapshot, startedAt, endedAt: run.summary?.endedAt ?? null };
      exportGrid(gridApi, format, rows, { fileName: exportFileName('watched-sockets', host, startedAt), about });
    },
    [gridApi, host, run],
  );

  return (
    <div className="watch-sockets">
      <div className="host-grid-title">
        <h3>Watched sockets</h3>
        <span className="muted small" data-testid="watch-sockets-count">
          {shown === run.socketsKnown ? `${run.socketsKnown} sockets` : `${shown} of ${run.socketsKnown} sockets`}
        </span>
        <span className="flex-spacer" />
        <ExportMenu testId="watch-export" rows="watched sockets" disabled={gridApi === null || run.socketsKnown === 0} onExport={onExport} />
      </div>
      <div className="host-grid watch-grid" data-testid="watch-sockets-grid">
        <AgGridReact<WatchedSocket>
          theme={hostGridTheme}
          columnDefs={watchColumns}
          defaultColDef={watchDefaultColDef}
          getRowId={getRowId}
          rowClassRules={rowClassRules}
          tooltipShowDelay={400}
          enableCellTextSelection
          animateRows={false}
          overlayNoRowsTemplate="No socket seen yet."
          onGridReady={(event) => setGridApi(event.api)}
          onModelUpdated={(event) => setShown(event.api.getDisplayedRowCount())}
        />
      </div>
    </div>
  );
}
