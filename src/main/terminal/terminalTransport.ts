// What a terminal session needs of whatever carries it (an SSH channel, a pty): bytes both ways, a size, and an end.
import type { TerminalEndReason } from '../../shared/terminal/terminalTypes';

export interface TransportExit {
  reason: Extract<TerminalEndReason, 'exited' | 'connection-lost'>;
  exitCode: number | null;
  signal: string | null;
  /** What ended it, in words, when the transport knows more than its reason. */
  detail: string | null;
}

export interface TerminalTransport {
  /** 'ssh' or 'node-pty', as the case names the tool. */
  readonly tool: string;
  readonly toolVersion: string | null;
  /** The local shell's argv; null for SSH. */
  readonly argv: string[] | null;
  /** What runs, for the window's tab: "ssh netops@127.0.0.1:2222", "/bin/bash". */
  readonly title: string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Ends the session from this side; onExit is not called for it. */
  close(): void;
  onData(listener: (chunk: Buffer | string) => void): void;
  /** The other side ended: called once. */
  onExit(listener: (exit: TransportExit) => void): void;
}
