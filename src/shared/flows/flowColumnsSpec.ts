// The flows grid's columns as the query sees them: which value each sorts and filters on and the text each offers the
// quick filter — defined once on a Flow record, the reference the column-wise query (flowQuery.ts) must agree with.
import type { Flow } from '../domain';
import { FLAG_RULE_LABELS, flagRulesOf } from '../flags/flagRules';

/** Column ids of the flows grid that sort and filter, in the grid's order. */
export const FLOW_QUERY_COLUMNS = ['line', 'flags', 'srcIf', 'srcAddr', 'srcPort', 'dstIf', 'dstAddr', 'dstPort', 'protocol', 'packets'] as const;
export type FlowColumnId = (typeof FLOW_QUERY_COLUMNS)[number];

/** The Flags column's text: the rules' labels, in order, joined as the cell shows them. */
export function flagLabels(mask: number): string {
  return flagRulesOf(mask)
    .map((rule) => FLAG_RULE_LABELS[rule])
    .join(', ');
}

/** The value a column filters on: text for text columns, a number for number columns. `flagMask`: the row's flags. */
export function flowColumnValue(flow: Flow, column: FlowColumnId, flagMask: number): string | number {
  switch (column) {
    case 'flags':
      return flagLabels(flagMask);
    default:
      return flow[column];
  }
}

/** What the quick filter reads of a column: ports and protocol as number, IANA name and hex as printed. */
export function flowQuickFilterText(flow: Flow, column: FlowColumnId, flagMask: number): string {
  switch (column) {
    case 'srcPort':
      return `${flow.srcPort} ${flow.srcService ?? ''} ${flow.srcPortHex}`;
    case 'dstPort':
      return `${flow.dstPort} ${flow.dstService ?? ''} ${flow.dstPortHex}`;
    case 'protocol':
      return `${flow.protocol} ${flow.protocolName ?? ''} ${flow.protocolHex}`;
    default:
      return String(flowColumnValue(flow, column, flagMask));
  }
}
