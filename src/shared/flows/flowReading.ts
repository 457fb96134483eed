// A flow command's output read into a flow table, by whichever flows parser reads it: straight into columns where the
// parser can (show ip cache flow), else its records put in columns.
import type { Flow, FlowReading } from '../domain';
import type { ParserDefinition } from '../parsers/types';
import { FlowTable } from './flowTable';

export function readFlows(parser: ParserDefinition, text: string): FlowReading<unknown> {
  if (parser.parseFlowTable) return parser.parseFlowTable(text);
  const { format, parserVersion, records, sections, diagnostics } = parser.parse(text);
  return { format, parserVersion, table: FlowTable.fromFlows(records as Flow[]).data, sections, diagnostics };
}
