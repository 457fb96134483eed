// Column definitions of the flow grid: what each column shows and exports. What each sorts and filters on, and the
// quick filter's text, is the query's (shared/flows/flowColumnsSpec.ts): the grid sorts and filters on the table.
import type { ColDef } from 'ag-grid-community';
import type { Flow } from '../../../../shared/domain';
import { FLAG_RULE_LABELS, type FlowFlag } from '../../../../shared/flags/flagRules';
import {
  addressFlagText,
  DstAddressCell,
  DstPortCell,
  FlagsCell,
  InvestigateCell,
  hexLabel,
  icmpTypeCode,
  portLabel,
  ProtocolCell,
  protocolLabel,
  SrcAddressCell,
  SrcPortCell,
} from './cellRenderers';
import { formatCount, formatTime } from '../format';

/** The formats of flow export collections, whose flows carry their exporter and receive time. */
export function isExportFormat(format: string | undefined): boolean {
  return format === 'netflow-v5' || format === 'netflow-v9' || format === 'ipfix' || format === 'netflow';
}

/** A field a flow export collection keeps beside each flow (FlowTable extras); '' for other flows. */
function exportExtra(data: Flow | undefined, field: 'exporter' | 'receivedAt'): string {
  const value = data === undefined ? undefined : (data as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

const icmp = 1;

/** What the columns read besides the row: the flags under the analyst's rules, and the row's investigate action. */
export interface FlowGridContext {
  flagsOf: (flow: Flow) => FlowFlag[];
  investigate: (flow: Flow) => void;
  /** Why "investigate" is off in this window (a read-only review); null when it is on. */
  investigateOff: string | null;
}

function flagsOf(data: Flow | undefined, context: unknown): FlowFlag[] {
  return data ? (context as FlowGridContext).flagsOf(data) : [];
}

export const flowDefaultColDef: ColDef<Flow> = {
  sortable: true,
  filter: 'agTextColumnFilter',
  floatingFilter: true,
  resizable: true,
  suppressHeaderMenuButton: true,
};

/** Columns that exist for the CSV only: the hex as printed and the names, each in its own column. */
const exportOnly: ColDef<Flow> = { hide: true, lockVisible: true, filter: false, floatingFilter: false };

export const flowColumns: ColDef<Flow>[] = [
  {
    headerName: '',
    colId: 'investigate',
    width: 36,
    headerTooltip: 'Investigate this flow: collect its internal host and land on the process that made it',
    sortable: false,
    filter: false,
    floatingFilter: false,
    resizable: false,
    cellClass: 'cell-action',
    cellRenderer: InvestigateCell,
  },
  {
    headerName: 'Line',
    field: 'line',
    headerTooltip: 'Line of the router output this flow came from',
    filter: 'agNumberColumnFilter',
    type: 'rightAligned',
    width: 62,
    cellClass: 'cell-muted',
  },
  // Flow export collections (NetFlow / IPFIX) only: the grid shows these two when it shows one (isExportFormat).
  {
    headerName: 'Exporter',
    colId: 'exporter',
    hide: true,
    sortable: false,
    filter: false,
    floatingFilter: false,
    flex: 1,
    minWidth: 130,
    headerTooltip: 'The router (address:port) whose NetFlow / IPFIX export carried this flow',
    valueGetter: ({ data }) => exportExtra(data, 'exporter'),
  },
  {
    headerName: 'Received',
    colId: 'receivedAt',
    hide: true,
    sortable: false,
    filter: false,
    floatingFilter: false,
    width: 110,
    headerTooltip: 'When FlowPivot received the datagram that carried this flow (UTC in the tooltip)',
    valueGetter: ({ data }) => exportExtra(data, 'receivedAt'),
    valueFormatter: ({ value }) => (typeof value === 'string' && value !== '' ? formatTime(value) : ''),
    useValueFormatterForExport: false,
    tooltipValueGetter: ({ value }) => (typeof value === 'string' && value !== '' ? `${value} (UTC)` : undefined),
  },
  {
    headerName: 'Flags',
    colId: 'flags',
    width: 62,
    headerTooltip: 'Interesting flows: which rules a flow trips (Flag rules…); the tooltip explains each',
    valueGetter: ({ data, context }) => flagsOf(data, context).map((flag) => FLAG_RULE_LABELS[flag.rule]).join(', '),
    cellRenderer: FlagsCell,
    tooltip: ({ data, context }) => {
      const flags = flagsOf(data, context);
      return flags.length === 0 ? undefined : flags.map((flag) => `${FLAG_RULE_LABELS[flag.rule]}: ${flag.explanation}`).join('\n');
    },
  },
  { headerName: 'SrcIf', field: 'srcIf', flex: 0.6, minWidth: 64 },
  {
    headerName: 'Src address',
    field: 'srcAddr',
    flex: 1.2,
    minWidth: 140,
    cellRenderer: SrcAddressCell,
    tooltip: ({ data }) => (data?.marks.includes('src-addr-not-numeric') ? addressFlagText['src-addr-not-numeric'] : undefined),
  },
  {
    headerName: 'Src port',
    colId: 'srcPort',
    field: 'srcPort',
    flex: 1.4,
    minWidth: 168,
    filter: 'agNumberColumnFilter',
    valueFormatter: ({ data }) => (data ? portLabel(data.srcPort, data.srcService) : ''),
    useValueFormatterForExport: false,
    cellRenderer: SrcPortCell,
    tooltip: ({ data }) => (data ? `${hexLabel(data.srcPortHex)} = ${portLabel(data.srcPort, data.srcService)}` : undefined),
  },
  { headerName: 'DstIf', field: 'dstIf', flex: 0.6, minWidth: 64 },
  {
    headerName: 'Dst address',
    field: 'dstAddr',
    flex: 1.2,
    minWidth: 140,
    cellRenderer: DstAddressCell,
    tooltip: ({ data }) => (data?.marks.includes('dst-addr-not-numeric') ? addressFlagText['dst-addr-not-numeric'] : undefined),
  },
  {
    headerName: 'Dst port',
    colId: 'dstPort',
    field: 'dstPort',
    flex: 1.4,
    minWidth: 168,
    filter: 'agNumberColumnFilter',
    valueFormatter: ({ data }) => (data ? portLabel(data.dstPort, data.dstService) : ''),
    useValueFormatterForExport: false,
    cellRenderer: DstPortCell,
    tooltip: ({ data }) => {
      if (!data) return undefined;
      const decoded = `${hexLabel(data.dstPortHex)} = ${portLabel(data.dstPort, data.dstService)}`;
      return data.protocol === icmp ? `${decoded}; for ICMP: ${icmpTypeCode(data.dstPort)}` : decoded;
    },
  },
  {
    headerName: 'Protocol',
    colId: 'protocol',
    field: 'protocol',
    flex: 0.9,
    minWidth: 100,
    filter: 'agNumberColumnFilter',
    valueFormatter: ({ data }) => (data ? protocolLabel(data.protocol, data.protocolName) : ''),
    useValueFormatterForExport: false,
    cellRenderer: ProtocolCell,
    tooltip: ({ data }) => (data ? `${hexLabel(data.protocolHex)} = ${protocolLabel(data.protocol, data.protocolName)}` : undefined),
  },
  {
    headerName: 'Packets',
    field: 'packets',
    flex: 0.8,
    minWidth: 96,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    valueFormatter: ({ value }) => formatCount(value),
    useValueFormatterForExport: false,
  },
  { ...exportOnly, headerName: 'SrcP hex', field: 'srcPortHex' },
  { ...exportOnly, headerName: 'Src service', field: 'srcService' },
  { ...exportOnly, headerName: 'DstP hex', field: 'dstPortHex' },
  { ...exportOnly, headerName: 'Dst service', field: 'dstService' },
  { ...exportOnly, headerName: 'Pr hex', field: 'protocolHex' },
  { ...exportOnly, headerName: 'Protocol name', field: 'protocolName' },
  { ...exportOnly, headerName: 'Marks', colId: 'marks', valueGetter: ({ data }) => data?.marks.join(' ') ?? '' },
  {
    ...exportOnly,
    headerName: 'Flag explanations',
    colId: 'flagExplanations',
    valueGetter: ({ data, context }) => flagsOf(data, context).map((flag) => flag.explanation).join(' '),
  },
];
