// The rows of a socket sweep, one shape for the command line and the window: one per socket found, or one saying
// why a host has none — no such socket, an error, no answer in time, or a cancel.
import type { SocketMatch, SocketProtocol } from './socketQuery';

export type SocketSweepStatus = 'found' | 'none' | 'error' | 'timeout' | 'cancelled';

export interface SocketSweepRecord {
  /** As listed in the sweep. */
  host: string;
  status: SocketSweepStatus;
  protocol: SocketProtocol | null;
  localAddr: string | null;
  localPort: number | null;
  remoteAddr: string | null;
  remotePort: number | null;
  state: string | null;
  pid: number | null;
  processName: string | null;
  /** The analyst's sentence for a host that failed; on a found socket, why its process could not be named; else null. */
  error: string | null;
}

const NO_SOCKET = { protocol: null, localAddr: null, localPort: null, remoteAddr: null, remotePort: null, state: null, pid: null, processName: null } as const;

/** One record per socket found; `namingProblem` is why the processes could not be listed to name them, if so. */
export function foundRecords(host: string, sockets: readonly SocketMatch[], namingProblem: string | null): SocketSweepRecord[] {
  if (sockets.length === 0) return [{ host, status: 'none', ...NO_SOCKET, error: null }];
  return sockets.map((socket) => ({ host, status: 'found', ...socket, error: namingProblem }));
}

/** The one record of a host that gave no answer: `sentence` says why. */
export function failedRecord(host: string, status: 'error' | 'timeout' | 'cancelled', sentence: string): SocketSweepRecord {
  return { host, status, ...NO_SOCKET, error: sentence };
}

/** A host the sweep gave up on after `timeoutMs` (its tool runs are stopped). */
export function sweepTimeoutSentence(host: string, timeoutMs: number, attempts: number): string {
  return `${host} gave no answer within ${timeoutMs / 1000} s${attempts > 1 ? ` in ${attempts} attempts` : ''}; its tool runs were stopped.`;
}

/** A host the sweep was cancelled before or during. */
export function sweepCancelledSentence(host: string, started: boolean): string {
  return started ? `The sweep was cancelled while ${host} was being swept; its tool runs were stopped.` : `The sweep was cancelled before ${host} was reached.`;
}
