// One logged-in CLI session to a router: SSH connection, interactive shell, enable, paging off, commands with timeouts.
import { AppError } from '../../shared/errors';
import type { NegotiatedAlgorithms } from '../../shared/domain';
import { IosCli, type CommandOutcome } from './iosCli';
import { openSshConnection, type PresentedHostKey, type SshConnectOptions } from './sshConnection';
import type { Client, ClientChannel } from './ssh2';

export interface RouterSessionOptions extends Omit<SshConnectOptions, 'readyTimeoutMs' | 'keepaliveIntervalMs'> {
  enablePassword?: string;
  loginTimeoutMs?: number;
}

/** Wide enough that IOS never wraps a flow-table line; IOS accepts widths up to 512. */
const TERMINAL = { term: 'vt100', cols: 512, rows: 24 } as const;

function openShell(client: Client): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.shell({ term: TERMINAL.term, cols: TERMINAL.cols, rows: TERMINAL.rows, width: 0, height: 0 }, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

export class RouterSession {
  private constructor(
    private readonly client: Client,
    private readonly cli: IosCli,
    readonly device: string,
    readonly hostKey: PresentedHostKey,
    readonly algorithms: NegotiatedAlgorithms,
    /** Banner and MOTD text seen at login. */
    readonly loginText: string,
    /** False when the device refused `terminal length 0` and the pager is answered instead. */
    readonly pagingDisabled: boolean,
  ) {}

  static async open(options: RouterSessionOptions): Promise<RouterSession> {
    const loginTimeoutMs = options.loginTimeoutMs ?? 20_000;
    const connection = await openSshConnection({ ...options, readyTimeoutMs: loginTimeoutMs });
    let cli: IosCli | null = null;
    try {
      const channel = await openShell(connection.client);
      cli = new IosCli(channel, options.device);
      const loginText = await cli.waitForLogin(loginTimeoutMs);
      if (options.enablePassword) await cli.enable(options.enablePassword, loginTimeoutMs);
      const terminalLength = await cli.run('terminal length 0', loginTimeoutMs);
      if (terminalLength.outcome === 'timeout' || terminalLength.outcome === 'connection-lost') {
        throw new AppError({ kind: 'no-prompt', device: options.device, lastOutput: terminalLength.raw });
      }
      return new RouterSession(connection.client, cli, options.device, connection.hostKey, connection.algorithms, loginText, terminalLength.outcome === 'ok');
    } catch (error) {
      cli?.close();
      connection.client.end();
      throw error;
    }
  }

  get prompt(): string | null {
    return this.cli.prompt?.text ?? null;
  }

  get privileged(): boolean {
    return this.cli.prompt?.mode === '#';
  }

  get isOpen(): boolean {
    return !this.cli.isClosed;
  }

  /** Runs a command; the outcome always carries the raw output, even on timeout or a dropped connection. */
  async run(command: string, timeoutMs: number, onProgress?: (receivedBytes: number) => void): Promise<CommandOutcome> {
    if (!this.isOpen) throw new AppError({ kind: 'not-connected', device: this.device });
    this.cli.onProgress = onProgress ?? null;
    try {
      const outcome = await this.cli.run(command, timeoutMs);
      // After a timeout the CLI is in an unknown state (maybe still printing): start over with a new session.
      if (outcome.outcome === 'timeout') this.close();
      return outcome;
    } finally {
      this.cli.onProgress = null;
    }
  }

  close(): void {
    this.cli.close();
    this.client.end();
  }
}
