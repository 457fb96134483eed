// What a parser module exports, so the registry can list it and pick it by command or by content.
import type { FlowReading, ParseResult } from '../domain';

/**
 * One parser: a module under src/shared/parsers/<family>/<command>.ts exports these names, and its namespace object
 * is the registry entry.
 */
export interface ParserDefinition<TRecord = unknown, TSections = unknown> {
  /** The format id, e.g. "ios-ip-cache-flow", "win-netstat"; fixtures live in tests/fixtures/<id>/. */
  readonly id: string;
  /** Semver of the parser's output: bump the major when a field changes meaning. */
  readonly version: string;
  /**
   * How an engineer types the command, ntc-templates style: `sh[[ow]] ip cac[[he]] fl[[ow]]` — the part in
   * double brackets may be left out, so `sh ip cac fl` and `show ip cache flow` both match.
   */
  readonly commands: readonly string[];
  /** How much the text looks like this command's output: 0 (not at all) to 1 (certainly). Cheap: reads the start only. */
  detect(text: string): number;
  /** Never throws: lines it cannot read become diagnostics. */
  parse(text: string): ParseResult<TRecord, TSections>;
  /**
   * A flows parser that can read straight into a flow table's columns (no records built) offers it here; the others
   * are read by parse() and their records put in columns (flows/flowReading.ts).
   */
  readonly parseFlowTable?: (text: string) => FlowReading<TSections>;
}
