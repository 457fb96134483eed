// The analyst's own machine as a host (first response on the workstation): ss, ps and kill on Linux, netstat, tasklist
// and taskkill on Windows, each run as a local process with an argv array through a ToolRunner.
import { AppError } from '../../../shared/errors';
import type { HostOs } from '../../../shared/domain';
import type { HostTarget, KillOptions, KillRun } from '../hostCollector';
import type { RecordSink } from '../hostRuns';
import { PipeToolRunner } from '../process/pipeRunner';
import { locateTool, type ToolLocation } from '../process/toolLocator';
import { linuxToolVersion, type VersionQuery } from '../process/toolVersion';
import { ToolStartError, type ToolRunner } from '../process/toolRunner';
import { OsCommandCollector, type CommandRequest, type CommandRun } from '../os/osCommandCollector';
import { checkPid, type HostCommand, type HostTool } from '../os/osCommands';

/** The address every local record carries. */
export const LOCAL_HOST = 'local';

export interface LocalHostDeps {
  onRecord: RecordSink;
  /**
   * Default: PipeToolRunner, separate stdout and stderr. None of these tools needs a console, and in one procps ps cuts
   * every line at the terminal's width, command lines included.
   */
  runner?: ToolRunner;
  /** Executables the analyst configured, by tool (an absolute path); the others are looked up on PATH. */
  toolPaths?: Partial<Record<HostTool, string>>;
  /** Reads a tool's version once (toolVersion.ts); without it records carry no version. */
  versionOf?: (location: ToolLocation, query: VersionQuery) => Promise<string | null>;
}

/** This machine as a HostTarget: its OS, the current user, the given timeout. */
export function localHostTarget(timeoutMs = 30_000, os: HostOs = process.platform === 'win32' ? 'windows' : 'linux'): HostTarget {
  return { hostId: null, address: LOCAL_HOST, via: 'local', os, username: '', password: null, port: 0, privateKey: null, privateKeyPath: null, passphrase: null, timeoutMs };
}

export class LocalHostCollector extends OsCommandCollector {
  private readonly runner: ToolRunner;
  private readonly toolPaths: Partial<Record<HostTool, string>>;
  private readonly versionOf: LocalHostDeps['versionOf'];

  constructor(target: HostTarget, deps: LocalHostDeps) {
    super(target, deps.onRecord);
    this.runner = deps.runner ?? new PipeToolRunner();
    this.toolPaths = deps.toolPaths ?? {};
    this.versionOf = deps.versionOf;
  }

  /** Refuses FlowPivot's own process: stopping it from its own window would end the investigation mid-step. */
  override async kill(pid: number, options: KillOptions = {}): Promise<KillRun> {
    const checked = checkPid(this.target.address, this.target.os, pid);
    if (checked === process.pid) throw new AppError({ kind: 'kill-refused', host: this.target.address, pid: checked, reason: 'it is FlowPivot itself', because: 'not-allowed' });
    return super.kill(checked, options);
  }

  protected async runCommand(command: HostCommand, request: CommandRequest): Promise<CommandRun> {
    const location = locateTool(command.tool, this.toolPaths[command.tool] ?? null);
    try {
      const outcome = await this.runner.run({
        executable: location.path,
        args: command.args,
        timeoutMs: request.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
        env: { ...process.env, ...command.env },
        // Windows tools print in the console's code page: latin1 keeps every byte.
        encoding: this.target.os === 'windows' ? 'latin1' : 'utf8',
      });
      const query = this.target.os === 'linux' ? linuxToolVersion(command.tool) : null;
      const toolVersion = query && this.versionOf ? await this.versionOf(location, query) : null;
      return { outcome, toolPath: location.path, toolVersion, argv: [location.path, ...command.args] };
    } catch (error) {
      if (error instanceof ToolStartError) {
        throw new AppError({ kind: 'host-tool-failed', host: this.target.address, tool: command.tool, reason: 'command-not-found', detail: error.message, exitCode: null });
      }
      throw error;
    }
  }

  async dispose(): Promise<void> {
    // Nothing is held open between runs.
  }
}
