// One HostCollector for every way of running a host's own commands (this machine, an SSH session): what to run, the
// evidence of each run, the parsing, and the kill that counts a process as stopped only once a check says it is gone.
// A subclass only runs one command and closes what it holds.
import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectionCollection, HostCommandRecord, ProcessCollection } from '../../../shared/domain';
import { AppError, type HostToolFailure } from '../../../shared/errors';
import type { HostCollector, HostOperationOptions, HostTarget, KillOptions, KillRun } from '../hostCollector';
import { commandRecord, stoppedRunError, type RecordSink } from '../hostRuns';
import type { ToolRunOutcome } from '../process/toolRunner';
import {
  aliveCommand,
  checkPid,
  connectionsCommand,
  firstLine,
  killSentence,
  parseConnections,
  parseProcesses,
  processesCommand,
  readAliveAnswer,
  readKillAnswer,
  readTaskkillAnswer,
  stopCommand,
  type AliveAnswer,
  type HostCommand,
  type KillEnding,
} from './osCommands';

/** One run as the transport made it. */
export interface CommandRun {
  outcome: ToolRunOutcome;
  /** What ran the command, for the evidence: the executable's path, or the SSH target. */
  toolPath: string | null;
  toolVersion: string | null;
  /** The command as run, one element per word. */
  argv: readonly string[];
}

export interface CommandRequest {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** How long a kill waits for the process to go before it calls it still running (or escalates, when asked sooner). */
export const KILL_VERIFY_MS = 2000;
/** The alive checks back off from this to KILL_CHECK_MAX_MS: most processes are gone within the first few. */
const KILL_CHECK_FIRST_MS = 20;
const KILL_CHECK_MAX_MS = 250;

export abstract class OsCommandCollector implements HostCollector {
  constructor(
    readonly target: HostTarget,
    private readonly onRecord: RecordSink,
  ) {}

  /** Runs one command on the host; resolves however it ended, rejects only with an AppError when it could not run. */
  protected abstract runCommand(command: HostCommand, request: CommandRequest): Promise<CommandRun>;

  abstract dispose(): Promise<void>;

  async collectConnections(options: HostOperationOptions = {}): Promise<ConnectionCollection> {
    const command = connectionsCommand(this.target.os);
    const record = await this.runCollection(command, options);
    return { hostId: this.target.hostId, host: this.target.address, command: record, result: parseConnections(this.target.os, record.stdout) };
  }

  async collectProcesses(options: HostOperationOptions = {}): Promise<ProcessCollection> {
    const command = processesCommand(this.target.os);
    const record = await this.runCollection(command, options);
    return { hostId: this.target.hostId, host: this.target.address, command: record, result: parseProcesses(this.target.os, record.stdout) };
  }

  /**
   * TERM (taskkill /F on Windows), then alive checks until the process is gone. With `escalateAfterMs` (Linux), KILL
   * follows when it is still there after that long. 'killed' only when a check said it is gone.
   */
  async kill(pid: number, options: KillOptions = {}): Promise<KillRun> {
    const { os, address: host } = this.target;
    const checked = checkPid(host, os, pid);
    const commands: HostCommandRecord[] = [];
    const finish = (ending: KillEnding): KillRun => ({ ...killSentence(host, checked, ending), commands });

    options.onProgress?.(`stopping process ${checked} on ${host}`);
    const readStop = os === 'linux' ? readKillAnswer : readTaskkillAnswer;
    const first = await this.runRecorded(stopCommand(os, checked, 'TERM'), options, (outcome) => readStop(outcome).kind !== 'sent', commands);
    const answer = readStop(first.outcome);
    if (answer.kind !== 'sent') return finish({ outcome: answer.kind, detail: answer.detail });

    const escalateAfterMs = os === 'linux' ? options.escalateAfterMs : undefined;
    const firstWait = escalateAfterMs ?? KILL_VERIFY_MS;
    const afterTerm = await this.waitUntilGone(checked, firstWait, options, commands);
    if (afterTerm.answer === 'gone') return finish({ outcome: 'killed', how: os === 'linux' ? 'term' : 'taskkill', escalateAfterMs: null });
    if (afterTerm.answer === 'unknown') return finish({ outcome: 'unverified', detail: afterTerm.detail });
    if (escalateAfterMs === undefined) return finish({ outcome: 'still-running', waitedMs: firstWait, escalated: false });

    options.onProgress?.(`process ${checked} on ${host} is still running: sending KILL`);
    const second = await this.runRecorded(stopCommand(os, checked, 'KILL'), options, (outcome) => readKillAnswer(outcome).kind !== 'sent', commands);
    const secondAnswer = readKillAnswer(second.outcome);
    // "No such process" here means TERM did its work after the last check: gone, and said so by the kernel.
    if (secondAnswer.kind === 'not-found') return finish({ outcome: 'killed', how: 'term', escalateAfterMs: null });
    if (secondAnswer.kind !== 'sent') return finish({ outcome: secondAnswer.kind, detail: secondAnswer.detail });
    const afterKill = await this.waitUntilGone(checked, KILL_VERIFY_MS, options, commands);
    if (afterKill.answer === 'gone') return finish({ outcome: 'killed', how: 'escalated', escalateAfterMs });
    if (afterKill.answer === 'unknown') return finish({ outcome: 'unverified', detail: afterKill.detail });
    return finish({ outcome: 'still-running', waitedMs: KILL_VERIFY_MS, escalated: true });
  }

