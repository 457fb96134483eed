// A Windows host through Sysinternals: `psexec \\HOST netstat -ano` for sockets, `pslist \\HOST` for processes and
// `pskill \\HOST PID` to stop one — each a local child process (argv array), its output kept and parsed.
import type { Connection, ConnectionCollection, HostCommandRecord, KillResult, ParseResult, ProcessCollection, ProcessEntry } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import * as psExecError from '../../../shared/parsers/sysinternals/psExecError';
import * as psKill from '../../../shared/parsers/sysinternals/psKill';
import * as psList from '../../../shared/parsers/sysinternals/psList';
import * as winNetstat from '../../../shared/parsers/windows/netstat';
import * as winNetstatB from '../../../shared/parsers/windows/netstatB';
import type { ConnectionOptions, HostCollector, HostOperationOptions, HostTarget, KillOptions, KillRun } from '../hostCollector';
import { commandRecord, stoppedRunError, type RecordSink } from '../hostRuns';
import type { ToolLocation } from '../process/toolLocator';
import { ToolStartError, type ToolRunner } from '../process/toolRunner';
import { psexecNetstatArgs, pskillArgs, pslistArgs, type SysinternalsCredentials } from './sysinternalsArgv';

export type SysinternalsTool = 'psexec' | 'pslist' | 'pskill';

export interface SysinternalsDeps {
  /** Pipes, or a console (PsExec needs one on Windows). */
  runner: ToolRunner;
  /** Where each tool is; throws 'tool-not-found'. */
  locate: (tool: SysinternalsTool) => ToolLocation;
  onRecord: RecordSink;
  /** The version PsExec prints in its banner (which -nobanner hides), when known; see probePsExecVersion. */
  psexecVersion?: (location: ToolLocation) => Promise<string | null>;
}

interface FinishedRun {
  record: HostCommandRecord;
  /** Everything the tool printed, stdout then stderr (or the console's one stream). */
  output: string;
}

export class SysinternalsCollector implements HostCollector {
  constructor(
    readonly target: HostTarget,
    private readonly deps: SysinternalsDeps,
  ) {}

  private get credentials(): SysinternalsCredentials | null {
    return this.target.username ? { username: this.target.username, password: this.target.password ?? '' } : null;
  }

  async collectConnections(options: ConnectionOptions = {}): Promise<ConnectionCollection> {
    const withOwners = options.withOwners === true;
    const { record } = await this.run('psexec', psexecNetstatArgs(this.target.address, this.credentials, withOwners), options, `netstat ${withOwners ? '-anob' : '-ano'}`);
    const result = (withOwners ? winNetstatB.parse(record.stdout) : winNetstat.parse(record.stdout)) as ParseResult<Connection, unknown>;
    return { hostId: this.target.hostId, host: this.target.address, command: record, result };
  }

  async collectProcesses(options: HostOperationOptions = {}): Promise<ProcessCollection> {
    const { record } = await this.run('pslist', pslistArgs(this.target.address, this.credentials, false), options);
    const result = psList.parse(this.consoleText(record)) as ParseResult<ProcessEntry, unknown>;
    return { hostId: this.target.hostId, host: this.target.address, command: record, result };
  }

