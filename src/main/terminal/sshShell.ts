// A router's interactive SSH shell for the terminal: the connection opened by the one connection function every router
// session uses (credentials, host-key verification, legacy algorithms and DH groups), then a pty-backed shell channel.
import { openSshConnection, type SshConnectOptions } from '../ssh/sshConnection';
import type { ClientChannel } from '../ssh/ssh2';
import { AppError } from '../../shared/errors';
import type { TerminalTransport, TransportExit } from './terminalTransport';

export interface SshShell extends TerminalTransport {
  readonly hostKeyFingerprint: string;
}

/** The terminal type announced to the router: xterm.js speaks xterm, and IOS treats any name alike. */
const TERM = 'xterm-256color';

export async function openSshShell(options: SshConnectOptions, size: { cols: number; rows: number }): Promise<SshShell> {
  const connection = await openSshConnection({ ...options, readyTimeoutMs: 20_000 });
  const { client } = connection;
  let channel: ClientChannel;
  try {
    channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.shell({ term: TERM, cols: size.cols, rows: size.rows, width: 0, height: 0 }, (error, opened) => (error ? reject(error) : resolve(opened)));
    });
  } catch (error) {
    client.end();
    throw new AppError({ kind: 'connect-failed', device: options.device, detail: `the router refused an interactive shell (${(error as Error).message})` });
  }

  let exitListener: ((exit: TransportExit) => void) | null = null;
  let ended = false;
  let exitCode: number | null = null;
  let signal: string | null = null;
  const end = (exit: TransportExit) => {
    if (ended) return;
    ended = true;
    client.end();
    exitListener?.(exit);
  };
  channel.on('exit', (code: number | null, signalName?: string) => {
    exitCode = typeof code === 'number' ? code : null;
    signal = signalName ?? null;
  });
  // The shell's end (exit, logout) closes the channel; the connection dropping closes the client first.
  channel.on('close', () => end({ reason: 'exited', exitCode, signal, detail: null }));
  client.on('close', () => end({ reason: 'connection-lost', exitCode: null, signal: null, detail: 'the connection closed' }));
  client.on('error', (error: Error) => end({ reason: 'connection-lost', exitCode: null, signal: null, detail: error.message }));

  return {
    tool: 'ssh',
    toolVersion: null,
    argv: null,
    title: `ssh ${options.username}@${options.host}:${options.port}`,
    hostKeyFingerprint: connection.hostKey.fingerprint,
    write: (data) => {
      if (!ended) channel.write(data);
    },
    resize: (cols, rows) => {
      if (!ended) channel.setWindow(rows, cols, 0, 0);
    },
    close: () => {
      if (ended) return;
      ended = true;
      channel.end();
      client.end();
    },
    onData: (listener) => {
      channel.on('data', listener);
      channel.stderr.on('data', listener);
    },
    onExit: (listener) => {
      exitListener = listener;
    },
  };
}
