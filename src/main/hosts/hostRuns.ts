// Turns one finished tool run into evidence (a HostCommandRecord with secrets masked) and into the analyst's error
// when the run was stopped; shared by every HostCollector.
import { randomUUID } from 'node:crypto';
import type { HostCommandRecord } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { HostTarget } from './hostCollector';
import type { ToolRunOutcome } from './process/toolRunner';

export const MASK = '********';

/** argv with every secret replaced by MASK, wherever it appears (alone or inside an argument). */
export function maskSecrets(argv: readonly string[], secrets: readonly (string | null | undefined)[]): string[] {
  const present = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
  return argv.map((argument) => present.reduce((masked, secret) => masked.split(secret).join(MASK), argument));
}

/** Removes every secret from free text (outputs echoing a command line, error details). */
export function maskText(text: string, secrets: readonly (string | null | undefined)[]): string {
  return maskSecrets([text], secrets)[0]!;
}

export interface RunDescription {
  target: HostTarget;
  /** "psexec", "pslist", "ss", … */
  tool: string;
  toolPath: string | null;
  toolVersion: string | null;
  /** The command as run (executable first). */
  argv: readonly string[];
}

/** The evidence of one run; outputs are kept verbatim except that secrets never appear in them. */
export function commandRecord(run: RunDescription, outcome: ToolRunOutcome, failed: boolean): HostCommandRecord {
  const secrets = [run.target.password, run.target.passphrase];
  return {
    id: randomUUID(),
    hostId: run.target.hostId,
    host: run.target.address,
    via: run.target.via,
    tool: run.tool,
    toolPath: run.toolPath,
    toolVersion: run.toolVersion,
    argv: maskSecrets(run.argv, secrets),
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout: maskText(outcome.stdout, secrets),
    stderr: outcome.stderr === null ? null : maskText(outcome.stderr, secrets),
    outcome: outcome.ending === 'timeout' ? 'timeout' : outcome.ending === 'cancelled' ? 'cancelled' : failed ? 'failed' : 'ok',
  };
}

/** The error for a run FlowPivot stopped, or null when the tool ended on its own. */
export function stoppedRunError(record: HostCommandRecord, timeoutMs: number): AppError | null {
  if (record.outcome === 'timeout') return new AppError({ kind: 'host-command-timeout', host: record.host, tool: record.tool, timeoutMs });
  if (record.outcome === 'cancelled') return new AppError({ kind: 'host-command-cancelled', host: record.host, tool: record.tool });
  return null;
}

/** Where collectors hand every record (the log book in the app, stderr in the CLI), failed runs included. */
export type RecordSink = (record: HostCommandRecord) => void;
