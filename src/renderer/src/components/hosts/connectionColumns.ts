// Column definitions of the connections grid: sockets as netstat shows them (address:port, with the port's IANA
// service name) and their owning PID and process; each endpoint's parts in their own columns in the CSV.
import type { ColDef, ValueGetterParams } from 'ag-grid-community';
import type { Connection, HostRecordMark } from '../../../../shared/domain';
import { endpointText, localService, remoteService } from './connectionEndpoints';
import { LocalEndpointCell, RemoteEndpointCell } from './hostCellRenderers';

/** What the columns read besides the row: PID → name from the host's newest process listing (netstat -ano has none). */
export interface ConnectionGridContext {
  processNames: ReadonlyMap<number, string>;
  /** "pslist at 14:02:11", said in the tooltip of a name taken from it. */
  processNamesSource: string | null;
}

/** The process name: the tool's own (netstat -b, ss), else the one the host's process listing gives the PID. */
export function connectionProcessName(c: Connection, context: ConnectionGridContext | undefined): string | null {
  if (c.process !== null) return c.process;
  if (c.pid === null) return null;
  return context?.processNames.get(c.pid) ?? null;
}

export const markText: Record<HostRecordMark, string> = {
  'local-addr-not-numeric': 'The local address is not numeric (redacted or mangled in the output); do not match it against flows.',
  'remote-addr-not-numeric': 'The remote address is not numeric (redacted or mangled in the output); do not match it against flows.',
  'owner-unknown': 'The tool could not tell which process owns this socket.',
};

export const hostDefaultColDef: ColDef = {
  sortable: true,
  filter: 'agTextColumnFilter',
  floatingFilter: true,
  resizable: true,
  suppressHeaderMenuButton: true,
};

/** The whole endpoint (cells cut long service names short), and the warning when its address is not numeric. */
function endpointTooltip(value: unknown, warning: string | null): string | undefined {
  const text = typeof value === 'string' ? value : '';
  if (text === '') return warning ?? undefined;
  return warning ? `${text} — ${warning}` : text;
}

/** Columns that exist for the CSV only: each part of an endpoint in its own column. */
const exportOnly: ColDef<Connection> = { hide: true, lockVisible: true, filter: false, floatingFilter: false };

/** Endpoints sort by address, then numerically by port. */
function compareEndpoints(a: [string | null, number | null], b: [string | null, number | null]): number {
  const byAddress = (a[0] ?? '').localeCompare(b[0] ?? '', undefined, { numeric: true });
  return byAddress !== 0 ? byAddress : (a[1] ?? -1) - (b[1] ?? -1);
}

export const connectionColumns: ColDef<Connection>[] = [
  { headerName: 'Proto', field: 'proto', width: 56 },
  {
    headerName: 'Local',
    colId: 'local',
    flex: 1.1,
    minWidth: 180,
    headerTooltip: 'Local address and port, with the port’s IANA service name',
    valueGetter: ({ data }) => (data ? endpointText(data.localAddr, data.localPort, localService(data)) : ''),
    comparator: (_a, _b, nodeA, nodeB) =>
      compareEndpoints([nodeA.data?.localAddr ?? null, nodeA.data?.localPort ?? null], [nodeB.data?.localAddr ?? null, nodeB.data?.localPort ?? null]),
    cellRenderer: LocalEndpointCell,
    tooltip: ({ data, value }) => endpointTooltip(value, data?.marks.includes('local-addr-not-numeric') ? markText['local-addr-not-numeric'] : null),
  },
  {
    headerName: 'Remote',
    colId: 'remote',
    flex: 1.4,
    minWidth: 240,
    headerTooltip: 'Remote address and port, with the port’s IANA service name',
    valueGetter: ({ data }) => (data ? endpointText(data.remoteAddr, data.remotePort, remoteService(data)) : ''),
    comparator: (_a, _b, nodeA, nodeB) =>
      compareEndpoints([nodeA.data?.remoteAddr ?? null, nodeA.data?.remotePort ?? null], [nodeB.data?.remoteAddr ?? null, nodeB.data?.remotePort ?? null]),
    cellRenderer: RemoteEndpointCell,
    tooltip: ({ data, value }) => endpointTooltip(value, data?.marks.includes('remote-addr-not-numeric') ? markText['remote-addr-not-numeric'] : null),
  },
  { headerName: 'State', field: 'state', width: 100 },
  {
    headerName: 'PID',
    field: 'pid',
    width: 62,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    cellClass: 'cell-pid',
    tooltip: ({ data }) => (data?.marks.includes('owner-unknown') ? markText['owner-unknown'] : undefined),
  },
  {
    headerName: 'Process',
    colId: 'process',
    flex: 0.8,
    minWidth: 80,
    valueGetter: ({ data, context }: ValueGetterParams<Connection>) => (data ? connectionProcessName(data, context as ConnectionGridContext) : null),
    tooltip: ({ data, context }) => {
      const ctx = context as ConnectionGridContext | undefined;
      if (!data || data.process !== null || data.pid === null || !ctx?.processNames.has(data.pid)) return undefined;
      return `Name of PID ${data.pid} in ${ctx.processNamesSource ?? 'the host’s process list'}`;
    },
  },
  {
    headerName: 'Components',
    colId: 'components',
    flex: 1,
    minWidth: 100,
    headerTooltip: 'netstat -b: the services behind the socket',
    valueGetter: ({ data }) => data?.components.join(', ') ?? '',
  },
  { ...exportOnly, headerName: 'Line', field: 'line' },
  { ...exportOnly, headerName: 'Local address', field: 'localAddr' },
  { ...exportOnly, headerName: 'Local port', field: 'localPort' },
  { ...exportOnly, headerName: 'Local service', colId: 'localService', valueGetter: ({ data }) => (data ? localService(data) : null) },
  { ...exportOnly, headerName: 'Remote address', field: 'remoteAddr' },
  { ...exportOnly, headerName: 'Remote port', field: 'remotePort' },
  { ...exportOnly, headerName: 'Remote service', colId: 'remoteService', valueGetter: ({ data }) => (data ? remoteService(data) : null) },
  { ...exportOnly, headerName: 'Marks', colId: 'marks', valueGetter: ({ data }) => data?.marks.join(' ') ?? '' },
];
