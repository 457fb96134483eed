// Parses Windows `netstat -anob` (and -ab, -bno …): each row with the owner lines netstat -b prints below it, the
// components ("RpcSs") and the executable ("[svchost.exe]"), or "Can not obtain ownership information" (marked
// owner-unknown). Owner lines are listed in structuralLines; the rules are those of netstatTable.ts.
import { compileCommandPattern } from '../commandPattern';
import { detectionScore } from '../detection';
import { letterOrders } from './consoleFrame';
import { netstatShape, parseNetstat, type NetstatResult } from './netstatTable';

export type { NetstatResult, NetstatSections } from './netstatTable';

export const id = 'win-netstat-b';
export const version = '1.0.0';

/** -b with any of -a, -n, -o, joined in any order ("-anob", "-bno", "-ab"). */
export const commands: readonly string[] = ['b', 'ab', 'bn', 'bo', 'abn', 'abo', 'bno', 'abno']
  .flatMap(letterOrders)
  .map((letters) => `netstat[[.exe]] -${letters}`);

const commandPatterns = commands.map(compileCommandPattern);

/** Parses the text of `netstat -anob`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): NetstatResult {
  return parseNetstat(text, { id, version, ownerLines: true, commandPatterns });
}

/** 0..1: how much the start of the text looks like `netstat -b` output: netstat rows with owner lines below them. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const shape = netstatShape(text);
  if (shape.rows === 0) return 0;
  if (shape.ownerLines === 0) return 0.3;
  let score = 0.75;
  if (shape.headers > 0) score += 0.15;
  if (shape.titles > 0) score += 0.05;
  return detectionScore(score);
}