  /** Alive checks, backing off, until one says gone or unreadable, or `windowMs` has passed. */
  private async waitUntilGone(pid: number, windowMs: number, options: HostOperationOptions, commands: HostCommandRecord[]): Promise<{ answer: AliveAnswer; detail: string }> {
    const { os, address } = this.target;
    const command = aliveCommand(os, pid);
    const deadline = Date.now() + windowMs;
    let pause = KILL_CHECK_FIRST_MS;
    options.onProgress?.(`checking that process ${pid} on ${address} is gone`);
    for (;;) {
      await this.pause(Math.min(pause, Math.max(0, deadline - Date.now())), command, options.signal);
      const run = await this.runRecorded(command, options, (outcome) => readAliveAnswer(os, pid, outcome) === 'unknown', commands);
      const answer = readAliveAnswer(os, pid, run.outcome);
      if (answer !== 'alive' || Date.now() >= deadline) return { answer, detail: firstLine(run.outcome) };
      pause = Math.min(pause * 2, KILL_CHECK_MAX_MS);
    }
  }

  private async pause(ms: number, command: HostCommand, signal: AbortSignal | undefined): Promise<void> {
    try {
      await delay(ms, undefined, signal ? { signal } : {});
    } catch {
      throw new AppError({ kind: 'host-command-cancelled', host: this.target.address, tool: command.tool });
    }
  }

  /** A collection's run: a non-zero exit is the analyst's error, with the tool's own first line. */
  private async runCollection(command: HostCommand, options: HostOperationOptions): Promise<HostCommandRecord> {
    const run = await this.runRecorded(command, options, (outcome) => outcome.exitCode !== 0);
    if (run.record.outcome === 'failed') {
      const detail = firstLine(run.outcome) || endingWithoutWords(run.outcome);
      throw new AppError({ kind: 'host-tool-failed', host: this.target.address, tool: command.tool, reason: failureReason(run.outcome), detail, exitCode: run.outcome.exitCode });
    }
    return run.record;
  }

  /**
   * Runs, keeps the evidence (also of failed and stopped runs), and rejects when FlowPivot stopped the run. `failed`
   * judges the run by what it was for: an alive check that answered "No such process" did its job.
   */
  private async runRecorded(command: HostCommand, options: HostOperationOptions, failed: (outcome: ToolRunOutcome) => boolean, into?: HostCommandRecord[]): Promise<{ record: HostCommandRecord; outcome: ToolRunOutcome }> {
    const timeoutMs = options.timeoutMs ?? this.target.timeoutMs;
    options.onProgress?.(`running ${[command.tool, ...command.args].join(' ')} on ${this.target.address}`);
    const run = await this.runCommand(command, { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    const record = commandRecord({ target: this.target, tool: command.tool, toolPath: run.toolPath, toolVersion: run.toolVersion, argv: run.argv }, run.outcome, failed(run.outcome));
    into?.push(record);
    this.onRecord(record);
    const stopped = stoppedRunError(record, timeoutMs);
    if (stopped) throw stopped;
    return { record, outcome: run.outcome };
  }
}

/**
 * 127 is the POSIX shells' "command not found"; cmd.exe says "is not recognized as an internal or external command".
 * Neither an exit code nor a signal: the SSH connection closed under the command.
 */
function failureReason(outcome: ToolRunOutcome): HostToolFailure {
  const text = `${outcome.stderr ?? ''}\n${outcome.stdout}`;
  if (outcome.exitCode === 127 || /is not recognized as an internal or external command|command not found/i.test(text)) return 'command-not-found';
  if (outcome.exitCode !== null) return 'exit-code';
  return outcome.signal === null ? 'connect-failed' : 'other';
}

/** What to quote when the tool printed nothing. */
function endingWithoutWords(outcome: ToolRunOutcome): string {
  if (outcome.signal !== null) return `it was ended by ${outcome.signal}`;
  return outcome.exitCode === null ? 'it ended without an exit status (the connection closed during the command)' : '';
}
