// Column definitions of the processes grid: PsList's, tasklist's and ps's columns, times as PsList prints them.
import type { ColDef } from 'ag-grid-community';
import type { ProcessEntry } from '../../../../shared/domain';
import { formatCount } from '../format';
import { hostDefaultColDef } from './connectionColumns';
import { KillCell, ProcessNameCell } from './hostCellRenderers';

/** What the columns read besides the row: the row's kill action, and whether the host can still be reached. */
export interface ProcessGridContext {
  kill: (process: ProcessEntry) => void;
  canKill: boolean;
  /** Why the kill is off (a read-only review, a host no longer listed); null when it is on. */
  killOff: string | null;
}

export const processDefaultColDef: ColDef<ProcessEntry> = hostDefaultColDef;

/** Seconds as PsList prints CPU and elapsed times: "4:43:15.698", "0:00:00.000". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '';
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const totalSec = Math.floor(totalMs / 1000);
  const s = totalSec % 60;
  const m = Math.floor(totalSec / 60) % 60;
  const h = Math.floor(totalSec / 3600);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
}

const number: ColDef<ProcessEntry> = { type: 'rightAligned', filter: 'agNumberColumnFilter' };

/** Columns a listing may not have (PsList has no users, ps no handles): hidden when no row of the collection has a value. */
export const optionalProcessColumns = ['ppid', 'priority', 'threads', 'handles', 'privateKb', 'cpuSec', 'elapsedSec', 'user', 'startedAt', 'commandLine'] as const satisfies readonly (keyof ProcessEntry)[];

export const processColumns: ColDef<ProcessEntry>[] = [
  {
    headerName: '',
    colId: 'kill',
    width: 50,
    headerTooltip: 'Kill the process, after one confirmation',
    sortable: false,
    filter: false,
    floatingFilter: false,
    resizable: false,
    cellClass: 'cell-action',
    cellRenderer: KillCell,
  },
  { ...number, headerName: 'PID', field: 'pid', width: 76, cellClass: 'cell-pid' },
  { headerName: 'Name', field: 'name', flex: 1.4, minWidth: 130, cellRenderer: ProcessNameCell, tooltip: ({ data }) => data?.name },
  { ...number, headerName: 'PPID', field: 'ppid', width: 76 },
  { ...number, headerName: 'Pri', field: 'priority', width: 60, headerTooltip: 'Base priority' },
  { ...number, headerName: 'Thd', field: 'threads', width: 64, headerTooltip: 'Threads' },
  { ...number, headerName: 'Hnd', field: 'handles', width: 70, headerTooltip: 'Handles' },
  {
    ...number,
    headerName: 'Private KiB',
    field: 'privateKb',
    width: 100,
    headerTooltip: 'Private bytes in KiB (PsList “Priv”)',
    valueFormatter: ({ value }) => (value === null || value === undefined ? '' : formatCount(value)),
    useValueFormatterForExport: false,
  },
  {
    ...number,
    headerName: 'CPU time',
    field: 'cpuSec',
    width: 104,
    valueFormatter: ({ value }) => formatDuration(value ?? null),
    useValueFormatterForExport: false,
  },
  {
    ...number,
    headerName: 'Elapsed',
    field: 'elapsedSec',
    width: 104,
    headerTooltip: 'Time since the process started',
    valueFormatter: ({ value }) => formatDuration(value ?? null),
    useValueFormatterForExport: false,
  },
  { headerName: 'User', field: 'user', flex: 0.8, minWidth: 90 },
  { headerName: 'Started', field: 'startedAt', flex: 1, minWidth: 150 },
  { headerName: 'Command line', field: 'commandLine', flex: 2, minWidth: 200, tooltip: ({ data }) => data?.commandLine ?? undefined },
  { headerName: 'Line', field: 'line', hide: true, lockVisible: true, filter: false, floatingFilter: false },
];
