// What main and the tool launcher (toolLauncherProcess.ts) say to each other over the launcher's IPC channel.
import type { ToolRunOutcome, ToolRunRequest } from './toolRunner';

/** A run as it crosses the channel: the request without what cannot (its signal and output callback). */
export type LaunchRequest = Pick<ToolRunRequest, 'executable' | 'args' | 'timeoutMs' | 'env' | 'encoding'>;

/**
 * What changed in main's environment since the last run: the launcher keeps main's environment as of the last
 * message and gives it to every tool that brings none of its own (sending the whole of it per run would cost more
 * than the rest of the message).
 */
export interface EnvironmentChanges {
  set: Record<string, string>;
  unset: string[];
}

export type ToLauncher = { type: 'run'; id: number; request: LaunchRequest; environment?: EnvironmentChanges } | { type: 'stop'; id: number };

export type FromLauncher =
  | { type: 'output'; id: number; received: number }
  | { type: 'done'; id: number; outcome: ToolRunOutcome }
  | { type: 'failed'; id: number; executable: string; code: string; message: string };
