// Column definitions of the watched-sockets grid: each socket merged from the snapshots, with when it was first and
// last seen, how often, its owners and states, and whether it is the one watched for (those first).
import type { ColDef } from 'ag-grid-community';
import type { WatchedSocket } from '../../../../shared/watch/watchedSockets';
import { endpointText } from '../hosts/connectionEndpoints';
import { hostDefaultColDef } from '../hosts/connectionColumns';

/** "09:15:02.123": a watch's times differ by less than a second. */
export function formatPreciseTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

export const watchDefaultColDef: ColDef = hostDefaultColDef;

export const watchColumns: ColDef<WatchedSocket>[] = [
  { headerName: 'Match', colId: 'match', width: 90, sort: 'desc', sortIndex: 0, valueGetter: ({ data }) => data?.match ?? '', headerTooltip: 'How the socket matches the target: exact end, TCP listener, or UDP bind on its port' },
  { headerName: 'Proto', field: 'proto', width: 62 },
  { headerName: 'Local', colId: 'local', flex: 1, minWidth: 150, valueGetter: ({ data }) => (data ? endpointText(data.localAddr, data.localPort, null) : '') },
  { headerName: 'Remote', colId: 'remote', flex: 1, minWidth: 150, valueGetter: ({ data }) => (data ? endpointText(data.remoteAddr, data.remotePort, null) : '') },
  { headerName: 'States', colId: 'states', width: 120, valueGetter: ({ data }) => data?.states.join(' → ') ?? '' },
  {
    headerName: 'PIDs',
    colId: 'pids',
    width: 110,
    valueGetter: ({ data }) => data?.owners.map((owner) => owner.pid).join(', ') ?? '',
    tooltipValueGetter: ({ data }) => data?.owners.map((owner) => `PID ${owner.pid}: ${owner.firstSeenAt} – ${owner.lastSeenAt}`).join('\n'),
  },
  { headerName: 'Seen', field: 'timesSeen', width: 76, filter: 'agNumberColumnFilter', headerTooltip: 'How many snapshots listed it' },
  { headerName: 'First seen', field: 'firstSeenAt', width: 120, sort: 'asc', sortIndex: 1, valueFormatter: ({ value }) => (typeof value === 'string' ? formatPreciseTime(value) : ''), tooltipField: 'firstSeenAt' },
  { headerName: 'Last seen', field: 'lastSeenAt', width: 120, valueFormatter: ({ value }) => (typeof value === 'string' ? formatPreciseTime(value) : ''), tooltipField: 'lastSeenAt' },
  { headerName: 'Now', colId: 'present', width: 70, valueGetter: ({ data }) => (data?.present ? 'listed' : 'gone'), headerTooltip: 'Whether the newest snapshot lists it' },
];
