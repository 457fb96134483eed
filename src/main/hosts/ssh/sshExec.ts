// Runs one command line on an open SSH connection (an exec channel) and keeps what it printed, like a ToolRunner does
// for a local process: exit code or signal, stdout and stderr verbatim, bounded by a timeout and an AbortSignal.
import type { Client, ClientChannel } from '../../ssh/ssh2';
import { armStop, type ToolRunOutcome } from '../process/toolRunner';

/** How long a stopped run waits for the server to confirm the command ended before it gives up waiting. */
export const SSH_STOP_GRACE_MS = 1000;

export interface SshExecRequest {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Raised when the server refused to open the channel (too many sessions, the connection going down). */
export class SshExecError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'SshExecError';
  }
}

/**
 * Resolves when the channel has closed, however the command ended. A stop (timeout or cancel) asks the server to send
 * TERM to the command and closes the channel, then resolves once the server confirms or SSH_STOP_GRACE_MS has passed.
 * OpenSSH signals commands of ordinary accounts only: for a root login it answers "session signalling requires
 * privilege separation", and the command runs on until it ends by itself (sshd keeps its channel open until then).
 */
export function execOverSsh(client: Client, commandLine: string, request: SshExecRequest): Promise<ToolRunOutcome> {
  return new Promise((resolve, reject) => {
    const startedAt = new Date().toISOString();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let ending: ToolRunOutcome['ending'] = 'exited';
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let channel: ClientChannel | null = null;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = () => {
      if (settled) return;
      settled = true;
      disarm();
      clearTimeout(graceTimer);
      client.removeListener('close', finish);
      resolve({ ending, exitCode, signal: exitSignal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), startedAt, finishedAt: new Date().toISOString() });
    };
    const stopChannel = (open: ClientChannel) => {
      try {
        open.signal('TERM');
        open.close();
      } catch {
        // The channel closed meanwhile.
      }
    };
    const disarm = armStop({ executable: 'ssh', args: [], timeoutMs: request.timeoutMs, ...(request.signal ? { signal: request.signal } : {}) }, (reason) => {
      ending = reason;
      if (channel) stopChannel(channel);
      graceTimer = setTimeout(finish, SSH_STOP_GRACE_MS);
    });
    // A connection that drops mid-command ends the run with no exit status.
    client.once('close', finish);

    const refused = (error: Error) => {
      if (ending !== 'exited') return finish();
      settled = true;
      disarm();
      clearTimeout(graceTimer);
      client.removeListener('close', finish);
      reject(new SshExecError(error.message));
    };
    const opening = (error: Error | undefined, opened: ClientChannel) => {
      if (error) {
        refused(error);
        return;
      }
      channel = opened;
      if (ending !== 'exited') stopChannel(opened);
      opened.on('data', (chunk: Buffer) => stdout.push(chunk));
      opened.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      opened.on('exit', (code: number | null, signalName?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        exitSignal = signalName ?? null;
      });
      opened.on('close', finish);
    };
    try {
      client.exec(commandLine, opening);
    } catch (error) {
      // ssh2 throws at once when the connection is no longer up.
      refused(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
