// What every Velociraptor artifact's exported rows share: the columns a hunt adds to them (ClientId, Fqdn, FlowId —
// hunt_results() in vql/server/hunts/hunts.go), and the log lines the command line prints around them.
import { compileCommandPattern, type CommandWord } from '../commandPattern';
import type { LinePlace, ParseLog } from '../parseLog';
import { isCommandEcho } from '../windows/consoleFrame';
import { fieldOf, textOf, type JsonRow } from './jsonRows';

/** Where a row came from when it is one of a hunt's results; all null in one collection's export. */
export interface HuntOrigin {
  /** The client that collected the row ("C.1e3f1c1ea1d7b0a6"). */
  clientId: string | null;
  /** The client's host name, as its last interrogation reported it. */
  fqdn: string | null;
  /** The collection (flow) of the hunt on that client ("F.CNM5JRB4ELS2I"). */
  flowId: string | null;
}

export function huntOriginOf(row: JsonRow): HuntOrigin {
  return { clientId: textOf(fieldOf(row, 'ClientId')), fqdn: textOf(fieldOf(row, 'Fqdn')), flowId: textOf(fieldOf(row, 'FlowId')) };
}

/** What the sections of every Velociraptor result hold. */
export interface VelociraptorSections {
  /** The hosts the rows came from (Fqdn, else ClientId), in order of first appearance; empty for one collection's export. */
  hosts: string[];
}

/** Counts the hosts of a text's rows, and says once, on the row where a second host starts, that there are several. */
export class HostTally {
  readonly hosts: string[] = [];
  private readonly known = new Set<string>();

  note(origin: HuntOrigin, line: LinePlace, log: ParseLog): void {
    const host = origin.fqdn ?? origin.clientId;
    if (host === null || this.known.has(host)) return;
    this.known.add(host);
    this.hosts.push(host);
    if (this.hosts.length === 2) {
      log.reportLine(line, 'info', `Rows of a second host ("${excerpt(host)}" after "${excerpt(this.hosts[0]!)}"): a hunt's results; every record keeps its ClientId, Fqdn and FlowId`);
    }
  }
}

/** `[INFO] 2024-01-15T10:00:00Z Loaded 312 built in artifacts`: what the command line logs, when stderr was kept too. */
const LOG_LINE = /^\[(INFO|DEBUG|WARN|WARNING|ERROR)\] /;

/**
 * Reads a line of the command line's own: its INFO and DEBUG log lines and the echoed command are structure; a
 * WARN or ERROR log line is a warning (the collection may be incomplete). False for any other line.
 */
export function readCommandLineOutput(line: LinePlace, content: string, log: ParseLog, commands: readonly string[]): boolean {
  const level = LOG_LINE.exec(content)?.[1];
  if (level === 'INFO' || level === 'DEBUG') {
    log.structure(line.number);
    return true;
  }
  if (level !== undefined) {
    log.reportLine(line, 'warning', "Velociraptor's own warning or error: the collection may be incomplete");
    return true;
  }
  if (isCommandEcho(content, 'velociraptor', patternsOf(commands))) {
    log.structure(line.number);
    return true;
  }
  return false;
}

const compiled = new Map<readonly string[], CommandWord[][]>();

function patternsOf(commands: readonly string[]): CommandWord[][] {
  let patterns = compiled.get(commands);
  if (patterns === undefined) {
    patterns = commands.map(compileCommandPattern);
    compiled.set(commands, patterns);
  }
  return patterns;
}

function excerpt(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
