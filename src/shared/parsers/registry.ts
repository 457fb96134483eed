// The parsers FlowPivot knows, and how to pick one by the command typed or by the text received.
import * as showIpCacheFlow from './cisco/showIpCacheFlow';
import * as showIpCacheVerboseFlow from './cisco/showIpCacheVerboseFlow';
import * as showFlowMonitorCacheTable from './cisco/showFlowMonitorCacheTable';
import * as showFlowMonitorCacheRecord from './cisco/showFlowMonitorCacheRecord';
import * as winNetstat from './windows/netstat';
import * as winNetstatB from './windows/netstatB';
import * as tcpvconCsv from './windows/tcpvconCsv';
import * as tasklistCsv from './windows/tasklistCsv';
import * as psExecError from './sysinternals/psExecError';
import * as psKill from './sysinternals/psKill';
import * as psList from './sysinternals/psList';
import * as psListTree from './sysinternals/psListTree';
import * as linuxSs from './linux/ss';
import * as linuxPs from './linux/ps';
import * as velociraptorNetstat from './velociraptor/netstat';
import * as velociraptorNetstatEnriched from './velociraptor/netstatEnriched';
import * as velociraptorPslist from './velociraptor/pslist';
import * as osqueryProcessOpenSockets from './osquery/processOpenSockets';
import { commandWords, compileCommandPattern, matchesCommandWords, type CommandWord } from './commandPattern';
import type { ParserDefinition } from './types';

/** Adding a format: one module, its fixtures, and one line here. */
export const parsers: readonly ParserDefinition[] = [showIpCacheFlow, showIpCacheVerboseFlow, showFlowMonitorCacheTable, showFlowMonitorCacheRecord, winNetstat, winNetstatB, tcpvconCsv, psList, psListTree, psKill, psExecError, linuxSs, linuxPs, tasklistCsv, velociraptorNetstat, velociraptorNetstatEnriched, velociraptorPslist, osqueryProcessOpenSockets];

/** What a format's records describe: what a flow command may return, and what the offline pivot joins. */
export type RecordKind = 'flows' | 'connections' | 'processes';

const RECORD_KINDS: Record<RecordKind, readonly ParserDefinition[]> = {
  flows: [showIpCacheFlow, showIpCacheVerboseFlow, showFlowMonitorCacheTable, showFlowMonitorCacheRecord],
  connections: [winNetstat, winNetstatB, tcpvconCsv, linuxSs, velociraptorNetstat, velociraptorNetstatEnriched, osqueryProcessOpenSockets],
  processes: [psList, psListTree, linuxPs, tasklistCsv, velociraptorPslist],
};

/** The kind of records the parser yields; null for formats that are neither (PsKill's and PsExec's messages). */
export function recordKindOf(parser: ParserDefinition): RecordKind | null {
  for (const [kind, members] of Object.entries(RECORD_KINDS) as [RecordKind, readonly ParserDefinition[]][]) {
    if (members.some((member) => member.id === parser.id)) return kind;
  }
  return null;
}

/** The commands a flows parser reads, as typed (for messages that list what is accepted). */
export function flowCommands(): string[] {
  return RECORD_KINDS.flows.flatMap((parser) => parser.commands.map((pattern) => pattern.replace(/\[\[|\]\]/g, '').replace('{name}', 'NAME')));
}

export interface CommandEntry {
  pattern: string;
  words: readonly CommandWord[];
  parser: ParserDefinition;
}

/** More words first, then longer required prefixes: `show ip cache flow` must win over a shorter `show ip cache`. */
export function compareSpecificity(a: CommandEntry, b: CommandEntry): number {
  if (a.words.length !== b.words.length) return b.words.length - a.words.length;
  const required = (entry: CommandEntry) => entry.words.reduce((sum, word) => sum + word.required.length, 0);
  return required(b) - required(a);
}

/** Every command pattern of every parser, most specific first (the order findParserForCommand tries them in). */
export const commandIndex: readonly CommandEntry[] = parsers
  .flatMap((parser) => parser.commands.map((pattern) => ({ pattern, words: compileCommandPattern(pattern), parser })))
  .sort(compareSpecificity);

export function findParser(id: string): ParserDefinition | null {
  return parsers.find((parser) => parser.id === id) ?? null;
}

/** The parser for a command as typed (`sh ip cac fl`, `SHOW IP CACHE FLOW | include 01BD`); null when none reads it. */
export function findParserForCommand(command: string): ParserDefinition | null {
  const words = commandWords(command);
  if (words.length === 0) return null;
  return commandIndex.find((entry) => matchesCommandWords(entry.words, words))?.parser ?? null;
}

export interface DetectedFormat {
  parser: ParserDefinition;
  score: number;
}

/** The parser whose detect() scores the text highest, if at least `threshold`; null when nothing fits. */
export function detectFormat(text: string, threshold = 0.5): DetectedFormat | null {
  let best: DetectedFormat | null = null;
  for (const parser of parsers) {
    const score = parser.detect(text);
    if (score >= threshold && (best === null || score > best.score)) best = { parser, score };
  }
  return best;
}
