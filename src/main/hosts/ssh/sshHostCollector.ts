// A Linux server or a Windows OpenSSH host reached over SSH: one connection, opened on first use (host key verified
// before any credential is sent), and each fixed command run on its own exec channel.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { AppError } from '../../../shared/errors';
import { hostAddressProblem } from '../../../shared/hostAddress';
import type { HostKeyVerdict } from '../../ssh/knownHosts';
import { openSshConnection, type PresentedHostKey, type SshConnection } from '../../ssh/sshConnection';
import type { Client } from '../../ssh/ssh2';
import type { HostTarget } from '../hostCollector';
import type { RecordSink } from '../hostRuns';
import { OsCommandCollector, type CommandRequest, type CommandRun } from '../os/osCommandCollector';
import type { HostCommand } from '../os/osCommands';
import { commandLine, commandWords } from './sshCommandLine';
import { execOverSsh, SshExecError } from './sshExec';

export interface SshHostDeps {
  /** Decides on the host key the server presents, before any credential is sent (known_hosts, or the analyst). */
  verifyHostKey: (key: PresentedHostKey) => Promise<HostKeyVerdict>;
  onRecord: RecordSink;
}

export class SshHostCollector extends OsCommandCollector {
  private connection: Promise<SshConnection> | null = null;
  private disposed = false;

  constructor(
    target: HostTarget,
    private readonly deps: SshHostDeps,
  ) {
    super(target, deps.onRecord);
  }

  /** How the host is named in connection errors: the address, with the port when it is not 22. */
  get device(): string {
    return this.target.port === 22 ? this.target.address : this.addressWithPort();
  }

  protected async runCommand(command: HostCommand, request: CommandRequest): Promise<CommandRun> {
    const words = commandWords(command, this.target.os);
    const line = commandLine(words, this.target.os);
    if (request.signal?.aborted) throw new AppError({ kind: 'host-command-cancelled', host: this.target.address, tool: command.tool });
    const connection = await this.connected(command, request);
    try {
      const outcome = await execOverSsh(connection.client, line, request);
      return { outcome, toolPath: this.sshTarget(), toolVersion: serverSoftware(connection.client), argv: words };
    } catch (error) {
      if (error instanceof SshExecError) {
        throw new AppError({ kind: 'host-tool-failed', host: this.target.address, tool: command.tool, reason: 'connect-failed', detail: `the server did not open a channel for the command (${error.message})`, exitCode: null });
      }
      throw error;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const pending = this.connection;
    this.connection = null;
    const connection = await pending?.catch(() => null);
    connection?.client.end();
  }

  /** "user@host:port", the evidence's toolPath for every command run over this connection. */
  private sshTarget(): string {
    return `${this.username()}@${this.addressWithPort()}`;
  }

  /** "10.0.0.5:22", "[fe80::1]:2222". */
  private addressWithPort(): string {
    const { address, port } = this.target;
    return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
  }

  private username(): string {
    // Like `ssh host`: without a user name, the local one.
    return this.target.username || userInfo().username;
  }

  /** The open connection, opening it on first use; a cancel while connecting rejects at once (the attempt goes on). */
  private async connected(command: HostCommand, request: CommandRequest): Promise<SshConnection> {
    if (this.disposed) throw new AppError({ kind: 'not-connected', device: this.device });
    if (this.connection === null) {
      const attempt = this.open(request.timeoutMs);
      this.connection = attempt;
      attempt.then(
        (connection) => connection.client.once('close', () => this.forget(attempt)),
        () => this.forget(attempt),
      );
    }
    const connection = this.connection;
    const signal = request.signal;
    if (!signal) return connection;
    return new Promise<SshConnection>((resolve, reject) => {
      const onAbort = () => reject(new AppError({ kind: 'host-command-cancelled', host: this.target.address, tool: command.tool }));
      signal.addEventListener('abort', onAbort, { once: true });
      connection.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private forget(attempt: Promise<SshConnection>): void {
    if (this.connection === attempt) this.connection = null;
  }

  private async open(timeoutMs: number): Promise<SshConnection> {
    const { address, port, password, passphrase } = this.target;
    const problem = hostAddressProblem(address);
    if (problem !== null) throw new AppError({ kind: 'invalid-host', host: address, reason: problem });
    const key = await this.privateKey();
    if (key === null && password === null) throw new AppError({ kind: 'missing-secret', device: this.device, secret: 'password' });
    const connection = await openSshConnection({
      device: this.device,
      host: address,
      port,
      username: this.username(),
      ...(key !== null
        ? { auth: 'private-key' as const, privateKey: key, ...(this.target.privateKeyPath ? { privateKeyPath: this.target.privateKeyPath } : {}), ...(passphrase ? { passphrase } : {}) }
        : { auth: 'password' as const, password: password ?? '' }),
      legacyAlgorithms: false,
      verifyHostKey: this.deps.verifyHostKey,
      readyTimeoutMs: timeoutMs,
    });
    if (this.disposed) {
      connection.client.end();
      throw new AppError({ kind: 'not-connected', device: this.device });
    }
    return connection;
  }

  /** The key given, else the key file named by the target; null for password login. */
  private async privateKey(): Promise<Buffer | null> {
    const { privateKey, privateKeyPath } = this.target;
    if (privateKey !== null) return privateKey;
    if (privateKeyPath === null) return null;
    try {
      return await readFile(privateKeyPath);
    } catch (error) {
      throw new AppError({ kind: 'private-key-unreadable', device: this.device, path: privateKeyPath, detail: (error as Error).message });
    }
  }
}

/**
 * The server's software from its identification string ("OpenSSH_9.2p1" of "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"),
 * the toolVersion of every run. ssh2 keeps it on the client without a public accessor.
 */
function serverSoftware(client: Client): string | null {
  const software = (client as unknown as { _remoteVer?: unknown })._remoteVer;
  return typeof software === 'string' && software !== '' ? software : null;
}
