// PsList's process table and its -t tree for a fleet host, in PsList v1.4's column layout with CRLF line ends.
//
// Layouts measured on real captures: the flat table is "%-16s%7d %3d %3d %4d %6d %15s %15s" (Name Pid Pri Thd Hnd
// Priv, CPU Time, Elapsed Time; tests/fixtures/pslist/n0ware-v14.txt), the tree "%-29s%7d %3d %3d %4d %7d %7d %7d"
// (Name Pid Pri Thd Hnd VM WS Priv) with two spaces of indentation per level inside the name column
// (tests/fixtures/pslist-tree/n0ware-firefox.txt). Wider values push the rest of the row right, as printf does.
import type { FleetProcess } from './fleetState';
import { CRLF } from './psToolsTexts';

/** "h:mm:ss.mmm", hours unpadded and unbounded, as PsList prints CPU and elapsed times. */
export function formatPsListTime(milliseconds: number): string {
  const hours = Math.floor(milliseconds / 3_600_000);
  const minutes = Math.floor(milliseconds / 60_000) % 60;
  const seconds = Math.floor(milliseconds / 1000) % 60;
  const millis = milliseconds % 1000;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
}

/** "0:37:20.984" → 2240984 ms: the inverse of formatPsListTime, for scenario data written as PsList prints it. */
export function parsePsListTime(text: string): number {
  const match = /^(\d+):(\d{2}):(\d{2})\.(\d{3})$/.exec(text);
  if (match === null) throw new Error(`not a PsList time (h:mm:ss.mmm): "${text}"`);
  const [, hours, minutes, seconds, millis] = match.map(Number) as [number, number, number, number, number];
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

const right = (value: number | string, width: number) => String(value).padStart(width);

export const PSLIST_HEADER = `${'Name'.padEnd(16)}${right('Pid', 7)} ${right('Pri', 3)} ${right('Thd', 3)} ${right('Hnd', 4)} ${right('Priv', 6)} ${right('CPU Time', 15)} ${right('Elapsed Time', 15)}`;
export const PSLIST_TREE_HEADER = `${'Name'.padEnd(29)}${right('Pid', 7)} ${right('Pri', 3)} ${right('Thd', 3)} ${right('Hnd', 4)} ${right('VM', 7)} ${right('WS', 7)} ${right('Priv', 7)}`;

export function psListRow(process: FleetProcess): string {
  return `${process.name.padEnd(16)}${right(process.pid, 7)} ${right(process.priority, 3)} ${right(process.threads, 3)} ${right(process.handles, 4)} ${right(process.privateKb, 6)} ${right(formatPsListTime(process.cpuMs), 15)} ${right(formatPsListTime(process.elapsedMs), 15)}`;
}

export function psListTreeRow(process: FleetProcess, depth: number): string {
  return `${`${'  '.repeat(depth)}${process.name}`.padEnd(29)}${right(process.pid, 7)} ${right(process.priority, 3)} ${right(process.threads, 3)} ${right(process.handles, 4)} ${right(process.virtualKb, 7)} ${right(process.workingSetKb, 7)} ${right(process.privateKb, 7)}`;
}

/**
 * The processes in tree order with their depth: each root (a process whose parent is not listed, or PID 0's
 * children's parent Idle itself) followed by its descendants, children in listing order.
 */
export function psListTreeOrder(processes: readonly FleetProcess[]): { process: FleetProcess; depth: number }[] {
  const listed = new Set(processes.map((process) => process.pid));
  // Idle (PID 0) is every orphan's nominal parent and never shown as one: its "children" are roots.
  const isRoot = (process: FleetProcess) => process.ppid === 0 || process.ppid === process.pid || !listed.has(process.ppid);
  const ordered: { process: FleetProcess; depth: number }[] = [];
  const shown = new Set<FleetProcess>();
  const visit = (process: FleetProcess, depth: number) => {
    shown.add(process);
    ordered.push({ process, depth });
    for (const child of processes) if (!shown.has(child) && !isRoot(child) && child.ppid === process.pid) visit(child, depth + 1);
  };
  for (const process of processes) if (isRoot(process)) visit(process, 0);
  // A parent loop (PIDs reused in a circle) has no root: show what is left at the top rather than lose it.
  for (const process of processes) if (!shown.has(process)) visit(process, 0);
  return ordered;
}

/** "Process information for HOST:", a blank line, then the table (or the tree with -t); every line CRLF-ended. */
export function renderPsList(hostTitle: string, processes: readonly FleetProcess[], options: { tree: boolean }): string {
  const lines = [`Process information for ${hostTitle}:`, ''];
  if (options.tree) {
    lines.push(PSLIST_TREE_HEADER, ...psListTreeOrder(processes).map(({ process, depth }) => psListTreeRow(process, depth)));
  } else {
    lines.push(PSLIST_HEADER, ...processes.map(psListRow));
  }
  return lines.map((line) => `${line}${CRLF}`).join('');
}

/** PsList's answer when no process matches the name or PID asked for. */
export function renderPsListNotFound(hostTitle: string, wanted: string): string {
  return [`Process information for ${hostTitle}:`, '', `process ${wanted} was not found on ${hostTitle}`].map((line) => `${line}${CRLF}`).join('');
}
