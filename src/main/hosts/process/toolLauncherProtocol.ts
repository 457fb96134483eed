// What main and the tool launcher (toolLauncherProcess.ts) say to each other over the launcher's IPC channel.
import type { ToolRunOutcome, ToolRunRequest } from './toolRunner';

/** A run as it crosses the channel: the request without what cannot (its signal and output callback). */
export type LaunchRequest = Pick<ToolRunRequest, 'executable' | 'args' | 'timeoutMs' | 'env' | 'encoding'>;

export type ToLauncher = { type: 'run'; id: number; request: LaunchRequest } | { type: 'stop'; id: number };

export type FromLauncher =
  | { type: 'output'; id: number; received: number }
  | { type: 'done'; id: number; outcome: ToolRunOutcome }
  | { type: 'failed'; id: number; executable: string; code: string; message: string };
