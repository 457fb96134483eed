// The audit record of one kill attempt (done, refused or failed): who asked, when, why, what was checked, what ran and
// how it ended. The session log shows it as one 'action' entry; the case's audit log keeps the same record.
import { userInfo } from 'node:os';
import type { KillResult, LogEntry } from '../../shared/domain';
import type { AppErrorData } from '../../shared/errors';

/** A kill attempt as recorded: the KillResult, what was checked before, and the error when it was refused or failed. */
export interface KillRecord extends KillResult {
  /** What FlowPivot checked before killing, and what it could not check, in words. */
  checks: string[];
  /** Why nothing (or not everything) happened: 'kill-refused', a tool failure, a cancel; null when the attempt ran. */
  error: AppErrorData | null;
}

/** The OS account running FlowPivot: the analyst who asked. */
export function analystAccount(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const { username } = userInfo();
    if (username) return username;
  } catch {
    // No passwd entry for this uid (a container): the environment still names the user.
  }
  return env.USER || env.USERNAME || 'unknown user';
}

/** How the attempt ended, in one word for the log. */
function ending(record: KillRecord): string {
  if (record.error?.kind === 'kill-refused') return 'refused';
  if (record.error !== null) return 'failed';
  return record.outcome === 'killed' ? 'done' : record.outcome;
}

/** The one place a kill attempt becomes its record: the result as given, with the checks and the error. */
export function killRecord(result: KillResult, checks: readonly string[], error: AppErrorData | null): KillRecord {
  return { ...result, commands: [...result.commands], checks: [...checks], error };
}

/** The session log's entry for an attempt: "who asked to stop what on which host, why, and how it ended". */
export function killLogEntry(record: KillRecord, device: string): Omit<LogEntry, 'id' | 'at'> {
  const what = record.process ? `process ${record.pid} (${record.process.name})` : `process ${record.pid}`;
  const why = record.reason ? `reason: "${record.reason}"` : 'no reason given';
  const result = ending(record);
  const checks = record.checks.length > 0 ? ` Checks: ${record.checks.join('; ')}.` : '';
  const sentence = record.message.replace(/\.$/, '');
  return {
    level: result === 'done' ? 'info' : result === 'refused' || result === 'not-found' ? 'warning' : 'error',
    kind: 'action',
    routerId: null,
    device,
    command: `kill ${record.pid}`,
    message: `${record.requestedBy} asked to stop ${what} on ${device} (${why}): ${result}. ${sentence}.${checks}`,
    detail: JSON.stringify(record),
  };
}
