// Column definitions of the matches view: for each socket a selected flow matched, on which host, how (exact 5-tuple,
// listener, UDP bind), how strongly, how old the socket listing is against the flow, and why, in words.
import type { ColDef, ValueGetterParams } from 'ag-grid-community';
import type { ConnectionMatch, MatchKind } from '../../../../shared/correlation/correlation';
import { endpointText, localService, remoteService } from '../hosts/connectionEndpoints';
import { hostDefaultColDef } from '../hosts/connectionColumns';

/** What the columns read besides the row: host names by host key. */
export interface MatchGridContext {
  hostNames: ReadonlyMap<string, string>;
}

export const matchDefaultColDef: ColDef<ConnectionMatch> = hostDefaultColDef;

export const matchKindLabel: Record<MatchKind, string> = { exact: 'exact 5-tuple', listener: 'listener', 'udp-bind': 'UDP bind' };

/** "42 s", "12 min", "3.5 h", "2 d": how far apart the flow and the socket listing were taken. */
export function formatAge(ageSec: number | null): string {
  if (ageSec === null) return '—';
  if (ageSec < 120) return `${ageSec} s`;
  if (ageSec < 7200) return `${Math.round(ageSec / 60)} min`;
  if (ageSec < 172_800) return `${(ageSec / 3600).toFixed(1)} h`;
  return `${Math.round(ageSec / 86_400)} d`;
}

function hostName({ data, context }: ValueGetterParams<ConnectionMatch>): string {
  if (!data) return '';
  return (context as MatchGridContext | undefined)?.hostNames.get(data.hostKey) ?? data.hostKey;
}

const number: ColDef<ConnectionMatch> = { type: 'rightAligned', filter: 'agNumberColumnFilter' };

export const matchColumns: ColDef<ConnectionMatch>[] = [
  { headerName: 'Host', colId: 'host', flex: 1, minWidth: 120, valueGetter: hostName, tooltip: true },
  { ...number, headerName: 'PID', colId: 'pid', width: 62, valueGetter: ({ data }) => data?.connection.pid ?? null, cellClass: 'cell-pid' },
  {
    headerName: 'Process',
    colId: 'process',
    flex: 0.8,
    minWidth: 90,
    valueGetter: ({ data }) => data?.process?.name ?? data?.connection.process ?? '',
    tooltip: ({ data }) => (data && data.process === null && data.connection.pid !== null ? `PID ${data.connection.pid} is not in the host’s newest process listing` : undefined),
  },
  {
    headerName: 'Kind',
    colId: 'kind',
    width: 104,
    headerTooltip: 'exact 5-tuple: the connection itself; listener: a TCP server port the flow reached; UDP bind: a UDP port (netstat shows no peer)',
    valueGetter: ({ data }) => (data ? matchKindLabel[data.kind] : ''),
  },
  {
    ...number,
    headerName: 'Strength',
    colId: 'strength',
    width: 84,
    headerTooltip: 'How sure the match is: the kind’s strength, lower when the socket listing is far in time from the flow',
    valueGetter: ({ data }) => (data ? Math.round(data.strength * 100) : null),
    valueFormatter: ({ value }) => (typeof value === 'number' ? `${value}%` : ''),
    cellClass: 'cell-strength',
  },
  {
    ...number,
    headerName: 'Age',
    colId: 'age',
    width: 70,
    headerTooltip: 'Time between the router’s flow listing and the host’s socket listing',
    valueGetter: ({ data }) => data?.ageSec ?? null,
    valueFormatter: ({ value }) => formatAge(typeof value === 'number' ? value : null),
    tooltip: ({ data }) => (data?.ageSec === null ? 'When the flow or the sockets were listed is not known' : undefined),
  },
  {
    headerName: 'End',
    colId: 'end',
    width: 96,
    headerTooltip: 'Which end of the flow the host is',
    valueGetter: ({ data }) => (data ? (data.hostEnd === 'src' ? 'source' : 'destination') : ''),
  },
  {
    headerName: 'Local',
    colId: 'local',
    flex: 1.2,
    minWidth: 170,
    valueGetter: ({ data }) => (data ? endpointText(data.connection.localAddr, data.connection.localPort, localService(data.connection)) : ''),
    tooltip: true,
  },
  {
    headerName: 'Remote',
    colId: 'remote',
    flex: 1.2,
    minWidth: 170,
    valueGetter: ({ data }) => (data ? endpointText(data.connection.remoteAddr, data.connection.remotePort, remoteService(data.connection)) : ''),
    tooltip: true,
  },
  { headerName: 'State', colId: 'state', width: 100, valueGetter: ({ data }) => data?.connection.state ?? '' },
  { headerName: 'Proto', colId: 'proto', width: 60, valueGetter: ({ data }) => data?.connection.proto ?? '' },
  {
    headerName: 'Why',
    colId: 'reason',
    flex: 2,
    minWidth: 220,
    valueGetter: ({ data }) => data?.reason ?? '',
    tooltip: true,
  },
];
