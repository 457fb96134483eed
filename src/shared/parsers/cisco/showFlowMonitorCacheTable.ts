// Parses Flexible NetFlow's `show flow monitor NAME cache format table`: the cache header, then one row per flow under
// a "=====" underline whose columns follow the monitor's flow record. The reading is flowMonitorCache.ts's, shared
// with the record layout (which this parser also reads, should the router print it).
import { compileCommandPattern } from '../commandPattern';
import { detectionScore } from '../detection';
import { flowMonitorCacheShape, parseFlowMonitorCache, type FlowMonitorCacheResult } from './flowMonitorCache';

export type { FlexibleNetflowFlow, FlowAgeing, FlowMonitorCacheResult, FlowMonitorCacheSections, NotPrintedField } from './flowMonitorCache';

export const id = 'ios-flow-monitor-table';
export const version = '1.0.0';
/** The monitor's name is any word; IOS also accepts the keyword "name" before it. */
export const commands = [
  'sh[[ow]] fl[[ow]] m[[onitor]] {name} c[[ache]] fo[[rmat]] t[[able]]',
  'sh[[ow]] fl[[ow]] m[[onitor]] n[[ame]] {name} c[[ache]] fo[[rmat]] t[[able]]',
] as const;

const commandPatterns = commands.map(compileCommandPattern);

/** Parses the text of `show flow monitor NAME cache format table`. Never throws: unread lines become diagnostics. */
export function parse(text: string): FlowMonitorCacheResult {
  return parseFlowMonitorCache(text, { id, version, commandPatterns });
}

/** 0..1: how much the start of the text looks like a flow monitor cache printed as a table. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const shape = flowMonitorCacheShape(text);
  let score = 0;
  if (shape.table) score += 0.6;
  if (shape.headerLines >= 2) score += shape.table ? 0.35 : 0.5;
  if (shape.recordFields > 0) score = Math.min(score, 0.4);
  return detectionScore(score);
}
