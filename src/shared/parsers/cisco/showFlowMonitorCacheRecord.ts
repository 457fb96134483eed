// Parses Flexible NetFlow's `show flow monitor NAME cache` in its record layout (`format record`): the cache header,
// then one block of "FIELD: value" lines per flow. The reading is flowMonitorCache.ts's, shared with the table layout,
// which this parser also reads: some releases print the plain `cache` command as a table.
import { compileCommandPattern } from '../commandPattern';
import { detectionScore } from '../detection';
import { flowMonitorCacheShape, parseFlowMonitorCache, type FlowMonitorCacheResult } from './flowMonitorCache';

export type { FlexibleNetflowFlow, FlowAgeing, FlowMonitorCacheResult, FlowMonitorCacheSections, NotPrintedField } from './flowMonitorCache';

export const id = 'ios-flow-monitor-record';
export const version = '1.0.0';
/** The monitor's name is any word; IOS also accepts the keyword "name" before it. */
export const commands = [
  'sh[[ow]] fl[[ow]] m[[onitor]] {name} c[[ache]]',
  'sh[[ow]] fl[[ow]] m[[onitor]] n[[ame]] {name} c[[ache]]',
  'sh[[ow]] fl[[ow]] m[[onitor]] {name} c[[ache]] fo[[rmat]] r[[ecord]]',
  'sh[[ow]] fl[[ow]] m[[onitor]] n[[ame]] {name} c[[ache]] fo[[rmat]] r[[ecord]]',
] as const;

const commandPatterns = commands.map(compileCommandPattern);

/** Parses the text of `show flow monitor NAME cache [format record]`. Never throws: unread lines become diagnostics. */
export function parse(text: string): FlowMonitorCacheResult {
  return parseFlowMonitorCache(text, { id, version, commandPatterns });
}

/** 0..1: how much the start of the text looks like a flow monitor cache printed as records. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const shape = flowMonitorCacheShape(text);
  let score = 0;
  if (shape.recordFields >= 2) score += 0.6;
  else if (shape.recordFields === 1) score += 0.3;
  if (shape.headerLines >= 2) score += shape.recordFields > 0 ? 0.35 : 0.45;
  if (shape.table) score = Math.min(score, 0.4);
  return detectionScore(score);
}
