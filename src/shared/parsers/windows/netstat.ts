// Parses Windows `netstat -ano` (and -an, -on): one Connection per row, PIDs when -o printed them, also when run through
// PsExec. The rules are those of the shared table reader (netstatTable.ts); owner lines of netstat -b are not read here.
import { compileCommandPattern } from '../commandPattern';
import { detectionScore } from '../detection';
import { letterOrders } from './consoleFrame';
import { netstatShape, parseNetstat, type NetstatResult } from './netstatTable';

export type { NetstatResult, NetstatSections } from './netstatTable';

export const id = 'win-netstat';
export const version = '1.0.0';

/**
 * -n with -a and/or -o in any order, joined ("-ano", "-nao") or as separate switches ("-a -n -o"); -q (Windows 10:
 * bound sockets too) joined.
 */
export const commands: readonly string[] = [
  ...['n', 'an', 'no', 'ano', 'anq', 'anoq'].flatMap(letterOrders).map((letters) => `netstat[[.exe]] -${letters}`),
  ...['an', 'no', 'ano'].flatMap(letterOrders).filter((letters) => letters.length > 1).map((letters) => `netstat[[.exe]] ${[...letters].map((letter) => `-${letter}`).join(' ')}`),
];

const commandPatterns = commands.map(compileCommandPattern);

/** Parses the text of `netstat -ano`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): NetstatResult {
  return parseNetstat(text, { id, version, ownerLines: false, commandPatterns });
}

/** 0..1: how much the start of the text looks like `netstat -ano` output (owner lines point to netstat -b instead). */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const shape = netstatShape(text);
  if (shape.rows === 0) return shape.titles > 0 && shape.headers > 0 ? 0.5 : 0;
  let score = shape.rows >= 2 ? 0.6 : 0.5;
  if (shape.headers > 0) score += 0.25;
  if (shape.titles > 0) score += 0.15;
  if (shape.ownerLines > 0) score = Math.min(score, 0.6);
  return detectionScore(score);
}