  /**
   * Stops process `pid` with PsKill, then lists the processes again: 'killed' only when the PID is gone. Never by
   * image name: with several instances running, a name would stop them all.
   */
  async kill(pid: number, options: KillOptions = {}): Promise<KillRun> {
    const commands: HostCommandRecord[] = [];
    const result = (outcome: KillResult['outcome'], message: string): KillRun => ({ outcome, message, commands });
    const killRun = await this.run('pskill', pskillArgs(this.target.address, this.credentials, pid), options, undefined, true);
    commands.push(killRun.record);
    const said = psKill.parse(this.consoleText(killRun.record)).records.find((outcome) => outcome.pid === pid || outcome.pid === null);
    if (said?.outcome === 'not-found') return result('not-found', `Process ${pid} does not exist on ${this.target.address} (PsKill: "${said.message}").`);
    if (said?.outcome === 'access-denied') return result('access-denied', `PsKill was denied stopping process ${pid} on ${this.target.address}: "${said.message}".`);
    if (said?.outcome !== 'killed') {
      throw new AppError({ kind: 'host-tool-failed', host: this.target.address, tool: 'pskill', reason: 'exit-code', detail: said?.message ?? lastLine(killRun.output), exitCode: killRun.record.exitCode });
    }
    const after = await this.collectProcesses(options);
    commands.push(after.command);
    const survivor = after.result.records.find((process) => process.pid === pid);
    if (survivor) return result('still-running', `PsKill said process ${pid} was killed, but ${this.target.address} still lists it (${survivor.name}).`);
    return result('killed', `Process ${pid} on ${this.target.address} was stopped; a new process list no longer shows it.`);
  }

  async dispose(): Promise<void> {
    // Nothing held open between runs.
  }

  /** PsList and PsKill print their banner on stderr: the parsers read the whole console, as the analyst saw it. */
  private consoleText(record: HostCommandRecord): string {
    return record.stderr === null ? record.stdout : `${record.stderr}${record.stdout}`;
  }

  /**
   * Runs one tool and keeps its record. Rejects with the analyst's error when the run was stopped, could not start,
   * or failed the way PsExec reports failures; `allowFailure` leaves judging the output to the caller (PsKill).
   */
  private async run(tool: SysinternalsTool, args: string[], options: HostOperationOptions, remoteCommand?: string, allowFailure = false): Promise<FinishedRun> {
    const location = this.deps.locate(tool);
    const timeoutMs = options.timeoutMs ?? this.target.timeoutMs;
    options.onProgress?.(`running ${tool}${remoteCommand ? ` ${remoteCommand}` : ''} on ${this.target.address}`);
    let outcome;
    try {
      outcome = await this.deps.runner.run({ executable: location.path, args, timeoutMs, encoding: 'latin1', ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if (error instanceof ToolStartError) throw new AppError({ kind: 'tool-not-found', tool, searched: `${location.path} (${error.message})` });
      throw error;
    }
    const output = outcome.stderr === null ? outcome.stdout : `${outcome.stdout}${outcome.stderr}`;
    const failure = outcome.ending === 'exited' && !allowFailure ? this.failureOf(tool, outcome.exitCode, outcome.stderr ?? outcome.stdout) : null;
    const version = tool === 'psexec' ? ((await this.deps.psexecVersion?.(location)) ?? null) : bannerVersion(output, tool);
    const record = commandRecord({ target: this.target, tool, toolPath: location.path, toolVersion: version, argv: [location.path, ...args] }, outcome, failure !== null);
    this.deps.onRecord(record);
    const stopped = stoppedRunError(record, timeoutMs);
    if (stopped) throw stopped;
    if (failure) throw failure;
    return { record, output };
  }

  /** The error a finished run reports, or null when it succeeded. */
  private failureOf(tool: SysinternalsTool, exitCode: number | null, errorText: string): AppError | null {
    const failures = psExecError.parse(errorText).records;
    const failure = failures.find((candidate) => candidate.kind !== 'other') ?? failures[0];
    if (failure) {
      return new AppError({ kind: 'host-tool-failed', host: this.target.address, tool, reason: failure.kind, detail: failure.message, exitCode });
    }
    if (exitCode !== 0) return new AppError({ kind: 'host-tool-failed', host: this.target.address, tool, reason: 'exit-code', detail: lastLine(errorText), exitCode });
    return null;
  }
}

/** "2.43" from a PsTools banner line in the output, or null. */
function bannerVersion(output: string, tool: SysinternalsTool): string | null {
  const match = new RegExp(`^\\s*${tool}\\S* v(\\d+(?:\\.\\d+)+)`, 'im').exec(output);
  return match ? match[1]! : null;
}

/** The last non-blank line of a text, trimmed: the tool's own last word on a failure. */
function lastLine(text: string): string {
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).at(-1) ?? '';
}
