// The processes grid: the shown collection's processes (rows from hostCache), columns the listing has, the picked PID
// selected and scrolled to, the selected flow's processes marked; clicking a process selects it, so the connections
// grid shows its sockets and the flows grid the flows they carried. Each row has its kill button. Rows with a note in
// the case are marked; the row menu adds one.
import './hostGridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { GridApi, RowClassRules } from 'ag-grid-community';
import { useEffect, useMemo, useRef } from 'react';
import type { ProcessEntry } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { getProcessData, getProcessRows } from '../../store/hostCache';
import { selectActiveProcesses } from '../../store/selectors';
import { noteDisabledReason } from '../../store/caseSlice';
import { readOnlyReason } from '../../store/readOnly';
import { useNotedRows } from '../case/useNotedRows';
import { useCollectionGrid } from '../grid/collectionGrid';
import { exportFileName, exportGrid, type ExportFormat, type ExportRows } from '../grid/gridExport';
import { usePersistedGridState } from '../grid/persistedGridState';
import { RowContextMenu, useRowMenu, ownContextMenu } from '../grid/RowContextMenu';
import { onRowContextMenu, onRowKey, useRedrawOnChange } from '../pivot/gridKeys';
import { usePivotView } from '../pivot/pivotView';
import { HostCollectionBar } from './HostCollectionBar';
import { hostGridTheme } from './hostGridSetup';
import { optionalProcessColumns, processColumns, processDefaultColDef, type ProcessGridContext } from './processColumns';
import { usePickedProcess } from './usePickedProcess';

const noDiagnostics: never[] = [];

/** The optional columns the listing has values in. */
function showListedColumns(api: GridApi<ProcessEntry>, rows: ProcessEntry[]): void {
  const present = optionalProcessColumns.filter((field) => rows.some((row) => row[field] !== null));
  const absent = optionalProcessColumns.filter((field) => !present.includes(field));
  // With nothing collected, show PsList's columns so the empty grid says what it will hold.
  api.setColumnsVisible(rows.length === 0 ? ['ppid', 'priority', 'threads', 'handles', 'privateKb', 'cpuSec', 'elapsedSec'] : present, true);
  api.setColumnsVisible(rows.length === 0 ? ['user', 'startedAt', 'commandLine'] : absent, false);
}

export function ProcessesGrid() {
  const collection = useAppStore(selectActiveProcesses);
  const filter = useAppStore((s) => s.processesFilter);
  const pivot = useAppStore((s) => s.pivot);
  const readOnly = useAppStore(readOnlyReason);
  const noteOff = useAppStore(noteDisabledReason);
  const inHostList = useAppStore((s) => collection?.hostId != null && s.hosts.some((h) => h.id === collection.hostId));
  const canKill = inHostList && readOnly === null;
  const killOff = readOnly ?? (inHostList ? null : 'This host is no longer in the host list');
  const { setProcessesFilter, pivotToProcess, clearPivot, askKill, askNote } = useActions();
  const collectionId = collection?.id ?? null;
  const hostKey = collection?.hostKey ?? null;
  const { gridApi, shown, gridProps } = useCollectionGrid(collectionId, getProcessRows, showListedColumns);
  const select = (host: string, row: ProcessEntry) => pivotToProcess(host, row.pid);
  const kill = (row: ProcessEntry) => {
    if (hostKey !== null) askKill(hostKey, row.pid);
  };
  const { rowClassRules: pickedRules, onRowClicked } = usePickedProcess(gridApi, hostKey, collectionId, select);
  const persisted = usePersistedGridState('processes');
  const [menu, openMenu, closeMenu] = useRowMenu();

  // Read by the kill column, which the grid takes once.
  const context = useRef<ProcessGridContext>({ kill, canKill, killOff }).current;
  useEffect(() => {
    context.kill = kill;
  });
  useEffect(() => {
    context.canKill = canKill;
    context.killOff = killOff;
    gridApi?.refreshCells({ columns: ['kill'], force: true });
  }, [gridApi, context, canKill, killOff]);

  // The processes the selected flow matched on this host, marked through this ref.
  const { matchedPids } = usePivotView();
  const matched = hostKey === null ? undefined : matchedPids.get(hostKey);
  const noted = useNotedRows(collectionId, getProcessRows);
  const marks = useRef({ matched, noted });
  useEffect(() => {
    marks.current = { matched, noted };
  });
  const rowClassRules = useMemo<RowClassRules<ProcessEntry>>(
    () => ({
      ...pickedRules,
      'row-linked': ({ data }) => data !== undefined && marks.current.matched?.has(data.pid) === true,
      'row-noted': ({ data }) => data !== undefined && marks.current.noted.has(data),
    }),
    [pickedRules],
  );
  useRedrawOnChange(gridApi, matched, noted);

  const menuFor = (row: ProcessEntry, at: { x: number; y: number }) => {
    if (hostKey === null) return;
    openMenu({
      ...at,
      label: `Process ${row.name} (PID ${row.pid})`,
      items: [
        { label: 'Show its sockets and the flows they carried', shortcut: 'Enter', onSelect: () => select(hostKey, row) },
        { label: 'Kill process…', shortcut: 'Del', danger: true, testId: 'menu-kill-process', onSelect: () => kill(row), disabled: !canKill, title: killOff ?? undefined },
        {
          label: 'Add note…',
          testId: 'menu-add-note',
          onSelect: () => collectionId !== null && askNote({ kind: 'processes', collectionId, record: row }, `Process ${row.name} (PID ${row.pid}) on ${collection?.host ?? ''}`),
          disabled: noteOff !== null,
          title: noteOff ?? 'Keep a note on this process in the case',
        },
        { label: 'Clear the selection', shortcut: 'Esc', onSelect: clearPivot, disabled: pivot === null },
      ],
    });
  };

  const exportRows = (format: ExportFormat, rows: ExportRows) => {
    if (!gridApi || !collection) return;
    const columnKeys = (gridApi.getColumns() ?? []).map((column) => column.getColId()).filter((colId) => colId !== 'kill');
    const about = { grid: 'processes', collectionId: collection.id, host: collection.host, command: collection.commandText, startedAt: collection.startedAt, finishedAt: collection.finishedAt, format: collection.format, parserVersion: collection.parserVersion };
    exportGrid(gridApi, format, rows, { fileName: exportFileName('processes', collection.host, collection.startedAt), columnKeys, about });
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
        onExport={exportRows}
      />
      <div className="host-grid" data-testid="processes-grid">
        <AgGridReact<ProcessEntry>
          {...gridProps}
          theme={hostGridTheme}
          columnDefs={processColumns}
          defaultColDef={processDefaultColDef}
          context={context}
          rowClassRules={rowClassRules}
          quickFilterText={filter}
          {...ownContextMenu}
          {...persisted}
          overlayNoRowsTemplate={collection ? 'No processes match the filters.' : 'No processes yet: choose “Collect processes” on a host.'}
          onRowClicked={onRowClicked}
          onCellKeyDown={(event) =>
            onRowKey(event, { onEnter: (row) => hostKey !== null && select(hostKey, row), onEscape: clearPivot, onMenu: menuFor, letters: readOnly === null ? { delete: kill } : {} })
          }
          onCellContextMenu={(event) => onRowContextMenu(event, menuFor)}
        />
      </div>
      <RowContextMenu menu={menu} onClose={closeMenu} />
    </section>
  );
}
